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
# Readers that take two files (SOURCE TARGET) rather than one bilingual file.
TWO_FILE: set[str] = set()


def _register() -> None:
    """The bilingual formats (issue 6). Readers import their libraries lazily."""
    from .delimited import read_csv, read_tsv
    from .documents import read_documents
    from .feeds import read_feeds
    from .jsonl import read_jsonl
    from .po import read_po
    from .srt import read_srt
    from .tmx import read_tmx
    from .xliff import read_xliff

    READERS.update({
        "jsonl": read_jsonl, "tsv": read_tsv, "csv": read_csv, "xliff": read_xliff, "tmx": read_tmx,
        "po": read_po, "srt": read_srt, "documents": read_documents, "feed": read_feeds,
    })
    EXTENSIONS.update({
        ".jsonl": "jsonl", ".ndjson": "jsonl", ".tsv": "tsv", ".tab": "tsv", ".csv": "csv",
        ".xlf": "xliff", ".xliff": "xliff", ".xlf2": "xliff", ".tmx": "tmx", ".po": "po", ".pot": "po",
        ".srt": "srt", ".rss": "feed", ".atom": "feed",
    })
    TWO_FILE.update({"srt", "documents", "feed"})


_register()

__all__ = ["READERS", "EXTENSIONS", "TWO_FILE", "InputError", "read_pair"]
