"""SRT subtitle pairs: a French and an English .srt, cues paired by index and time.

When both files have the same cue numbering and every pair overlaps in time,
cues pair one to one. Otherwise cues are paired by time: each French cue goes
with the English cue it overlaps most, walking both files in time order; a
cue with no counterpart becomes a segment with an empty side and alignment
"1-0" or "0-1" (reported as an omission or addition by D101 / D102). Ids are
the French cue number ("en-N" for an English cue with no French one); `meta`
has both cue numbers and the times, for a writer.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Iterator, Sequence

from ..types import Segment
from .errors import InputError
from .units import eager
from .text import read_text
from .writing import Rendered, Unit, UnitChange, find_units, read_original

_ARROW = re.compile(r"^\s*\d[\d:,.]*\s*-->", re.M)


def _cues(path: str, encoding: str) -> list:
    return _parse_cues(read_text(path, encoding), path)


def _parse_cues(text: str, path: str) -> list:
    """The cues of an SRT text, each with the line of its timing line, for the
    reader and the writer (which finds its units by the same cue numbers);
    malformed text, a cue without timing and a repeated cue number refused."""
    import srt

    if not text.strip():
        raise InputError(path, None, "empty input: no subtitle cue")
    try:
        cues = list(srt.parse(text))
    except srt.SRTParseError as exc:
        line = text.count("\n", 0, exc.actual_start) + 1
        raise InputError(path, line, "malformed SRT: expected a cue (index, 'start --> end', text)") from None
    except (ValueError, TypeError) as exc:
        raise InputError(path, None, f"malformed SRT: {exc}") from None
    if not cues:
        raise InputError(path, None, "empty input: no subtitle cue")
    # Line of each cue: its timing line is the nth arrow line; the index is just above.
    lines = [text.count("\n", 0, m.start()) for m in _ARROW.finditer(text)]
    seen: dict[int, int] = {}
    for i, cue in enumerate(cues):
        cue.line = lines[i] if i < len(lines) else None  # type: ignore[attr-defined]
        content_lines = cue.content.split("\n")
        blank = next((k for k, ln in enumerate(content_lines) if not ln.strip()), None)
        if blank is not None:
            # srt keeps a block it cannot read inside the previous cue's text.
            where = cue.line + 2 + blank + 1 if cue.line else None
            raise InputError(path, where, "malformed SRT: a cue without a valid 'start --> end' timing line")
        if cue.index in seen:
            raise InputError(path, cue.line, f"duplicate cue number {cue.index} (first at line {seen[cue.index]})")
        seen[cue.index] = cue.line
    return cues


def _overlap(a, b) -> float:
    return (min(a.end, b.end) - max(a.start, b.start)) / timedelta(seconds=1)


def cue_id(number: int) -> str:
    """The unit id of cue `number`: a segment's id is its French cue's, and the
    writer finds the English cue a segment's target came from (`target_cue`)
    by the same function."""
    return str(number)


def _written_id(seg: Segment) -> str | None:
    """The id of the English cue (in the file the writer rewrites) a segment's target came from."""
    number = (seg.meta or {}).get("target_cue")
    return cue_id(number) if number is not None else None


def _text(cue) -> str:
    return " ".join(cue.content.split())


@eager
def read_srt(source: str, target: str, *, encoding: str = "utf-8") -> Iterator[Segment]:
    import srt

    from .text import split_encoding

    src_enc, tgt_enc = split_encoding(encoding)
    fr = _cues(source, src_enc)
    en = _cues(target, tgt_enc)
    pairs: list[tuple[object, object]] = []
    if len(fr) == len(en) and all(a.index == b.index and _overlap(a, b) > 0 for a, b in zip(fr, en)):
        pairs = list(zip(fr, en))
    else:
        frs = sorted(fr, key=lambda c: (c.start, c.index))
        ens = sorted(en, key=lambda c: (c.start, c.index))
        i = j = 0
        while i < len(frs) or j < len(ens):
            if i == len(frs):
                pairs.append((None, ens[j])); j += 1
            elif j == len(ens):
                pairs.append((frs[i], None)); i += 1
            elif _overlap(frs[i], ens[j]) > 0:
                pairs.append((frs[i], ens[j])); i += 1; j += 1
            elif frs[i].end <= ens[j].start:
                pairs.append((frs[i], None)); i += 1
            else:
                pairs.append((None, ens[j])); j += 1
    for a, b in pairs:
        link = "1-1" if a is not None and b is not None else ("1-0" if b is None else "0-1")
        seg_id = cue_id(a.index) if a is not None else f"en-{b.index}"
        conf = None
        if link == "1-1":
            span = (max(a.end, b.end) - min(a.start, b.start)) / timedelta(seconds=1)
            conf = round(max(0.0, _overlap(a, b)) / span, 3) if span > 0 else 1.0
        meta = {
            "format": "srt",
            "source_cue": a.index if a is not None else None,
            "target_cue": b.index if b is not None else None,
            "start": srt.timedelta_to_srt_timestamp((a or b).start),
            "end": srt.timedelta_to_srt_timestamp((a or b).end),
            "alignment": {"link": link, "confidence": conf},
        }
        place = f"{target}:{b.line}" if b is not None else f"{source}:{a.line}"
        yield Segment(
            id=seg_id, source=_text(a) if a is not None else "", target=_text(b) if b is not None else "",
            place=place, meta=meta,
        )


# ---------------------------------------------------------------- the writer


def write_srt(path: str, segments: Sequence[Segment], changes: Sequence[UnitChange], encoding: str) -> Rendered:
    """The English file of an SRT pair: a cue's text lines, whitespace kept where
    the words around it are unchanged."""
    text, bom, _ = read_original(path, encoding)
    cues = _parse_cues(text, path)
    starts = [m.start() for m in _ARROW.finditer(text)]
    units = [Unit(cue_id(c.index), _text(c), k) for k, c in enumerate(cues)]
    where = find_units(units, segments, changes, path, written_id=_written_id)
    spans: list[tuple[int, int, str]] = []
    for c in changes:
        k = units[where[c.index]].ref
        cue = cues[k]
        if k >= len(starts):
            raise InputError(path, None, f"cannot find cue {cue.index} again")
        at = text.find(cue.content, text.find("\n", starts[k]) + 1)
        if at < 0:
            raise InputError(path, text.count("\n", 0, starts[k]) + 1, f"cannot find the text of cue {cue.index}")
        spans.append((at, at + len(cue.content), _rewrap(cue.content, c.target)))
    out = text
    for a, b, new in sorted(spans, reverse=True):
        out = out[:a] + new + out[b:]
    return Rendered(path, text, out, bom, encoding)


def _rewrap(content: str, new: str) -> str:
    """`new` (single-spaced) with the line breaks of `content` kept between the
    same words where possible."""
    import difflib

    old = " ".join(content.split())
    if "\n" not in content.strip():
        return new
    breaks = []  # positions in `old` of spaces that were line breaks
    pos = 0
    for word_sep in re.finditer(r"\S+(\s*)", content.strip()):
        pos += len(word_sep.group().strip())
        if "\n" in word_sep.group(1):
            breaks.append(pos)
        if word_sep.group(1):
            pos += 1
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    chars = list(new)
    for b in breaks:
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" and i1 <= b < i2:
                j = j1 + (b - i1)
                if chars[j] == " ":
                    chars[j] = "\n"
                break
    return "".join(chars)
