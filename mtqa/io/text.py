"""Decoding helpers shared by readers: strict UTF-8 (BOM allowed) with exact places."""

from __future__ import annotations

import codecs
import io
import os
from typing import BinaryIO, Iterator, Sequence, Union

from .errors import InputError

# An encoding for both files, or (source encoding, target encoding).
Encoding = Union[str, Sequence[str]]

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
)


def split_encoding(encoding: Encoding) -> tuple[str, str]:
    """(source encoding, target encoding) from one name or a pair."""
    if isinstance(encoding, str):
        return encoding, encoding
    src, tgt = tuple(encoding)
    return src, tgt


def _is_wide(encoding: str) -> bool:
    """UTF-16/32: not ASCII-compatible, so lines cannot be split as bytes."""
    name = encoding.replace("-", "").replace("_", "").lower()
    return name.startswith(("utf16", "utf32", "ucs2", "ucs4", "u16", "u32"))


def sniff_wide(head: bytes, path: str, encoding: str, flag: str = "--encoding") -> None:
    """Refuse UTF-16/32 text read as an ASCII-compatible encoding, naming the
    file and the option to pass (never "misaligned files" or mojibake)."""
    if _is_wide(encoding):
        return
    kind = next((name for bom, name in _BOMS if head.startswith(bom)), None)
    if kind is None and len(head) >= 4 and head.count(0) * 4 >= len(head):
        # No BOM, but NUL bytes in every other (or every fourth) byte.
        kind = "UTF-32" if head.count(0) * 4 >= len(head) * 3 else "UTF-16"
        if not (head[1::2].count(0) * 2 >= len(head) // 2 or head[0::2].count(0) * 2 >= len(head) // 2):
            kind = None
    if kind is not None:
        raise InputError(path, None, f"{kind} text; convert to UTF-8 or pass {flag} {kind.lower()}")


def read_head(path: str) -> bytes:
    if path == STDIN:
        import sys

        buf = sys.stdin.buffer
        return buf.peek(64)[:64] if hasattr(buf, "peek") else b""
    try:
        with open(path, "rb") as fh:
            return fh.read(64)
    except OSError:
        return b""  # open_binary reports it

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
    if _is_wide(encoding):
        yield from _iter_wide_lines(path, encoding)
        return
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


def _iter_wide_lines(path: str, encoding: str) -> Iterator[tuple[int, str]]:
    """iter_lines for UTF-16/32: decode incrementally, then split on "\n"."""
    fh = open_binary(path)
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        raise InputError(path, None, f"unknown encoding {encoding!r}") from None
    try:
        lineno = 0
        pending = ""
        first = True
        while True:
            chunk = fh.read(1 << 16)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"{lineno + pending.count(chr(10)) + 1}",
                                 f"invalid {encoding} data: {exc.reason}") from None
            if first and text:
                first = False
                if text.startswith("\ufeff"):
                    text = text[1:]
            pending += text
            *lines, pending = pending.split("\n")
            for line in lines:
                lineno += 1
                if len(line) > MAX_LINE_BYTES:
                    raise InputError(path, lineno, f"line longer than {MAX_LINE_BYTES // (1024 * 1024)} MB")
                yield lineno, line[:-1] if line.endswith("\r") else line
            if len(pending) > MAX_LINE_BYTES:
                raise InputError(path, lineno + 1, f"line longer than {MAX_LINE_BYTES // (1024 * 1024)} MB")
            if not chunk:
                break
        if pending:
            yield lineno + 1, pending[:-1] if pending.endswith("\r") else pending
    finally:
        if path != STDIN:
            fh.close()


def count_lines(path: str, encoding: str = "utf-8") -> int:
    """Lines as iter_lines counts them (a last line without newline counts)."""
    if path == STDIN:
        raise ValueError("cannot pre-count standard input")
    if _is_wide(encoding):
        return sum(1 for _ in _iter_wide_lines(path, encoding))
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


def decode_strict(raw: bytes, path: str, encoding: str = "utf-8", flag: str = "--encoding") -> str:
    """Whole-file strict decoding (a UTF-8 BOM dropped) with the error's line:column."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    sniff_wide(raw[:64], path, encoding, flag)
    try:
        if _is_wide(encoding):
            text = raw.decode(encoding)
            return text[1:] if text.startswith("\ufeff") else text
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


def read_text(path: str, encoding: str = "utf-8", flag: str = "--encoding") -> str:
    """A whole (small) file as text, decoding strictly with the same error places."""
    fh = open_binary(path)
    try:
        raw = fh.read()
    finally:
        if path != STDIN:
            fh.close()
    return decode_strict(raw, path, encoding, flag)
