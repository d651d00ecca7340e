"""The input formats: one `Format` entry each, in one table.

A format is read by one function and, where `mtqa fix` can write it back,
written by one (both live in the format's module, beside the unit-id
function they share). Everything else that names formats — the extension
map, which formats take two files, the reader and writer tables, the
names in error messages — is derived from `FORMATS`, so adding a format is
one module and one entry here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from ..types import Segment
from .delimited import read_csv, read_tsv, write_csv, write_tsv
from .documents import read_documents
from .feeds import read_feeds
from .jsonl import read_jsonl, write_jsonl
from .pair import read_pair, write_text
from .po import read_po, write_po
from .srt import read_srt, write_srt
from .tmx import read_tmx, write_tmx
from .writing import Rendered
from .xliff import read_xliff, write_xliff

# Readers import their parsing libraries (lxml, polib, srt, feedparser) on
# first use, so importing this table costs only the modules themselves.


@dataclass(frozen=True)
class Format:
    name: str
    reader: Callable[..., Iterator[Segment]]
    # (path, segments, changes, encoding) -> Rendered; None: `mtqa fix` cannot write it back.
    writer: Optional[Callable[..., Rendered]] = None
    extensions: tuple[str, ...] = ()
    # SOURCE and TARGET files (the French and the English side) rather than one bilingual file.
    two_file: bool = False
    # The reader aligns sentences and takes `models=` / `encoder=` (the sentence encoder).
    aligns: bool = False
    # Other names `--input-format` accepts for it.
    aliases: tuple[str, ...] = ()


# The line-aligned pair is the format of SOURCE TARGET [--ref REF] without
# --input-format; its reader also takes the reference and --doc-ids.
PAIR = Format("pair", read_pair, write_text, two_file=True, aliases=("text",))

FORMATS: dict[str, Format] = {f.name: f for f in (
    PAIR,
    Format("jsonl", read_jsonl, write_jsonl, (".jsonl", ".ndjson")),
    Format("tsv", read_tsv, write_tsv, (".tsv", ".tab")),
    Format("csv", read_csv, write_csv, (".csv",)),
    Format("xliff", read_xliff, write_xliff, (".xlf", ".xliff", ".xlf2")),
    Format("tmx", read_tmx, write_tmx, (".tmx",)),
    Format("po", read_po, write_po, (".po", ".pot")),
    Format("srt", read_srt, write_srt, (".srt",), two_file=True),
    Format("documents", read_documents, two_file=True, aligns=True),
    Format("feed", read_feeds, None, (".rss", ".atom"), two_file=True, aligns=True),
)}


def lookup(name: str | None) -> Format | None:
    """The format `--input-format NAME` names (aliases included), or None."""
    if name is None:
        return None
    if name in FORMATS:
        return FORMATS[name]
    return next((f for f in FORMATS.values() if name in f.aliases), None)


def by_extension(path: str) -> Format | None:
    """The format a file's extension names (case-insensitive), or None."""
    ext = os.path.splitext(path)[1].lower()
    return next((f for f in FORMATS.values() if ext and ext in f.extensions), None)


# Views of the table, for the callers that index formats by name.
# Readers called as reader(PATH) or reader(SOURCE, TARGET): every format but
# the line-aligned pair (whose reader also takes a reference).
READERS: dict[str, Callable[..., Iterator[Segment]]] = {n: f.reader for n, f in FORMATS.items() if f is not PAIR}
# File extensions to format names, for `--input-format` auto-detection.
EXTENSIONS: dict[str, str] = {ext: f.name for f in FORMATS.values() for ext in f.extensions}
# Formats (of READERS) whose reader takes two files (SOURCE TARGET).
TWO_FILE: set[str] = {n for n, f in FORMATS.items() if f.two_file and f is not PAIR}
# Writers by format name and alias ("text" is the pair).
WRITERS: dict[str, Callable[..., Rendered]] = {
    name: f.writer for f in FORMATS.values() if f.writer is not None for name in (f.name, *f.aliases)}

__all__ = ["Format", "FORMATS", "PAIR", "lookup", "by_extension", "READERS", "EXTENSIONS", "TWO_FILE", "WRITERS"]
