"""A quantity found in a text, and the bookkeeping of the spans claimed
(split from `extraction` to keep each module short)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .lexicon import SCALES_EN, SCALES_FR
from .patterns import CASE_UNSAFE, DIGIT, LETTER_RUN, LEXICON_RUNS, SP


# --------------------------------------------------------------------------- quantities


@dataclass(slots=True)  # (slots: made and read faster)
class Quantity:
    start: int
    end: int
    values: frozenset
    strength: str  # strong | weak | soft
    kind: str = "number"  # number | time | ordinal | word | month | day | id | approx
    scaled: bool = False
    parts: tuple = ()
    text: str = ""


def rounded(x: float) -> float:
    return round(float(x), 6)


_SP = re.compile(SP)
# Runs of letters of an ASCII text, lowercased, and its digits: `LETTER_RUN`'s
# and `DIGIT`'s there, found faster.
_ASCII_RUN = re.compile("[a-z]+")
_ASCII_DIGIT = re.compile("[0-9]")


def parse_num(text: str, lang: str) -> set[float]:
    """Values a written number may stand for in `lang` ("fr" or "en")."""
    if text.isdecimal():  # digits alone, most numbers: what the lines below make of them
        return {float(text)}
    s = _SP.sub("", text)
    out: set[float] = set()
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):  # 1.234,5
            out.add(float(s.replace(".", "").replace(",", ".")))
        else:  # 1,234.5
            out.add(float(s.replace(",", "")))
        return out
    for sep in (",", "."):
        if sep in s:
            head, _, tail = s.partition(sep)
            groups = s.split(sep)
            thousands = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
            decimal_ok = len(groups) == 2
            if thousands:
                out.add(float(s.replace(sep, "")))
            if decimal_ok:
                # Either language may carry the other's decimal mark (locale's business).
                out.add(float(head + "." + tail))
            return out or {float(s.replace(sep, ""))}
    out.add(float(s))
    return out


def overlaps(spans: "list[tuple[int, int]] | Taken", start: int, end: int) -> bool:
    if isinstance(spans, Taken):
        return spans.overlaps(start, end)
    return any(s < end and start < e for s, e in spans)


class Taken:
    """Spans already claimed, with an O(log n) overlap test (a list made
    `extract` quadratic: minutes on a 1 MB line of numbers). Same answers as
    `any(s < end and start < e for s, e in spans)`."""

    __slots__ = ("starts", "ends", "empty")

    def __init__(self) -> None:
        # Disjoint blocks of strictly overlapping spans, sorted.
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.empty: list[int] = []  # zero-width spans, tested one by one (rare)

    def append(self, span: tuple[int, int]) -> None:
        s, e = span
        if s >= e:
            self.empty.append(s)
            return
        ends = self.ends
        if not ends or s >= ends[-1]:  # after every block (most spans: a pass adds in text order)
            self.starts.append(s)
            ends.append(e)
            return
        i = bisect_right(self.ends, s)
        j = bisect_left(self.starts, e)
        if i < j:
            s, e = min(s, self.starts[i]), max(e, self.ends[j - 1])
        self.starts[i:j] = [s]
        self.ends[i:j] = [e]

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)
        if k and self.ends[k - 1] > start:
            return True
        return bool(self.empty) and any(start < p < end for p in self.empty)


class Scan:
    """One text being scanned: what the passes found so far, and the spans it claims
    (a later pass skips a match that overlaps an earlier pass's quantity)."""

    __slots__ = ("text", "lang", "low", "case_unsafe", "digits", "scales", "out", "taken", "runs", "hits")

    def __init__(self, text: str, lang: str) -> None:
        self.text, self.lang = text, lang
        # Lowercased once: the word passes search it (see has_numbers on why
        # lowercasing is safe).
        self.low = text.lower()
        # With "İ", "ı" or "ſ" a gate searched in `low` may miss: the passes skip their gates.
        # (The three are not ASCII: an ASCII text, most of them, needs no search.)
        ascii = text.isascii()
        self.case_unsafe = not ascii and CASE_UNSAFE.search(text) is not None
        # Times, telephone numbers, identifiers, digit ordinals, decades and plain
        # numbers all hold a digit: without one those patterns are not searched.
        self.digits = (_ASCII_DIGIT if ascii else DIGIT).search(text) is not None
        self.scales = SCALES_FR if lang == "fr" else SCALES_EN
        self.out: list[Quantity] = []
        self.taken = Taken()
        # `runs`: the runs of letters of `low`, or None where the text is
        # case-unsafe. A word pass whose match must hold a word of its lexicon
        # as a whole run of letters (a run of the text is one of `low`, with the
        # same letters lowercased: see has_numbers) skips the text when none is
        # one, a C-level set test instead of a regex search, and finds the few
        # words it holds with `whole_runs`. `hits`: those of the runs that are
        # words of `LEXICON_RUNS`, the only ones such a test can find (most
        # texts: none), so that each test is made on a set of a few words.
        # (Computed here: every case-safe text is asked for them.)
        if self.case_unsafe:
            self.runs: list[str] | None = None
            self.hits: frozenset[str] | None = None
        else:
            self.runs = (_ASCII_RUN if ascii else LETTER_RUN).findall(self.low)
            self.hits = LEXICON_RUNS[lang].intersection(self.runs)

    def add(self, q: Quantity) -> None:
        self.out.append(q)
        self.taken.append((q.start, q.end))
