"""Omission, addition and truncation seen in the length of the target.

O101/O102 compare the target's length with the source's, in characters and in
words, against thresholds calibrated on human references (see
`mtqa/data/length_ratio.tsv` and `benchmarks/calibrate_length.py`): a human
translation of the WMT14 news test set falls outside them in about 0.1% of
segments per ratio, and the detectors fire only when both ratios are outside.
O103 flags a target that stops mid-sentence where the source is complete.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Iterable, NamedTuple

from .. import data
from ..types import Finding, Segment
from ._memo import memo_by_text
from .base import WORD_RE, Context, Detector

# Source-length groups (characters) of the calibration, and the margin added
# to the reference quantiles. benchmarks/calibrate_length.py uses these too.
BINS = (0, 40, 100, 200)
MARGIN = 0.10
MIN_SOURCE_CHARS = 20
# Log character ratio under which a target ending on a comma reads as cut off
# (the reference median is about -0.11: English is ~10% shorter than French).
SHORT_FOR_CUT = -0.40


def ratios(source: str, target: str) -> tuple[float, float]:
    """Smoothed log length ratios, target over source: (characters, words)."""
    return _ratios(source, target, len(WORD_RE.findall(target)))


def _ratios(source: str, target: str, target_words: int) -> tuple[float, float]:
    """`ratios` given the target's word count (the detectors take it from the Context)."""
    chars = math.log((len(target.strip()) + 10) / (len(source.strip()) + 10))
    words = math.log((target_words + 2) / (_word_count(source) + 2))
    return chars, words


@memo_by_text(maxsize=4096)
def _word_count(text: str) -> int:
    """`len(WORD_RE.findall(text))`, memoised for sources (one source, several targets)."""
    return len(WORD_RE.findall(text))


@lru_cache(maxsize=1)
def thresholds() -> tuple[tuple[int, float, float, float, float], ...]:
    rows = []
    for row in data.table("length_ratio.tsv"):
        lo, _n, c_lo, c_hi, t_lo, t_hi = row
        rows.append((int(lo), float(c_lo), float(c_hi), float(t_lo), float(t_hi)))
    return tuple(sorted(rows))


@lru_cache(maxsize=4096)
def _limits(source_chars: int) -> tuple[float, float, float, float]:
    chosen = thresholds()[0]
    for row in thresholds():
        if source_chars >= row[0]:
            chosen = row
    return chosen[1:]


class Lengths(NamedTuple):
    """A segment's log length ratios and the calibrated bounds for its source length."""

    chars: float
    words: float
    chars_low: float
    chars_high: float
    words_low: float
    words_high: float


def _char_ratio(ctx: Context) -> tuple[float, tuple[float, float, float, float]] | None:
    """The character ratio of `Lengths` and the bounds, or None where `lengths`
    is None: O101 and O102 need the word ratio only when the character ratio
    is already out of bounds, which is rare."""
    segment = ctx.segment
    src = segment.source.strip()
    if len(src) < MIN_SOURCE_CHARS:
        return None
    tgt = segment.target.strip()  # stripped once, for the test and the ratio
    if not tgt:
        return None
    # `_ratios`' character ratio.
    return math.log((len(tgt) + 10) / (len(src) + 10)), _limits(len(src))


def lengths(ctx: Context) -> Lengths | None:
    """The segment's `Lengths`, or None for a short source or an empty target;
    read through `ctx.memo(lengths)` by O101 and O102."""
    part = ctx.memo(_char_ratio)
    if part is None:
        return None
    chars, limits = part
    # `_ratios`' word ratio (the source's word count is that of its stripped text).
    words = math.log((len(ctx.target_word_strings) + 2) / (_word_count(ctx.segment.source.strip()) + 2))
    return Lengths(chars, words, *limits)


class _LengthBase(Detector):
    severity = "major"
    fix = "none"


class TargetTooShort(_LengthBase):
    """The target is much shorter than the source, in characters and in words: likely omission."""

    code = "O101"
    name = "target-too-short"
    category = "accuracy/omission"
    severity_reason = "Part of the source's content is probably not in the translation at all."
    examples = (("Le Japon a conclu des accords semblables avec l'OTAN et avec huit pays, dont les "
                 "États-Unis, l'Australie et l'Inde.", "Japan has similar agreements."),)
    traps = (("Publié à 19 h 05", "Posted at 7:05 p.m."),)

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        part = ctx.memo(_char_ratio)
        if part is None or part[0] >= part[1][0]:
            return  # no ratio, or the characters are in bounds (chars_low)
        r = ctx.memo(lengths)
        chars, words, c_lo, t_lo = r.chars, r.words, r.chars_low, r.words_low
        if chars < c_lo and words < t_lo:
            yield self.finding(
                None, None,
                f"target is {math.exp(chars):.0%} of the source's length in characters and "
                f"{math.exp(words):.0%} in words; human translations stay above "
                f"{math.exp(c_lo):.0%} / {math.exp(t_lo):.0%}",
            )


class TargetTooLong(_LengthBase):
    """The target is much longer than the source, in characters and in words: likely addition."""

    code = "O102"
    name = "target-too-long"
    category = "accuracy/addition"
    severity_reason = "The translation probably says things the source does not."
    examples = (("Le sommet a eu lieu.", "The summit took place, and then the leaders went to dinner and "
                 "talked for many hours about the weather, the economy and their families."),)
    traps = (("L'UE", "The European Union"),)

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        part = ctx.memo(_char_ratio)
        if part is None or part[0] <= part[1][1]:
            return  # no ratio, or the characters are in bounds (chars_high)
        r = ctx.memo(lengths)
        chars, words, c_hi, t_hi = r.chars, r.words, r.chars_high, r.words_high
        if chars > c_hi and words > t_hi:
            yield self.finding(
                None, None,
                f"target is {math.exp(chars):.0%} of the source's length in characters and "
                f"{math.exp(words):.0%} in words; human translations stay below "
                f"{math.exp(c_hi):.0%} / {math.exp(t_hi):.0%}",
            )


_END_OK = re.compile(r"[.!?…]['\"’”»)\]]*\s*$|[.!?…]\s*['\"’”»)\]]+\s*$")
_SOURCE_COMPLETE = re.compile(r"[.!?…][\s'\"’”»)\]]*$")
# Words an English sentence cannot end on.
_DANGLING = frozenset(
    "the a an of to and or but nor with for in on at by from into onto over under between about "
    "than that which who whom whose as its their his her our your my this these those is are was "
    "were be been being has have had will would can could should shall may might must not no "
    "very more most such if because while when where although though whether both either neither "
    "each every some any all of".split()
)
_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")


@memo_by_text(maxsize=4096)
def _source_complete(source: str) -> bool:
    """Whether the source is a complete sentence of five words or more (O103)."""
    source = source.strip()
    return bool(_SOURCE_COMPLETE.search(source)) and _word_count(source) >= 5


class TruncatedTarget(Detector):
    """The target stops mid-sentence while the source is a complete sentence."""

    code = "O103"
    name = "truncated-target"
    category = "accuracy/omission"
    severity = "major"
    fix = "none"
    severity_reason = "The end of the sentence is lost; a reader cannot recover it."
    examples = (("Le Canada et le Japon ont lancé des pourparlers visant à partager des renseignements.",
                 "Canada and Japan have launched talks aimed at sharing the"),)
    traps = (("Le Canada et le Japon ont lancé des pourparlers.", "Canada and Japan launched talks."),
             ("Des pourparlers entre le Canada et le Japon", "Talks between Canada and Japan"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        target = segment.target.rstrip()
        if not target or target[-1] in ".!?…" or not _source_complete(segment.source):
            return  # a target ending on [.!?…] matches _END_OK
        source = segment.source.strip()
        if _END_OK.search(target):
            return
        stripped = target.rstrip("'\"’”»)] ")
        # Human translators may end a segment on a comma or colon when they join it to the next
        # one; only a target also clearly shorter than the source reads as cut off.
        if stripped and stripped[-1] in ",;:(" and ratios(source, target)[0] < SHORT_FOR_CUT:
            end = len(stripped)
            yield self.finding(end - 1, end, f"target ends on {stripped[-1]!r}: the sentence is cut off")
            return
        m = _LAST_WORD.search(stripped)
        if m and m.group(1).lower() in _DANGLING and m.end(1) == len(stripped):
            yield self.finding(m.start(1), m.end(1),
                               f"target stops on {m.group(1)!r} without ending the sentence")


DETECTORS = (TargetTooShort, TargetTooLong, TruncatedTarget)
