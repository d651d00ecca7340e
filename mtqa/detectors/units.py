"""Unit changed: a number carried correctly with another unit ("cinq ans" -> "five months").

The units (durations, lengths, areas, weights, volumes, temperatures,
currencies, percent and points) are data: mtqa/data/units.tsv. A301 compares
only quantities whose value is the same on both sides: a conversion gives
another number ("10 km" -> "6 miles", "20 °C" -> "68 °F") and is never
compared, and a changed number is N101's business, not this rule's. A source
quantity fires when the target has its value with another unit of the same
category, never with its own unit, and the source does not itself give the
value with that other unit.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, NamedTuple

from .. import data
from ..types import Finding, Segment
from .base import Context, Detector

_FR_NUM = r"\d+(?:[ \u00a0\u202f.]\d{3})*(?:,\d+)?"
_EN_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_FR_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
             "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
             "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100}
_EN_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
             "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100}
_FR_SCALES = {"mille": 1e3, "millier": 1e3, "milliers": 1e3, "million": 1e6, "millions": 1e6,
              "milliard": 1e9, "milliards": 1e9}
_EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9}
_EN_PREFIX_UNITS = {"$": "dollar", "us$": "dollar", "c$": "dollar", "€": "euro", "£": "pound"}


MAX_QUANTITIES = 200


class Quantity(NamedTuple):
    value: float
    category: str
    unit: str
    start: int  # of the unit word
    end: int


@lru_cache(maxsize=None)
def _patterns(lang: str) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """The number-scale-unit pattern of `lang`; unit groups u0, u1 ... name (category, unit)."""
    groups: dict[str, tuple[str, str]] = {}
    alts = []
    for i, row in enumerate(r for r in data.table("units.tsv") if r[2] == lang):
        category, unit, _, expr = row[:4]
        groups[f"u{i}"] = (category, unit)
        alts.append(f"(?P<u{i}>{expr})")
    num = _FR_NUM if lang == "fr" else _EN_NUM
    words = "|".join(_FR_WORDS if lang == "fr" else _EN_WORDS)
    scales = "|".join(_FR_SCALES if lang == "fr" else _EN_SCALES)
    link = r"(?:[ \u00a0\u202f]+(?:de|d['’])[ \u00a0\u202f]*|[ \u00a0\u202f\-]*)" if lang == "fr" else r"[ \u00a0\u202f\-]*"
    # A number starts where no digit group precedes it: "1 000 000" is tried
    # once, not from each group (quadratic on a long line of groups).
    pattern = (rf"(?<![\w.,])(?<!\d[ \u00a0\u202f])(?P<num>{num}|(?:{words})(?![\w]))(?:[ \u00a0\u202f]*(?P<scale>{scales})(?![\w]))?"
               rf"{link}(?:{'|'.join(alts)})(?![\w])")
    return re.compile(pattern, re.IGNORECASE), groups


_EN_PREFIX = re.compile(rf"(?<![\w$€£])(?P<cur>US\$|C\$|\$|€|£)[ \u00a0]?(?P<num>{_EN_NUM})"
                        rf"(?:[ \u00a0]*(?P<scale>million|billion|thousand|trillion|bn|m)(?![\w]))?", re.IGNORECASE)


def _value(raw: str, scale: str | None, lang: str) -> float | None:
    low = raw.lower()
    words = _FR_WORDS if lang == "fr" else _EN_WORDS
    if low in words:
        v = float(words[low])
    elif lang == "fr":
        try:
            v = float(re.sub(r"[ \u00a0\u202f.]", "", raw).replace(",", "."))
        except ValueError:
            return None
    else:
        try:
            v = float(raw.replace(",", ""))
        except ValueError:
            return None
    if scale:
        s = scale.lower()
        v *= (_FR_SCALES if lang == "fr" else _EN_SCALES).get(s, 1e6 if s == "m" else 1.0)
    return v


def quantities(text: str, lang: str) -> list[Quantity]:
    """The (value, category, unit) quantities of a French or English text."""
    pattern, groups = _patterns(lang)
    out = []
    for m in pattern.finditer(text):
        name = m.lastgroup
        if not name or name not in groups:
            continue
        v = _value(m.group("num"), m.group("scale"), lang)
        if v is not None:
            category, unit = groups[name]
            out.append(Quantity(v, category, unit, m.start(name), m.end(name)))
    if lang == "en" and ("$" in text or "€" in text or "£" in text):
        for m in _EN_PREFIX.finditer(text):
            v = _value(m.group("num"), m.group("scale"), lang)
            if v is not None:
                out.append(Quantity(v, "currency", _EN_PREFIX_UNITS[m.group("cur").lower()], m.start("cur"),
                                    m.end("cur")))
    return out


@lru_cache(maxsize=4096)
def _source_quantities(source: str) -> tuple[Quantity, ...]:
    return tuple(quantities(source, "fr"))


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a))


class UnitChanged(Detector):
    """A number carried correctly with another unit of the same kind ("cinq ans" -> "five months")."""

    code = "A301"
    name = "unit-changed"
    category = "accuracy/mistranslation"
    severity = "major"
    fix = "none"
    severity_reason = "The figure is right but measures something else: five months is not five years."
    examples = (
        ("Il a passé cinq ans en prison.", "He spent five months in prison."),
        ("La course fait 10 km.", "The race is 10 miles long."),
        ("Le taux a augmenté de 2 points de pourcentage.", "The rate rose by 2%."),
    )
    traps = (
        ("La course fait 10 km.", "The race is 6 miles long."),
        ("Il faisait 20 °C.", "It was 68 °F."),
        ("Il a passé deux semaines à Paris.", "He spent a fortnight in Paris."),
    )

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        src = _source_quantities(segment.source)
        if not src:
            return
        tgt = quantities(segment.target, "en")
        if not tgt:
            return
        # Bounded on hostile lines (thousands of figures): the pairing is quadratic.
        src, tgt = src[:MAX_QUANTITIES], tgt[:MAX_QUANTITIES]
        src_keys = {(q.unit, q.value) for q in src}
        tgt_keys = {(q.unit, q.value) for q in tgt}
        done: set[int] = set()
        for s in src:
            if (s.unit, s.value) in tgt_keys:
                continue
            for t in tgt:
                if (t.category == s.category and t.unit != s.unit and _same(t.value, s.value)
                        and (t.unit, t.value) not in src_keys and t.start not in done):
                    done.add(t.start)
                    yield self.finding(
                        t.start, t.end,
                        f"{segment.target[t.start:t.end]!r} where the source gives the same figure in "
                        f"{segment.source[s.start:s.end]!r}",
                        None,
                    )
                    break


DETECTORS = (UnitChanged,)
