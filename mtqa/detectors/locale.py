"""French number, time, currency, ordinal and date conventions leaking into English."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable

from ..types import Finding, Segment
from ._memo import memo_by_text
from .base import Context, Detector

_SP = "[ \u00a0\u202f\u2009]"
_DECIMAL = re.compile(rf"(?<![\d,.])(\d{{1,3}}(?:{_SP}\d{{3}})+|\d+),(\d+)(?![\d]|,\d)({_SP}*%)?")
_THOUSANDS = re.compile(rf"(?<![\d,.])\d{{1,3}}(?:{_SP}\d{{3}})+(?![\d])(?!,\d)(?!-\d)")
_PERCENT = re.compile(rf"(\d)({_SP}+)%")
_HOUR = re.compile(rf"(?<![\w:.,])([01]?\d|2[0-3]){_SP}?h(?:{_SP}?([0-5]\d))?(?![\w])")
_CURRENCY = re.compile(
    rf"(?<![\w.,$€£])(\d{{1,3}}(?:{_SP}\d{{3}})+|\d{{1,3}}(?:,\d{{3}})+(?![\d])|\d+)(?:[,.](\d{{1,2}}))?"
    rf"(?:{_SP}*(millions?|milliards?|billions?|thousand))?{_SP}*([$€£])(?:{_SP}?(US|CA|CAN))?(?![\w$€£])"
)
_ORDINAL = re.compile(r"(?<![\w.,])(\d+|[IVX][IVXLC]*|[LC][IVXLC]+)(er|re|ère|ème|eme|e|è|ᵉ|ᵉʳ)(?![\w])(?![-+]\d)")
_DATE = re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.\-])")
_MONTHS = ("January February March April May June July August September October November December").split()
_SCALE = {"million": "million", "millions": "million", "milliard": "billion", "milliards": "billion",
          "billion": "billion", "billions": "billion", "thousand": "thousand"}


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


@memo_by_text(maxsize=4096)
def _source_numbers(source: str) -> frozenset[str]:
    """Digit strings of the source's space-grouped numbers: "1 200" → "1200"."""
    return frozenset(_digits(m.group()) for m in _THOUSANDS.finditer(source))


# Necessary conditions on the target (see Detector.prefilter), far cheaper to
# scan than the patterns they stand for: _DECIMAL needs a digit, a comma and
# a digit; _THOUSANDS needs a digit, a space and three digits.
_DIGIT_COMMA_DIGIT = re.compile(r"\d,\d")
# Necessary for an _HOUR match (L104): a digit, an optional space, "h".
_DIGIT_H = re.compile(rf"\d{_SP}?h")
# Necessary for an _ORDINAL match (L106): a digit or a Roman numeral letter, then
# the first letter of a suffix (e, r, è, ᵉ). Not "a Roman numeral run opening a
# word" as the match has it: a word boundary tried at every position made the
# gate three times as slow, and the looser gate lets only 2% more targets through.
_ORDINAL_GATE = re.compile(r"[\dIVXLC][erèᵉ]")
# Necessary for a _DATE match (L107): a digit, a separator, a digit.
_DATE_GATE = re.compile(r"\d[/.\-]\d")
_DIGIT_SPACE_DIGITS = re.compile(rf"\d{_SP}\d{{3}}")


def _english_ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _roman(s: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(s):
        v = values[ch]
        if i + 1 < len(s) and values[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total or None


def _twelve_hour(hour: int, minute: str | None) -> str:
    if hour == 0 and not minute:
        return "midnight"
    if hour == 12 and not minute:
        return "noon"
    suffix = "a.m." if hour < 12 else "p.m."
    h = hour % 12 or 12
    return f"{h}:{minute} {suffix}" if minute else f"{h} {suffix}"


class DecimalComma(Detector):
    """A decimal comma ("4,5 %", "2,3 billion") copied from French."""

    code = "L101"
    name = "decimal-comma"
    category = "locale-convention/number-format"
    severity = "major"
    fix = "safe"
    severity_reason = "An English reader takes the comma for a thousands separator: 2,3 billion misreads the amount."
    triggers = ","
    prefilter = _DIGIT_COMMA_DIGIT
    examples = (("une hausse de 4,5 %", "an increase of 4,5 %"),
                ("2,3 milliards de dollars", "2,3 billion dollars"))
    traps = (("1,2 milliard de dollars", "$1.2 billion"),
             ("1 250 emplois", "1,250 jobs"),
             ("les articles 3, 4 et 5", "sections 3,4 and 5 of the act"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text, src = segment.target, segment.source
        currency_spans = None  # found on the first decimal: most targets have none
        for m in _DECIMAL.finditer(text):
            whole, frac, pct = m.group(1), m.group(2), m.group(3)
            if currency_spans is None:
                currency_spans = [c.span() for c in _CURRENCY.finditer(text)]
            if any(s <= m.start() < e for s, e in currency_spans):
                continue  # "1,2 milliard $" is reported whole with the currency (L105)
            number = f"{whole},{frac}"
            if not re.search(rf"(?<![\d,.]){re.escape(number)}(?![\d])", src):
                continue  # not the source's French decimal: an English number or list
            if len(frac) == 3 and re.search(r"\d,\d{3},\d{3}", src):
                continue  # the source itself groups thousands with commas
            if len(frac) > 3:
                continue
            if len(frac) == 3 and frac.endswith("0"):
                # "un salaire de 45,000 livres": French writes a decimal
                # without trailing zeros ("4,5", not "4,500"), so three places
                # ending in zero are a thousands group the source wrote the
                # English way, and the English copy reads right.
                continue
            whole = ",".join(re.split(_SP, whole))  # "14 201,57" → "14,201.57"
            suggestion = f"{whole}.{frac}" + ("%" if pct else "")
            yield self.finding(m.start(), m.end(), f"decimal comma in {m.group()!r}", suggestion)


class SpaceThousands(Detector):
    """A space as thousands separator ("1 200") copied from French."""

    code = "L102"
    name = "space-thousands-separator"
    category = "locale-convention/number-format"
    severity = "minor"
    fix = "safe"
    severity_reason = "Readable, but English groups thousands with commas; a wrapped line can split the number."
    prefilter = _DIGIT_SPACE_DIGITS
    examples = (("1 200 manifestants", "1 200 protesters"),
                ("une facture de 15 000 000", "a bill of 15 000 000"))
    traps = (("1 200 manifestants", "1,200 protesters"),
             ("En 2013, 200 personnes", "In 2013 200 people died"),
             ("composez le 514 555-1234", "call 514 555-1234"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        if not any(ch in text for ch in " \u00a0\u202f\u2009"):
            return
        src_numbers = _source_numbers(segment.source)
        if not src_numbers:
            return  # every match would be skipped below
        currency_spans = None  # found on the first number from the source
        for m in _THOUSANDS.finditer(text):
            if _digits(m.group()) not in src_numbers:
                continue
            if currency_spans is None:
                currency_spans = [c.span() for c in _CURRENCY.finditer(text)]
            if any(s <= m.start() < e for s, e in currency_spans):
                continue  # reported with the currency (L105)
            groups = re.split(_SP, m.group())
            yield self.finding(m.start(), m.end(), f"space as thousands separator in {m.group()!r}", ",".join(groups))


class SpaceBeforePercent(Detector):
    """A space between a number and "%" ("25 %")."""

    code = "L103"
    name = "space-before-percent"
    category = "locale-convention/number-format"
    severity = "minor"
    fix = "safe"
    severity_reason = "French spacing; English sets the sign close. Meaning unaffected."
    triggers = "%"
    examples = (("une hausse de 25 %", "an increase of 25 %"),)
    traps = (("une hausse de 25 %", "an increase of 25%"),
             ("une hausse de 25 %", "an increase of 25 percent"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        # Linear on long lines: each decimal looked up in the source once, and
        # the (disjoint, sorted) decimal spans searched by bisection.
        in_source: dict[str, bool] = {}
        decimals: list[tuple[int, int]] = []
        for m in _DECIMAL.finditer(text):
            if m.group(3):
                key = f"{m.group(1)},{m.group(2)}"
                if key not in in_source:
                    in_source[key] = key in segment.source
                if in_source[key]:
                    decimals.append(m.span())
        starts = [s for s, _ in decimals]
        for m in _PERCENT.finditer(text):
            k = bisect_right(starts, m.start()) - 1
            if k >= 0 and m.start() < decimals[k][1]:
                continue  # "4,5 %" is reported whole as a decimal comma (L101)
            yield self.finding(m.start(2), m.end(), "space before '%'", "%")


class TwentyFourHourTime(Detector):
    """French 24-hour clock ("14 h 30", "19 h") instead of English time."""

    code = "L104"
    name = "french-time-format"
    category = "locale-convention/time-format"
    severity = "minor"
    fix = "reviewable"
    severity_reason = "Understandable but foreign; English news writes 2:30 p.m. (the exact form is a style choice)."
    triggers = "h"
    prefilter = _DIGIT_H
    examples = (("à 14 h 30", "at 14 h 30"), ("vers 19 h", "around 19h"))
    traps = (("Publié à 19 h 05", "Posted at 7:05 p.m."),
             ("à 130 km/h", "at 130 km/h"),
             ("à 14 h 30", "at 14:30"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text, src = segment.target, segment.source
        for m in _HOUR.finditer(text):
            hour = int(m.group(1))
            if not re.search(rf"(?<![\d:]){hour}{_SP}?h(?![a-z])", src) and not re.search(
                rf"(?<![\d:])0{hour}{_SP}?h(?![a-z])", src
            ):
                continue  # "5h" without a French time in the source may be hours, not a clock time
            yield self.finding(
                m.start(), m.end(), f"French 24-hour time {m.group()!r}", _twelve_hour(hour, m.group(2))
            )


class CurrencyAfterAmount(Detector):
    """Currency sign after the amount ("500 000 $", "20 €") as in French."""

    code = "L105"
    name = "currency-after-amount"
    category = "locale-convention/currency-format"
    severity = "minor"
    fix = "safe"
    severity_reason = "The amount is clear, but the French order reads as an error in English."
    triggers = "$€£"
    examples = (("500 000 $", "a budget of 500 000 $"), ("20 €", "tickets cost 20 €"))
    traps = (("1,2 milliard de dollars", "$1.2 billion"),
             ("500 000 $", "$500,000"),
             ("le billet de 5 $", "a $5 bill"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        for m in _CURRENCY.finditer(text):
            number, frac, scale, sign, country = m.groups()
            amount = ",".join(re.split(_SP, number))
            if frac:
                amount += "." + frac
            if scale:
                amount += " " + _SCALE[scale.lower()]
            prefix = {"US": "US", "CA": "C", "CAN": "C"}.get(country or "", "")
            yield self.finding(
                m.start(), m.end(), f"currency sign after the amount in {m.group()!r}", f"{prefix}{sign}{amount}"
            )


class FrenchOrdinal(Detector):
    """French ordinal abbreviations ("1er", "2e", "XXIe") in English."""

    code = "L106"
    name = "french-ordinal"
    category = "locale-convention/number-format"
    severity = "minor"
    fix = "safe"
    severity_reason = "The number is understood but the suffix is French."
    prefilter = _ORDINAL_GATE
    examples = (("le 1er mai", "on May 1er"), ("au 2e rang", "in 2e place"))
    traps = (("le 1er mai", "on May 1"), ("au XXIe siècle", "in the 21st century"),
             ("une constante de 2e-5", "a constant of 2e-5"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text, src = segment.target, segment.source
        for m in _ORDINAL.finditer(text):
            num, suffix = m.group(1), m.group(2)
            if num.isdigit():
                n = int(num)
            else:
                if m.group() not in src:
                    continue  # Roman numerals only with the source's form ("XXIe")
                n = _roman(num) or 0
                if not n:
                    continue
            if suffix in ("e", "è") and num.isdigit() and not re.search(rf"(?<!\w){num}{suffix}(?!\w)", src):
                continue  # "3e" outside a French ordinal (codes, hex) needs the source's form
            yield self.finding(m.start(), m.end(), f"French ordinal {m.group()!r}", _english_ordinal(n))


class NumericDate(Detector):
    """A French day-month numeric date ("12/03/2014") copied into English."""

    code = "L107"
    name = "day-month-date"
    category = "locale-convention/date-format"
    severity = "major"
    fix = "reviewable"
    severity_reason = "American readers take 03/12 for March 12: the date itself may be misread."
    prefilter = _DATE_GATE
    examples = (("le 03/12/2014", "on 03/12/2014"), ("le 25.06.2013", "on 25.06.2013"))
    traps = (("le 03/12/2014", "on December 3, 2014"), ("le 25/06/2013", "on June 25, 2013"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text, src = segment.target, segment.source
        for m in _DATE.finditer(text):
            day, month, year = int(m.group(1)), int(m.group(3)), m.group(4)
            if not (1 <= day <= 31 and 1 <= month <= 12) or day == month:
                continue
            if m.group() not in src:
                continue  # the translator chose this form; only a copied French date is flagged
            suggestion = f"{_MONTHS[month - 1]} {day}, {year}" if len(year) == 4 else None
            severity = "minor" if day > 12 else None  # unambiguous: it cannot be read as month-first
            how = "unambiguous but French order" if day > 12 else "ambiguous: American readers take it as month/day"
            yield self.finding(m.start(), m.end(), f"day-month date {m.group()!r} ({how})", suggestion, severity=severity)


DETECTORS = (DecimalComma, SpaceThousands, SpaceBeforePercent, TwentyFourHourTime,
             CurrencyAfterAmount, FrenchOrdinal, NumericDate)
