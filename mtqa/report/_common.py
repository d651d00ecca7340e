"""Helpers the CI formatters share: where a finding is, escaping, spooling."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from typing import Any, Mapping, TextIO

from ..types import Finding, SegmentResult

_LINE = re.compile(r"^(.*):(\d+)$")
# Characters XML 1.0 cannot carry at all (even escaped).
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Location:
    """A finding's place in a file: path relative to the working folder, 1-based
    line and columns (columns only where the line holds exactly the text)."""

    path: str | None
    line: int | None
    column: int | None = None
    end_column: int | None = None


def relative(path: str) -> str:
    """`path` relative to the working folder when it lies inside it, with /."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = path
    if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
        rel = path
    return rel.replace(os.sep, "/")


def split_place(place: str | None) -> tuple[str | None, int | None]:
    """"file:12" -> ("file", 12); the last ":N" is the line."""
    if not place:
        return None, None
    m = _LINE.match(place)
    if m and m.group(1):
        return m.group(1), int(m.group(2))
    return place, None


def file_position(result: SegmentResult, finding: Finding | None, inputs: Mapping[str, Any]
                  ) -> tuple[str | None, int | None, int | None, int | None]:
    """(path, line, column, end column) of a finding in the file its side's
    text comes from, paths as given. Columns only where they are exact: a
    line-aligned pair (the line is the text), or a reader that recorded where
    the text lies (`meta["origin"]`: documents); otherwise the unit's line."""
    seg = result.segment
    origin = (seg.meta or {}).get("origin") if seg.meta else None
    side = finding.side if finding is not None else "target"
    if origin and origin.get(side) and origin[side][1]:
        path, anchors = origin[side]
        start = finding.start if finding is not None and finding.start is not None else 0
        line, col = _at(anchors, start)
        end_col = None
        if finding is not None and finding.start is not None and finding.end is not None:
            end_line, last = _at(anchors, max(finding.start, finding.end - 1))
            end_col = last + 1 if end_line == line else None
            return str(path), line, col, end_col if end_col is not None else col + 1
        return str(path), line, None, None
    path, line = split_place(seg.place)
    if path is None:
        fallback = inputs.get("target") or inputs.get("source")
        return (str(fallback) if fallback else None), None, None, None
    target_file = inputs.get("target")
    # Two-file formats (SRT, feeds) also name TARGET, but their units are not lines.
    line_aligned = (target_file is not None and os.path.normpath(path) == os.path.normpath(str(target_file))
                    and not (seg.meta or {}).get("format"))
    if not line_aligned or line is None or finding is None:
        return path, line, None, None
    if finding.side == "source":
        source_file = inputs.get("source")
        if not source_file:
            return path, line, None, None
        path = str(source_file)
    if finding.start is None or finding.end is None:
        return path, line, None, None
    return path, line, finding.start + 1, finding.end + 1


def _at(anchors: Any, offset: int) -> tuple[int, int]:
    """(line, column) of a text offset from [offset, line, column] anchors."""
    import bisect

    i = max(0, bisect.bisect_right([a[0] for a in anchors], offset) - 1)
    off, line, col = anchors[i]
    return int(line), int(col) + (offset - int(off))


def locate(result: SegmentResult, finding: Finding | None, inputs: Mapping[str, Any]) -> Location:
    """Where to point a CI annotation for a finding (or for the segment).

    For line-aligned input (the place is the TARGET file itself) the line is
    the segment text, so code-point columns are exact; a source-side finding
    points at the same line of the SOURCE file. Documents record where each
    sentence lies, so their columns are exact too. For other readers the
    place names the unit's line in the bilingual file and no columns are given.
    """
    path, line, col, end_col = file_position(result, finding, inputs)
    return Location(relative(path) if path else None, line, col, end_col)


def xml_text(text: str) -> str:
    """Text safe inside XML 1.0: markup escaped, forbidden control characters
    replaced by U+FFFD (XML has no escape for them)."""
    text = _XML_BAD.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    return (
        xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    )


def spool() -> TextIO:
    """A text buffer that moves to a temporary file when it grows, for formats
    whose header needs totals known only at the end."""
    return tempfile.SpooledTemporaryFile(max_size=4 << 20, mode="w+", encoding="utf-8", newline="\n")


def copy_spool(buf: TextIO, out: TextIO) -> None:
    buf.seek(0)
    while True:
        block = buf.read(1 << 16)
        if not block:
            break
        out.write(block)
    buf.close()


def span_text(result: SegmentResult, finding: Finding) -> str:
    if finding.start is None or finding.end is None:
        return ""
    text = result.segment.target if finding.side == "target" else result.segment.source
    return text[finding.start:finding.end]


def tool_version() -> str:
    from .. import __version__

    return __version__
