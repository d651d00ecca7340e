"""What the writers share: a change, a rendered file, and finding units again.

Each writer re-reads the original file, walks its units with the format's own
unit-id function (the one its reader gave `Segment.id`), finds each changed
segment's unit by that id — checked against the original target text — and
changes only its target text, so that everything else — comments, notes,
flags, other columns, line endings, a BOM — stays as it was. A unit that
cannot be found again (the file changed since it was read), or a target that
cannot be written faithfully, is an `InputError` naming the file and the
place: nothing is written rather than a wrong file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..types import Segment
from .errors import InputError


@dataclass(frozen=True)
class UnitChange:
    """A corrected target for the segment at `index` of the reader's output."""

    index: int
    segment: Segment
    target: str
    # A reviewable fix was applied: mark the unit for review where the format can
    # (XLIFF state, PO fuzzy flag).
    review: bool = False


@dataclass(frozen=True)
class Rendered:
    path: str
    original: str
    text: str
    bom: bool
    encoding: str

    @property
    def changed(self) -> bool:
        return self.original != self.text

    def encode(self) -> bytes:
        data = self.text.encode(self.encoding)
        return (codecs.BOM_UTF8 + data) if self.bom else data


@dataclass
class Unit:
    """A unit of the original file as a writer sees it: the id the format's
    unit-id function gives it, its target text, and what the writer needs to
    change it."""

    id: str
    target: str
    ref: Any  # whatever the writer needs to change it


def read_original(path: str, encoding: str) -> tuple[str, bool, bytes]:
    """The whole file, decoded strictly: (text, had a UTF-8 BOM, raw bytes)."""
    from .text import read_text

    if path == "-":
        raise InputError(path, None, "cannot write corrections back to standard input; give a file")
    text = read_text(path, encoding)
    with open(path, "rb") as fh:
        raw = fh.read()
    return text, raw.startswith(codecs.BOM_UTF8), raw


def split_lines(text: str) -> list[str]:
    """Lines with their endings; only "\\n" ends a line (as the readers count)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def line_body(line: str) -> tuple[str, str]:
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith("\n"):
        return line[:-1], "\n"
    return line, ""


def find_units(units: Sequence[Unit], segments: Sequence[Segment], changes: Sequence[UnitChange],
               path: str, written_id: Callable[[Segment], str | None] = lambda seg: seg.id) -> dict[int, int]:
    """Unit index for each changed segment index: the one unit with the id the
    reader gave the segment (`written_id`: the id of the unit in the written
    file, when a two-file format's segment id names the other file's unit)
    whose target is still the segment's original target."""
    by_id: dict[str, list[int]] = {}
    for k, u in enumerate(units):
        by_id.setdefault(u.id, []).append(k)
    out: dict[int, int] = {}
    used: set[int] = set()
    for i in sorted({c.index for c in changes}):
        seg = segments[i]
        uid = written_id(seg)
        hits = [k for k in by_id.get(uid, []) if units[k].target == seg.target and k not in used] if uid else []
        if len(hits) != 1:
            raise InputError(path, unit_place(seg), "cannot find this unit again in the file to write the fix back")
        out[i] = hits[0]
        used.add(hits[0])
    return out


def unit_place(seg: Segment) -> str | None:
    place = seg.place or ""
    m = re.search(r":(\d+(?::\d+)?)$", place)
    return m.group(1) if m else f"unit {seg.id}"
