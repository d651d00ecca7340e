"""Decoding helpers shared by readers: strict UTF-8 (BOM allowed) with exact places."""

from __future__ import annotations

import codecs
import io
import os
from typing import BinaryIO, Iterator

from .errors import InputError

STDIN = "-"
# One line longer than this is refused rather than risking unbounded memory
# and time in detectors; real segments are far shorter.
MAX_LINE_BYTES = 10 * 1024 * 1024


def open_binary(path: str) -> BinaryIO:
    if path == STDIN:
        import sys

        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(path, None, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, None, "is a directory, not a file") from None
    except PermissionError:
        raise InputError(path, None, "permission denied") from None


def decode_line(raw: bytes, path: str, lineno: int, encoding: str = "utf-8") -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        col = _column(raw, exc.start, encoding)
        raise InputError(
            path, f"{lineno}:{col}",
            f"invalid {encoding} byte 0x{raw[exc.start]:02x} (use --encoding if the file is not {encoding})",
        ) from None
    except LookupError:
        raise InputError(path, None, f"unknown encoding {encoding!r}") from None
    return text


def _column(raw: bytes, byte_offset: int, encoding: str) -> int:
    return len(raw[:byte_offset].decode(encoding, errors="replace")) + 1


def iter_lines(path: str, encoding: str = "utf-8") -> Iterator[tuple[int, str]]:
    """(line number, text without its newline) for each line, streamed.

    Only "\\n" and "\\r\\n" end lines: a lone "\\r" inside a line is text (and a
    detector can flag it), so line numbers agree with `wc -l` and editors.
    """
    fh = open_binary(path)
    try:
        lineno = 0
        first = True
        while True:
            raw = fh.readline(MAX_LINE_BYTES + 1)
            if not raw:
                break
            lineno += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                raise InputError(path, lineno, f"line longer than {MAX_LINE_BYTES // (1024 * 1024)} MB")
            if raw.endswith(b"\n"):
                raw = raw[:-1]
                if raw.endswith(b"\r"):
                    raw = raw[:-1]
            if first:
                first = False
                if encoding.replace("-", "").lower() == "utf8" and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8):]
            yield lineno, decode_line(raw, path, lineno, encoding)
    finally:
        if path != STDIN:
            fh.close()


def count_lines(path: str) -> int:
    """Lines as iter_lines counts them (a last line without newline counts)."""
    if path == STDIN:
        raise ValueError("cannot pre-count standard input")
    n = 0
    last = b""
    with open_binary(path) as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            n += chunk.count(b"\n")
            last = chunk[-1:]
    if last and last != b"\n":
        n += 1
    return n


def is_regular_file(path: str) -> bool:
    return path != STDIN and os.path.isfile(path)


def decode_strict(raw: bytes, path: str, encoding: str = "utf-8") -> str:
    """Whole-file strict decoding (a UTF-8 BOM dropped) with the error's line:column."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = _column(raw[line_start:], exc.start - line_start, encoding)
        raise InputError(
            path, f"{line}:{col}",
            f"invalid {encoding} byte 0x{raw[exc.start]:02x} (use --encoding if the file is not {encoding})",
        ) from None
    except LookupError:
        raise InputError(path, None, f"unknown encoding {encoding!r}") from None


def read_text(path: str, encoding: str = "utf-8") -> str:
    """A whole (small) file as text, decoding strictly with the same error places."""
    fh = open_binary(path)
    try:
        raw = fh.read()
    finally:
        if path != STDIN:
            fh.close()
    return decode_strict(raw, path, encoding)
