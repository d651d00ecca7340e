"""Sentence splitting and alignment, for inputs that are not aligned by unit.

`split_sentences` cuts a French or English text into `Sentence`s (with where
each lies in the text); `align` links two sentence lists (1-1, 1-2, 2-1, 1-0,
0-1) on lengths or on embeddings; `alignment_encoder` is the shared sentence
encoder of `mtqa.models` (the one `--encoder` names), loaded only when asked.
The documents and feed readers (`mtqa.io.documents`, `mtqa.io.feeds`) use them.
"""

from __future__ import annotations

from .align import Link, align
from .encoder import alignment_encoder, encoder_available
from .sentences import Sentence, split_sentences

__all__ = ["Sentence", "split_sentences", "Link", "align", "alignment_encoder", "encoder_available"]
