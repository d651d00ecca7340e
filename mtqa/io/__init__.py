"""Input readers, by format name. A reader yields `Segment`s in input order."""

from __future__ import annotations

from typing import Callable, Iterator

from ..types import Segment
from .errors import InputError
from .pair import read_pair

# Single-file bilingual readers: (path, encoding) -> segments. Filled per format.
READERS: dict[str, Callable[..., Iterator[Segment]]] = {}
# File extensions to format names, for `--input-format` auto-detection.
EXTENSIONS: dict[str, str] = {}

__all__ = ["READERS", "EXTENSIONS", "InputError", "read_pair"]
