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

Gates that can only match a few fixed strings (a character class of
literals, an alternation of words: "[@#]", "rien|personne|aucun") are the
common case, and re scans them one character at a time; `literals` spells
them out and `Joined.scan` looks for each with `str.find`, which skips
through the text many times faster. A chunk scanned for one pattern keeps the
answer: several detectors share a gate.
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


# More spelt-out strings than this and a gate keeps its regex scan.
MAX_LITERALS = 64
# What `find` costs against one regex scan of the same text, measured on
# WMT14 news: a one-character string is found by memchr at a hundredth of a
# character-class scan; a longer one costs about a tenth. Past _FIND_BUDGET
# scans' worth of finds the regex is kept (below one: each hit also costs a
# Python step, which the regex scan pays too, but finds pay it per string).
_FIND_COST = {1: 0.01}
_LONGER_COST = 0.12
_FIND_BUDGET = 0.7
# Ranges in a character class are spelt out up to this many characters.
_MAX_RANGE = 32


def _spell(items) -> list[str] | None:
    """Every string a parsed pattern can match, or None where that set is
    not small and finite (repeats, categories, assertions, anchors...)."""
    out = [""]
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            options = [chr(arg)]
        elif name == "IN":
            options = []
            for iop, iarg in arg:
                iname = str(iop)
                if iname == "LITERAL":
                    options.append(chr(iarg))
                elif iname == "RANGE" and iarg[1] - iarg[0] < _MAX_RANGE:
                    options.extend(chr(c) for c in range(iarg[0], iarg[1] + 1))
                else:  # NEGATE, CATEGORY, a wide range
                    return None
        elif name == "BRANCH":
            options = []
            for branch in arg[1]:
                spelt = _spell(branch)
                if spelt is None:
                    return None
                options.extend(spelt)
        elif name == "SUBPATTERN":
            _group, add_flags, del_flags, sub = arg
            options = _spell(sub) if not (add_flags or del_flags) else None
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and arg[0] == arg[1] and arg[0] <= 4:
            one = _spell(arg[2])
            if one is None:
                return None
            options = [""]
            for _ in range(arg[0]):
                options = [a + b for a in options for b in one]
                if len(options) > MAX_LITERALS:  # before "[a-zA-Z]{4}" spells seven million
                    return None
        else:
            return None
        if options is None:
            return None
        out = [a + b for a in out for b in options]
        if len(out) > MAX_LITERALS:
            return None
    return out


@lru_cache(maxsize=None)
def literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The fixed strings a case-sensitive gate can match, shortest first and
    none holding another (a text holds one of them exactly where the gate
    matches in it), or None where the gate is not such a list. A string
    holding "\\n" is refused: it could match across two joined texts."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        spelt = _spell(list(sre_parse.parse(pattern.pattern, pattern.flags)))
    except Exception:  # noqa: BLE001 - an unreadable pattern just keeps its regex scan
        return None
    if not spelt or any(not s or "\n" in s for s in spelt):
        return None
    if sum(_FIND_COST.get(len(s), _LONGER_COST) for s in dict.fromkeys(spelt)) > _FIND_BUDGET:
        return None
    kept: list[str] = []
    for s in sorted(dict.fromkeys(spelt), key=len):  # stable: the pattern's own order
        if not any(k in s for k in kept):  # "no" already finds every "not"
            kept.append(s)
    return tuple(kept)


class Joined:
    """Texts joined by "\\n" with their start offsets, for `scan`; the
    lowercased join is made when a case-insensitive gate first asks."""

    __slots__ = ("texts", "joined", "starts", "_lower", "_seen")

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.joined = "\n".join(texts)
        self.starts = _starts(texts)
        self._lower: tuple[str, list[int], set[int]] | None = None
        self._seen: dict[re.Pattern[str], set[int]] = {}

    def scan(self, pattern: re.Pattern[str]) -> set[int]:
        """Indexes of the texts in which `pattern` may match (a set the caller
        may not change: it is kept for the next detector with that gate)."""
        hits = self._seen.get(pattern)
        if hits is None:
            hits = self._seen[pattern] = self._scan(pattern)
        return hits

    def _scan(self, pattern: re.Pattern[str]) -> set[int]:
        twin = lowercase_gate(pattern)
        if twin is None:
            return _scan_any(pattern, self.joined, self.starts)
        if self._lower is None:
            lowered = [t.lower() for t in self.texts]
            unsafe = {i for i, t in enumerate(self.texts) if not t.isascii() and _UNSAFE_RE.search(t)}
            self._lower = ("\n".join(lowered), _starts(lowered), unsafe)
        joined, starts, unsafe = self._lower
        return _scan_any(twin, joined, starts) | unsafe


def _scan_any(pattern: re.Pattern[str], joined: str, starts: list[int]) -> set[int]:
    spelt = literals(pattern)
    return scan(pattern, joined, starts) if spelt is None else scan_literals(spelt, joined, starts)


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


def scan_literals(strings: Sequence[str], joined: str, starts: list[int]) -> set[int]:
    """`scan` for a gate that is a list of fixed strings (see `literals`):
    one `str.find` per text hit and string, resumed at the next text's start."""
    hits: set[int] = set()
    find = joined.find
    last = len(starts) - 1
    for s in strings:
        pos = 0
        while True:
            j = find(s, pos)
            if j < 0:
                break
            i = bisect_right(starts, j) - 1
            hits.add(i)
            if i >= last:
                break
            pos = starts[i + 1]
    return hits
