"""Which format a command's arguments name, and its segments: for `check` and `fix`.

`mtqa check` and `mtqa fix` take the same SOURCE [TARGET] [--ref] [--input-format]
arguments; both resolve them here, so the rules (two .srt files are an SRT pair,
two other files a line-aligned pair, one file a bilingual format by extension,
standard input by its first bytes) are written once.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Iterator

from ..errors import UsageError
from ..types import Segment
from .formats import EXTENSIONS, FORMATS, PAIR, READERS, TWO_FILE, by_extension
from .text import split_encoding


class FormatError(UsageError):
    """The arguments name no readable format, or one that does not fit them
    (two files for a bilingual format, --ref outside a pair): a usage error,
    printed as one line, exit 2."""


def format_name(source: str, target: str | None, input_format: str | None) -> str | None:
    """The format the arguments name, before standard input is looked at:
    "srt" for two .srt files, "pair" for any other two files without
    --input-format (or with pair/text), else --input-format as given, else
    the format of SOURCE's extension; None when nothing names one."""
    if target is not None and input_format is None and _is_srt(source) and _is_srt(target):
        return "srt"
    if target is not None and input_format in (None, *_names(PAIR)):
        return PAIR.name
    if input_format is not None:
        return input_format
    found = by_extension(source)
    return found.name if found is not None else None


def written_file(fmt: str | None, source: str, target: str | None) -> str:
    """The file whose translations a writer rewrites: TARGET for two-file
    formats (the English side), else the bilingual SOURCE file."""
    if target is not None and (fmt == PAIR.name or fmt in TWO_FILE):
        return target
    return source


def open_segments(
    source: str, target: str | None, reference: str | None, *, input_format: str | None, encoding: Any,
    models: bool = True, encoder: str | None = None, doc_ids: str | None = None,
    on_count: Callable[[int], None] | None = None,
) -> Iterator[Segment]:
    """Segments from a line-aligned pair, or from one bilingual file (or an SRT,
    documents or feed pair) by format. `encoding` is one name or (source,
    target); `models` / `encoder` are for the formats that align sentences;
    `on_count` hears a line-aligned pair's segment count when the reader
    has counted it (other formats learn theirs only by reading)."""
    fmt = format_name(source, target, input_format)
    if fmt == PAIR.name and target is not None:
        return PAIR.reader(source, target, reference, encoding=encoding, doc_ids=doc_ids,
                           on_count=on_count)
    if doc_ids is not None:
        raise FormatError("--doc-ids is for line-aligned SOURCE and TARGET files; "
                          "bilingual formats carry their own document ids")
    if target is None:  # one bilingual file: the source encoding (or --encoding) reads it
        encoding = split_encoding(encoding)[0]
    if fmt is None and source == "-":
        fmt = sniff_stdin()
    if fmt is None:
        ext = _extension(source)
        raise FormatError(
            f"{source}: cannot tell the format from the extension {ext or '(none)'!r}; "
            f"give TARGET for a line-aligned pair or --input-format ({', '.join(sorted(READERS)) or 'none'})"
        )
    found = FORMATS.get(fmt)
    if found is None or found is PAIR:
        # "pair"/"text" with one file is no reader either: a pair needs TARGET.
        raise FormatError(f"unknown input format {fmt!r}; known: {', '.join(sorted(READERS)) or 'pair'}")
    if reference is not None:
        raise FormatError(f"--ref is for line-aligned pairs; a {fmt} input carries its own references")
    kwargs: dict[str, Any] = {"encoding": encoding}
    if found.aligns:
        kwargs["models"] = models
        if encoder is not None:
            kwargs["encoder"] = encoder
    if found.two_file:
        if target is None:
            raise FormatError(f"--input-format {fmt} needs two files: the French SOURCE and the English TARGET")
        return found.reader(source, target, **kwargs)
    if target is not None:
        raise FormatError(f"{fmt} is a bilingual format: give one file, not SOURCE and TARGET")
    return found.reader(source, **kwargs)


def sniff_stdin() -> str | None:
    """The format of standard input from its first bytes, without consuming
    them: JSON lines ("{"), XLIFF or TMX (their root element); else None."""
    buf = sys.stdin.buffer
    head = b""
    if hasattr(buf, "peek"):
        head = buf.peek(4096)[:4096]
    elif getattr(buf, "seekable", lambda: False)():
        pos = buf.tell()
        head = buf.read(4096)
        buf.seek(pos)
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        return "jsonl"
    if text.startswith("<"):
        if "<xliff" in text:
            return "xliff"
        if "<tmx" in text:
            return "tmx"
    return None


def _names(fmt) -> tuple[str, ...]:
    return (fmt.name, *fmt.aliases)


def _extension(path: str) -> str:
    import os

    return os.path.splitext(path)[1].lower()


def _is_srt(path: str) -> bool:
    return EXTENSIONS.get(_extension(path)) == "srt"


__all__ = ["FormatError", "format_name", "written_file", "open_segments", "sniff_stdin"]
