"""Chunk-level gate scans for `Engine.plan`: which texts of a chunk a gate pattern may match.

A gate is a necessary condition: a detector runs on a segment only where its
gate patterns match. `Joined` searches a pattern over a chunk's texts joined
by "\\n" in a few C-level scans instead of one Python call per text.

Case-insensitive gates are the costly ones: Python's matcher folds the case of
every character it tries, and an IGNORECASE alternation of words scans some
ten times slower than the same alternation, case-sensitive, over the
lowercased text. `lowercase_gate` makes that case-sensitive twin where the two
provably agree, and `Joined.scan` then runs it over the lowercased chunk.
Where lowercasing and IGNORECASE disagree (a few characters, `CASE_UNSAFE`)
the text is counted as a hit without looking: a gate may only ever let more
texts through, never fewer.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # the stdlib's own pattern parser: the only exact reading of a pattern
from bisect import bisect_right
from functools import lru_cache
from typing import Sequence

# Characters for which str.lower() and IGNORECASE matching disagree: "İ"
# lowercases to two characters; the others are, or lowercase to, members of
# re's extra case classes ("ſ" matches "s", "µ" matches "μ", "ς" and "σ"...),
# or are the capitals str.lower() maps onto them ("Σ" lowercases to "ς" at a
# word's end). tests/test_fast_paths.py derives this set from the running
# Python and checks it.
CASE_UNSAFE = frozenset(
    "\xb5\u0130\u0131\u017f\u0345\u0390\u0392\u0395\u0398\u0399\u039a\u039c\u03a0\u03a1\u03a3\u03a6\u03b0"
    "\u03b2\u03b5\u03b8\u03b9\u03ba\u03bc\u03c0\u03c1\u03c2\u03c3\u03c6\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1"
    "\u03f4\u03f5\u0412\u0414\u041e\u0421\u0422\u042a\u0432\u0434\u043e\u0441\u0442\u044a\u0462\u0463\u1c80"
    "\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\u1c88\u1e60\u1e61\u1e9b\u1fbe\u1fd3\u1fe3\ua64a\ua64b\ufb05"
    "\ufb06"
)
_UNSAFE_RE = re.compile("[" + "".join(sorted(CASE_UNSAFE)) + "]")

_ASCII = [chr(i) for i in range(128)]


def _range_agrees(lo: int, hi: int) -> bool:
    """Whether an IGNORECASE range [lo-hi] matches a character exactly where the
    case-sensitive range matches its lowercase. re tests both the lower and
    the upper case of a character against an IGNORECASE range; only ASCII
    ranges are accepted, and checked over every ASCII character (no other
    character outside CASE_UNSAFE has an ASCII lower or upper case)."""
    if hi > 127:
        return False
    for c in _ASCII:
        lower, upper = ord(c.lower()), ord(c.upper())
        if (lo <= lower <= hi or lo <= upper <= hi) != (lo <= lower <= hi):
            return False
    return True


def _lower_only(items) -> bool:
    """Whether a parsed pattern holds only atoms that behave alike under
    IGNORECASE on a text and case-sensitively on its lowercase."""
    for op, arg in items:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL"):
            ch = chr(arg)
            if ch.lower() != ch or ch in CASE_UNSAFE or ch.upper().lower() != ch:
                return False
        elif name == "IN":
            for iop, iarg in arg:
                iname = str(iop)
                if iname == "LITERAL":
                    ch = chr(iarg)
                    if ch.lower() != ch or ch in CASE_UNSAFE or ch.upper().lower() != ch:
                        return False
                elif iname == "RANGE":
                    if not _range_agrees(*iarg):
                        return False
                elif iname not in ("NEGATE", "CATEGORY"):
                    return False
        elif name in ("ANY", "AT", "CATEGORY"):
            continue
        elif name == "BRANCH":
            if not all(_lower_only(b) for b in arg[1]):
                return False
        elif name == "SUBPATTERN":
            _group, add_flags, del_flags, sub = arg
            if add_flags or del_flags or not _lower_only(sub):
                return False
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if not _lower_only(arg[2]):
                return False
        elif name in ("ASSERT", "ASSERT_NOT"):
            if not _lower_only(arg[1]):
                return False
        elif name == "ATOMIC_GROUP":
            if not _lower_only(arg):
                return False
        else:  # back references, conditionals, anything else: keep the original
            return False
    return True


@lru_cache(maxsize=None)
def lowercase_gate(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-sensitive twin of an IGNORECASE gate, to search in lowercased
    text (None where there is none: a case-sensitive pattern, or one whose
    atoms lowercasing would not serve, such as an uppercase letter)."""
    if not pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unreadable pattern just keeps its own scan
        return None
    if not _lower_only(list(parsed)):
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


class Joined:
    """Texts joined by "\\n" with their start offsets, for `scan`; the
    lowercased join is made when a case-insensitive gate first asks."""

    __slots__ = ("texts", "joined", "starts", "_lower")

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.joined = "\n".join(texts)
        self.starts = _starts(texts)
        self._lower: tuple[str, list[int], set[int]] | None = None

    def scan(self, pattern: re.Pattern[str]) -> set[int]:
        """Indexes of the texts in which `pattern` may match."""
        twin = lowercase_gate(pattern)
        if twin is None:
            return scan(pattern, self.joined, self.starts)
        if self._lower is None:
            lowered = [t.lower() for t in self.texts]
            unsafe = {i for i, t in enumerate(self.texts) if not t.isascii() and _UNSAFE_RE.search(t)}
            self._lower = ("\n".join(lowered), _starts(lowered), unsafe)
        joined, starts, unsafe = self._lower
        return scan(twin, joined, starts) | unsafe


def _starts(texts: Sequence[str]) -> list[int]:
    starts = [0] * len(texts)
    pos = 0
    for i, t in enumerate(texts):
        starts[i] = pos
        pos += len(t) + 1
    return starts


def scan(pattern: re.Pattern[str], joined: str, starts: list[int]) -> set[int]:
    """Indexes of the texts (joined, starting at `starts`) in which `pattern`
    matches; one search per text hit, resumed at the next text's start."""
    hits: set[int] = set()
    search = pattern.search
    last = len(starts) - 1
    pos = 0
    while True:
        m = search(joined, pos)
        if m is None:
            return hits
        i = bisect_right(starts, m.start()) - 1
        hits.add(i)
        if i >= last:
            return hits
        pos = starts[i + 1]
