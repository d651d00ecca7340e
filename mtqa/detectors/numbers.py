"""Numbers, dates, times and money carried from the French source into the English target.

Both sides are reduced to *quantities*: digits in French or English format
("1 500", "1.500", "4,5", "1,500", "4.5"), scaled amounts ("1,2 milliard",
"$1.2 billion", "3 M$"), times ("19 h 05", "7:05 p.m.", "19:05"), ordinals
("1er", "XXIe", "21st", "first"), number words ("huit", "eight",
"vingt-cinq", "twenty-five", "deux fois" / "twice"), decades ("les années
1990" / "the 1990s") and approximate words ("une dizaine", "a dozen"). Each
quantity carries the set of values it may stand for; source and target
quantities are matched as multisets and what is left over is reported.

Digits are *strong* (always reported when unmatched); number words are
*weak* (a word alone is reported only when it contradicts a word or digit on
the other side, or when it is a cardinal of three or more with no counterpart);
approximate words and numbers tied to convertible units (km ↔ miles) are
*soft* and never reported on their own.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from copy import copy
from dataclasses import dataclass, field
from typing import Iterable

from ..types import Finding, Segment
from ._memo import memo_by_text
from .base import Context, Detector

# --------------------------------------------------------------------------- words

_FR_UNITS = {
    "zéro": 0, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80, "nonante": 90,
    "cent": 100, "cents": 100, "mille": 1000, "un": 1, "une": 1, "et": None,
}
_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "and": None,
    "a": None,
}
_FR_ORDINALS = {
    "premier": 1, "première": 1, "deuxième": 2, "second": 2, "seconde": 2, "troisième": 3,
    "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8,
    "neuvième": 9, "dixième": 10, "onzième": 11, "douzième": 12, "treizième": 13,
    "quatorzième": 14, "quinzième": 15, "seizième": 16, "vingtième": 20, "trentième": 30,
    "centième": 100, "millième": 1000,
}
_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "hundredth": 100, "thousandth": 1000,
}
# Approximate amounts: soft, they match a value within a quarter.
_FR_APPROX = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
    "trentenaire": 30, "quadragénaire": 40, "quinquagénaire": 50, "sexagénaire": 60,
    "septuagénaire": 70, "octogénaire": 80, "nonagénaire": 90, "centenaire": 100,
}
_EN_APPROX = {
    "dozen": 12, "score": 20, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
    "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90,
}
# Fractions and multiples, weak, with the values they may stand for.
_FR_SPECIAL = {
    "moitié": (0.5, 50), "demi": (0.5,), "demie": (0.5,), "tiers": (1 / 3, 33, 33.3, 3),
    "quart": (0.25, 25, 4), "quarts": (0.75, 75, 3), "double": (2,), "triple": (3,),
}
_EN_SPECIAL = {
    "half": (0.5, 50), "third": (1 / 3, 33, 33.3, 3), "thirds": (2 / 3, 66, 67, 3),
    "quarter": (0.25, 25, 4), "quarters": (0.75, 75, 3), "twice": (2,), "double": (2,),
    "doubled": (2,), "triple": (3,), "tripled": (3,), "thrice": (3,), "both": (2,),
    "pair": (2,), "couple": (2,), "dozens": (12,), "decade": (10,), "decades": (10,),
    "century": (100,), "once": (1,), "single": (1,), "noon": (12,), "midnight": (0, 12, 24),
    "fortnight": (2, 14, 15), "biennial": (2,), "annual": (1,), "several": (),
}

_SCALES_FR = {
    "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "billion": 1e12,
    "billions": 1e12, "mille": 1e3, "m": 1e6, "md": 1e9, "mds": 1e9, "g": 1e9, "k": 1e3,
    "mio": 1e6, "mrd": 1e9,
}
_SCALES_EN = {
    "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9, "trillion": 1e12,
    "trillions": 1e12, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9,
    "k": 1e3, "tn": 1e12, "trn": 1e12,
}

_FR_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_FR_DAYS = {"lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6, "dimanche": 7}
_EN_DAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}

# Units a translator may legitimately convert: the numbers next to them are soft.
_FR_UNITS_CONV = re.compile(
    r"\s?(?:de\s|d['’])?(?:km/h|km²|km2|km|kilomètres?|kilos?|kg|kilogrammes?|tonnes?|t\b|m²|m2|m\b|mètres?|"
    r"cm|centimètres?|mm|millimètres?|l\b|litres?|hectares?|ha\b|°\s?C?|degrés|"
    r"livres?|pieds|pouces|miles|milles)",
    re.IGNORECASE,
)
_EN_UNITS_CONV = re.compile(
    r"[\s-]?(?:mph|miles?|mi\b|feet|foot|ft\b|inch(?:es)?|in\.|yards?|pounds?|lbs?|"
    r"ounces?|oz\b|gallons?|acres?|°\s?F?|degrees|fahrenheit|square|cubic|tons?|km|kilomet(?:er|re)s?|"
    r"met(?:er|re)s?|kilo(?:gram)?s?|kg|hectares?)",
    re.IGNORECASE,
)
_EN_CURRENCY_BEFORE = re.compile(r"(?:US|C|CA|CAN|A|AU|NZ|HK|S)?\$\s?$|[£€¥]\s?$")
_APPROX_BEFORE_EN = re.compile(r"(?:about|around|roughly|approximately|some|nearly|almost|"
                               r"over|more than|less than|under|up to|~)\s+(?:\S+\s+)?$", re.I)

_ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_VAL = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _roman(s: str) -> int:
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN_VAL[ch]
        if i + 1 < len(s) and _ROMAN_VAL[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


# --------------------------------------------------------------------------- quantities


@dataclass
class Quantity:
    start: int
    end: int
    values: frozenset
    strength: str  # strong | weak | soft
    kind: str = "number"  # number | time | ordinal | word | month | day | id | approx
    scaled: bool = False
    parts: tuple = ()
    text: str = ""
    used: bool = field(default=False, compare=False)


def _r(x: float) -> float:
    return round(float(x), 6)


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


_SP = r"[ \u00a0\u202f\u2009]"
# A number: grouped thousands (space, nbsp, dot or comma) or plain, with an optional decimal part.
_NUM = (
    rf"\d{{1,3}}(?:{_SP}\d{{3}})+(?:[.,]\d+)?(?!\d)"
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])"
    r"|\d+(?:[.,]\d+)?"
)

_FR_TIME = re.compile(r"(?<![\w.,])([01]?\d|2[0-4])\s?(?:h|H|heures?)\s?([0-5]\d)?(?![\w])")
_EN_TIME = re.compile(
    r"(?<![\w.,:])([01]?\d|2[0-4])(?:[:.]([0-5]\d))?\s?(a\.?m\.?|p\.?m\.?|o['’]clock)(?![\w])"
    r"|(?<![\w.,:])([01]?\d|2[0-4]):\s?([0-5]\d)(?![\w:])",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\d.,])(?:\d{2}[ .\-]){3,}\d{2}(?![\d])|(?<![\d.,])\d{3}[.\-]\d{3}[.\-]\d{4}(?!\d)")
_ID = re.compile(r"(?<![\w])(?:[A-Z]{1,5}-?\d+[A-Za-z]*|\d+[A-Z]{1,3}\d*)(?![\w])")
_NUMBER = re.compile(rf"(?<![\w.,])(?:{_NUM})(?!\d|[.,]\d)")
_GLUED = re.compile(r"[^\W\d_]+")
_GLUED_OK = re.compile(r"(?:k|m|mn|bn|b|md|mds|g|t|tn|km|kg|cm|mm|m2|ha|l|ml|kw|mw|gw|kwh|mwh|h|min|s|"
                       r"mph|ft|lb|lbs|oz|mi|x|pc|pct|c|million|millions|billion|billions|trillion|milliards?)", re.IGNORECASE)
_ORD_FR = re.compile(r"(?<![\w.,])(\d+|[IVXLC]+)(er|re|ère|e|es|ème|èmes|è|eme|nd|nde)(?![\w])")
_ORD_EN = re.compile(r"(?<![\w.,])(\d+)(st|nd|rd|th)(?![\w])", re.IGNORECASE)
_DECADE_EN = re.compile(r"(?<![\w.,])(?:(\d{4})|['’](\d{2})|(\d{2}))['’]?s(?![\w])")
_WORD_RUN_FR = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted((k for k in _FR_UNITS if _FR_UNITS[k] is not None),
                                       key=len, reverse=True))
    + r")(?:(?:-|\s+|\s+et\s+|-et-)(?:" + "|".join(sorted((k for k in _FR_UNITS if _FR_UNITS[k] is not None),
                                                         key=len, reverse=True)) + r"))*(?!\w)",
    re.IGNORECASE,
)
_WORD_RUN_EN = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted((k for k in _EN_UNITS if _EN_UNITS[k] is not None),
                                       key=len, reverse=True))
    + r")(?:(?:-|\s+|\s+and\s+)(?:" + "|".join(sorted((k for k in _EN_UNITS if _EN_UNITS[k] is not None),
                                                     key=len, reverse=True)) + r"))*(?!\w)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_DIGIT = re.compile(r"\d")
# Necessary conditions of the patterns above, each a piece every match holds,
# and fast to search (they start with a character class, not a lookbehind).
_FR_TIME_GATE = re.compile(r"\d\s?[hH]")
_EN_TIME_GATE = re.compile(r"\d(?::|\s?(?:[ap]\.?m|o['’]clock))", re.IGNORECASE)
_PHONE_GATE = re.compile(r"\d\d[ .\-]\d\d")
_ID_GATE = re.compile(r"[A-Z]-?\d|\d[A-Z]")
_ORD_FR_GATE = re.compile(r"[\dIVXLC][erèn]")
_ORD_EN_GATE = re.compile(r"\d(?:st|nd|rd|th)", re.IGNORECASE)
_DECADE_EN_GATE = re.compile(r"\d['’]?s")
_WORDS = re.compile(r"\w+")
_RUN_WORDS = {"fr": frozenset(k for k, v in _FR_UNITS.items() if v is not None),
              "en": frozenset(k for k, v in _EN_UNITS.items() if v is not None)}
_CASE_UNSAFE = re.compile("[\u0130\u0131\u017f]")


def _parse_num(text: str, lang: str) -> set[float]:
    """Values a written number may stand for in `lang` ("fr" or "en")."""
    s = re.sub(_SP, "", text)
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


_FR_FUNCTION_S = re.compile(r"\s+(?:des|les|ses|mes|tes|nos|vos|leurs|aux|dans|sous|sans|plus|moins|très|pas|"
                            r"puis|depuis|alors|mais|après|avant|chez|vers|dès|lors|sus|jamais)\b", re.I)


def _fr_words_value(words: list[str]) -> float | None:
    total = 0
    current = 0
    for w in words:
        v = _FR_UNITS.get(w)
        if v is None:
            continue
        if w in ("vingt", "vingts") and current % 100 == 4:  # quatre-vingt(s)
            current = current - 4 + 80
        elif v == 100:
            current = max(current, 1) * 100 if current % 100 else (current or 1) * 100
        elif v == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif w == "dix" and current % 100 in (60, 80):  # soixante-dix, quatre-vingt-dix
            current += 10
        else:
            current += v
    return float(total + current)


def _en_words_value(words: list[str]) -> float | None:
    total = 0
    current = 0
    for w in words:
        v = _EN_UNITS.get(w)
        if v is None:
            continue
        if v == 100:
            current = max(current, 1) * 100
        elif v == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += v
    return float(total + current)


def _overlaps(spans: "list[tuple[int, int]] | _Taken", start: int, end: int) -> bool:
    if isinstance(spans, _Taken):
        return spans.overlaps(start, end)
    return any(s < end and start < e for s, e in spans)


class _Taken:
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
        return any(start < p < end for p in self.empty)


_SCALE_WORD = re.compile(rf"{_SP}?(?:de{_SP}|d['’])?([^\W\d_]+)(?![\w])")
_SCALE_ABBR = re.compile(rf"{_SP}?([A-Za-z]{{1,3}})(?=\s?[$€£]|(?![\w]))")
_FULL_SCALES = {"million", "millions", "milliard", "milliards", "billion", "billions", "mille",
                "trillion", "trillions", "thousand"}


def _scale_after(text: str, end: int, scales: dict[str, float], money_before: bool = False) -> tuple[float, int]:
    """The scale word after a number ("milliard", "billion", "M$", "bn") and where it ends."""
    m = _SCALE_WORD.match(text, end)
    if m and m.group(1).lower() in _FULL_SCALES and m.group(1).lower() in scales:
        return scales[m.group(1).lower()], m.end(1)
    m = _SCALE_ABBR.match(text, end)
    if m:
        w = m.group(1).lower()
        money_after = bool(re.match(r"\s?[$€£]", text[m.end(1):m.end(1) + 2]))
        if w in scales and w not in _FULL_SCALES and (money_after or money_before):
            return scales[w], m.end(1)
    return 1.0, end


_JOINERS = {"cent", "cents", "mille", "et", "hundred", "thousand", "and", "million", "millions", "milliard",
            "milliards", "billion", "billions"}


class _Span:
    """A piece of a regex match, with the match interface `extract` uses."""

    __slots__ = ("_text", "_start", "_end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def group(self) -> str:
        return self._text[self._start:self._end]

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def _split_runs(pattern: re.Pattern[str], text: str, lang: str):
    """Number-word runs, cut where two words are merely adjacent ("tous les deux un")."""
    for m in pattern.finditer(text):
        pieces = list(re.finditer(r"[^\s]+", m.group()))
        start = m.start()
        for a, b in zip(pieces, pieces[1:]):
            left = a.group().split("-")[-1].lower()
            right = b.group().split("-")[0].lower()
            if left in _JOINERS or right in _JOINERS:
                continue
            yield _Span(text, start, m.start() + a.end())
            start = m.start() + b.start()
        yield _Span(text, start, m.end())


_TOKEN_KEYS = {
    lang: frozenset(ordinals) | frozenset(approx) | frozenset(special) | frozenset(months) | frozenset(days)
    for lang, ordinals, approx, special, months, days in (
        ("fr", _FR_ORDINALS, _FR_APPROX, _FR_SPECIAL, _FR_MONTHS, _FR_DAYS),
        ("en", _EN_ORDINALS, _EN_APPROX, _EN_SPECIAL, _EN_MONTHS, _EN_DAYS),
    )
}


def _trie(words: Iterable[str], tail: str = "") -> str:
    """An alternation of `words` grouped by first letter (each followed by
    `tail`): a failing position costs one character test, not one per word."""
    by_first: dict[str, list[str]] = {}
    for w in sorted(set(words), key=len, reverse=True):
        by_first.setdefault(w[0], []).append(re.escape(w[1:]) + tail)
    return "|".join(re.escape(first) + "(?:" + "|".join(rest) + ")" for first, rest in sorted(by_first.items()))


def _starts_word(pattern: re.Pattern[str], low: str, inner: re.Pattern[str]) -> bool:
    """Whether `pattern` matches in `low` where no `inner` character precedes
    the match (a hand-made lookbehind: one at the front of a pattern stops re
    from skipping positions on the first character). The words matched are
    all `inner` characters, so a match that fails the test cannot overlap one
    that passes, and finditer's non-overlapping scan misses none."""
    for m in pattern.finditer(low):
        i = m.start()
        if not i or inner.match(low, i - 1) is None:
            return True
    return False


_LETTER = re.compile(r"[^\W\d_]")
_WORD_CHAR = re.compile(r"\w")
# Per language: the words the token loop of `extract` acts on (`_TOKEN_KEYS`,
# and approximate words with trailing "s"es, which it strips) as whole letter
# runs; and the number words a run of `_WORD_RUN_*` starts with, as whole
# \w runs.
_TOKEN_GATES = {
    lang: re.compile("(?:" + _trie(_TOKEN_KEYS[lang]) + "|" + _trie(approx, "s*") + r")(?![^\W\d_])")
    for lang, approx in (("fr", _FR_APPROX), ("en", _EN_APPROX))
}
_RUN_GATES = {lang: re.compile("(?:" + _trie(words) + r")(?!\w)") for lang, words in _RUN_WORDS.items()}


def _may_hold_token_word(text: str, low: str, lang: str) -> bool:
    """A necessary condition for the token loop of `extract` to add anything.

    Such a token has no apostrophe, so it is a whole run of letters; `low`,
    the lowercased text, has the same runs holding the same lowercased words:
    lowercasing keeps each character's letter-ness and the text's length,
    except for "İ" (`_CASE_UNSAFE`). An English "-fold" word holds "fold".
    """
    if _CASE_UNSAFE.search(text) or (lang == "en" and "fold" in low):
        return True
    return _starts_word(_TOKEN_GATES[lang], low, _LETTER)


def extract(text: str, lang: str) -> list[Quantity]:
    """All quantities of a French ("fr") or English ("en") text, in order."""
    out: list[Quantity] = []
    taken = _Taken()
    # Times, telephone numbers, identifiers, digit ordinals, decades and plain
    # numbers all hold a digit: without one those patterns are not searched.
    digits = _DIGIT.search(text) is not None

    def add(q: Quantity) -> None:
        out.append(q)
        taken.append((q.start, q.end))

    # Times first: "19 h 05", "7:05 p.m.", "19:05".
    for m in (_FR_TIME.finditer(text) if digits and _FR_TIME_GATE.search(text) else ()):
        if lang == "en" and not re.fullmatch(r"\d+\s?[hH]\s?\d\d|\d+[hH]", m.group()):
            continue  # French clock formats carried into English ("2h45") still carry the value
        h = int(m.group(1))
        mi = int(m.group(2) or 0)
        vals = {("t", h % 12, mi)}
        parts: tuple = (float(h), float(mi)) if mi else ()
        if not mi:
            vals.add(_r(h))
        elif mi in (15, 30, 45):
            vals.add(_r(h + mi / 60))
        # "le 20h", "au 20 h": the evening news programme, often not rendered as a time.
        named = lang == "fr" and re.search(r"\b(?:le|du|au)\s+$", text[max(0, m.start() - 4):m.start()], re.I)
        add(Quantity(m.start(), m.end(), frozenset(vals), "soft" if named else "strong", "time", parts=parts,
                     text=m.group()))
    if lang == "en" and digits and _EN_TIME_GATE.search(text):
        for m in _EN_TIME.finditer(text):
            if _overlaps(taken, m.start(), m.end()):
                continue
            if m.group(1) is not None:
                h, mi = int(m.group(1)), int(m.group(2) or 0)
                vals = {("t", h % 12, mi)}
                if not m.group(2):
                    vals.add(_r(h))
            else:
                h, mi = int(m.group(4)), int(m.group(5))
                vals = {("t", h % 12, mi), _r(h + mi / 60) if mi in (15, 30, 45) else ("t", h % 12, mi)}
            add(Quantity(m.start(), m.end(), frozenset(vals), "strong", "time",
                         parts=(float(h), float(mi)) if mi else (), text=m.group()))

    # Telephone numbers: compared by their digits.
    for m in (_PHONE.finditer(text) if digits and _PHONE_GATE.search(text) else ()):
        if not _overlaps(taken, m.start(), m.end()):
            add(Quantity(m.start(), m.end(), frozenset({("id", re.sub(r"\D", "", m.group()))}), "strong", "id",
                         text=m.group()))

    # Identifiers: "G20", "A380", "COVID-19", "F-35": compared as strings.
    for m in (_ID.finditer(text) if digits and _ID_GATE.search(text) else ()):
        if _overlaps(taken, m.start(), m.end()):
            continue
        raw = m.group()
        if lang == "fr" and re.fullmatch(r"\d+(?:er|re|e|ème|M|G|Md|K)", raw):
            continue
        if lang == "en" and re.fullmatch(r"\d+(?:M|B|K|bn|BN|T)", raw):
            continue
        key = re.sub(r"[- ]", "", raw).upper()
        vals = {("id", key)}
        digits = re.findall(r"\d+", raw)
        add(Quantity(m.start(), m.end(), frozenset(vals | {_r(float(d)) for d in digits}), "strong", "id",
                     text=raw))

    # Ordinals with digits or Roman numerals: "1er", "XXIe", "21st".
    pats = [_ORD_EN] if lang == "en" and digits and _ORD_EN_GATE.search(text) else []
    if _ORD_FR_GATE.search(text):
        pats.append(_ORD_FR)
    for m in (m for pat in pats for m in pat.finditer(text)):
        if _overlaps(taken, m.start(), m.end()):
            continue
        raw = m.group(1)
        if raw.isdigit():
            v = int(raw)
        elif _ROMAN.match(raw) and (len(raw) > 1 or m.group(2) in ("er", "e", "ème")):
            if raw in ("I", "C", "L", "D", "M") or (raw == "V" and m.group(2) == "e"):
                continue
            v = _roman(raw)
        else:
            continue
        add(Quantity(m.start(), m.end(), frozenset({_r(v)}), "strong", "ordinal", text=m.group()))

    # Decades: "the 1990s", "the '90s" (French: "les années 1990", plain numbers).
    if lang == "en":
        for m in (_DECADE_EN.finditer(text) if digits and _DECADE_EN_GATE.search(text) else ()):
            if _overlaps(taken, m.start(), m.end()):
                continue
            if m.group(1):
                v = int(m.group(1))
                vals = {_r(v), _r(v % 100)}
            else:
                v = int(m.group(2) or m.group(3))
                vals = {_r(v), _r(1900 + v), _r(2000 + v)}
            add(Quantity(m.start(), m.end(), frozenset(vals), "strong", "number", text=m.group()))
    else:
        for m in (re.finditer(r"années\s+(\d{2})(?!\d)", text) if digits else ()):
            if _overlaps(taken, m.start(1), m.end(1)):
                continue
            v = int(m.group(1))
            add(Quantity(m.start(1), m.end(1), frozenset({_r(v), _r(1900 + v), _r(2000 + v)}), "strong",
                         "number", text=m.group(1)))

    # Plain numbers with an optional scale: "1,2 milliard", "$1.2 billion", "3 M$".
    scales = _SCALES_FR if lang == "fr" else _SCALES_EN
    for m in (_NUMBER.finditer(text) if digits else ()):
        if _overlaps(taken, m.start(), m.end()):
            continue
        glued = _GLUED.match(text, m.end())
        if glued and not _GLUED_OK.fullmatch(glued.group()):
            continue  # part of a code or a name: "3D", "MP3" are identifiers
        try:
            base = _parse_num(m.group(), lang)
        except ValueError:
            continue
        money_before = bool(re.search(r"[$£€¥]\s?$", text[max(0, m.start() - 2):m.start()]))
        scale, end = _scale_after(text, m.end(), scales, money_before)
        vals = {_r(b) for b in base}
        clock = re.fullmatch(r"([01]?\d|2[0-3])[.:]([0-5]\d)", m.group())
        if clock:  # "at 6.30" (British clock)
            vals.add(("t", int(clock.group(1)) % 12, int(clock.group(2))))
        if lang == "fr" and re.match(r"(?:\s+[^\W\d_]+)?\s+et\s+demie?\b", text[end:end + 24]):
            vals |= {_r(b + 0.5) for b in base}  # "12 ans et demi" = 12.5
        strength = "strong"
        if scale != 1.0:
            vals |= {_r(b * scale) for b in base}
        after = text[end:end + 14]
        conv = _FR_UNITS_CONV if lang == "fr" else _EN_UNITS_CONV
        if conv.match(after) or (lang == "en" and re.search(r"£\s?$", text[max(0, m.start() - 2):m.start()])):
            strength = "soft"
        if lang == "en" and _APPROX_BEFORE_EN.search(text[max(0, m.start() - 30):m.start()]) and \
                re.search(r"\(\s*(?:\S+\s+){0,3}$", text[max(0, m.start() - 30):m.start()]):
            strength = "soft"  # "(about $650)": a translator's conversion note
        if re.search(r"[nN]°\s?$", text[max(0, m.start() - 3):m.start()]):
            strength = "soft"  # "ma proposition n°1": a rank a translator may render in words
        add(Quantity(m.start(), end, frozenset(vals), strength, "number", scaled=scale != 1.0,
                     text=text[m.start():end]))

    # Words: cardinals, ordinals, approximations, fractions, months and days.
    run_pat = _WORD_RUN_FR if lang == "fr" else _WORD_RUN_EN
    # A run's first word stands between non-word characters: a whole word of the
    # lowercased text (see _has_numbers on why lowercasing is safe).
    # (`_starts_word` finds the same whole words as `_WORDS.findall`, faster.)
    low = text.lower()
    maybe_runs = bool(_CASE_UNSAFE.search(text)) or _starts_word(_RUN_GATES[lang], low, _WORD_CHAR)
    for m in (_split_runs(run_pat, text, lang) if maybe_runs else ()):
        if _overlaps(taken, m.start(), m.end()):
            continue
        # "l'université de Trente", "the Five Eyes", "Phase One": likely part of a name.
        named = m.group()[:1].isupper() and bool(re.search(r"[\w,;]\s*$", text[max(0, m.start() - 3):m.start()]))
        words = [w.lower() for w in re.split(r"[\s-]+", m.group()) if w]
        words = [w for w in words if w not in ("et", "and")]
        if not words:
            continue
        if lang == "fr":
            if words == ["un"] or words == ["une"]:
                # An article as often as a number: it may match a "1" but is never reported.
                add(Quantity(m.start(), m.end(), frozenset({1.0}), "soft", "word", text=m.group()))
                continue
            if words[0] in ("un", "une") and len(words) > 1 and words[1] not in ("million", "milliard", "mille"):
                words = words[1:]
            if words in (["neuf"], ["cent"], ["cents"]):
                nxt = text[m.end():m.end() + 20]
                prev = text[max(0, m.start() - 6):m.start()].lower()
                if words == ["neuf"] and (not re.match(r"\s+\w+[sx]\b", nxt) or _FR_FUNCTION_S.match(nxt)):
                    continue
                if words != ["neuf"] and ("pour" in prev or not re.match(r"\s+\w+[sx]\b", nxt)):
                    continue
            if words == ["second"] or words == ["seconde"]:
                continue
            value = _fr_words_value(words)
        else:
            value = _en_words_value(words)
        if value is None:
            continue
        scale, end = _scale_after(text, m.end(), scales)
        vals = {_r(value)} | ({_r(value * scale)} if scale != 1.0 else set())
        add(Quantity(m.start(), end, frozenset(vals), "soft" if named else "weak", "word", scaled=scale != 1.0,
                     text=text[m.start():end]))

    ordinals = _FR_ORDINALS if lang == "fr" else _EN_ORDINALS
    approx = _FR_APPROX if lang == "fr" else _EN_APPROX
    special = _FR_SPECIAL if lang == "fr" else _EN_SPECIAL
    months = _FR_MONTHS if lang == "fr" else _EN_MONTHS
    days = _FR_DAYS if lang == "fr" else _EN_DAYS
    keys = _TOKEN_KEYS[lang]
    # Most texts hold none of these words: one C-level search of the
    # lowercased text (see _token_gate) instead of a Python step per token.
    word_tokens = _TOKEN.finditer(text) if _may_hold_token_word(text, low, lang) else ()
    for m in word_tokens:
        raw = m.group()
        w = raw.lower()
        # Only a word one of the branches below knows can add anything.
        if w not in keys and w.rstrip("s") not in approx and not (lang == "en" and w.endswith("fold")):
            continue
        if _overlaps(taken, m.start(), m.end()):
            continue
        if w in ordinals:
            if lang == "fr" and w in ("premier", "première", "second", "seconde"):
                nxt = text[m.end():m.end() + 12].lower()
                if re.match(r"\s+(?:ministre|rang|plan|lieu|temps|abord|chef|secrétaire)", nxt):
                    continue
            add(Quantity(m.start(), m.end(), frozenset({_r(ordinals[w])}), "weak", "ordinal", text=raw))
        elif w.rstrip("s") in approx or w in approx:
            v = approx.get(w, approx.get(w.rstrip("s")))
            add(Quantity(m.start(), m.end(), frozenset({_r(v)}), "soft", "approx", text=raw))
        elif lang == "en" and w.endswith("fold") and w[:-4] in _EN_UNITS and _EN_UNITS[w[:-4]]:
            add(Quantity(m.start(), m.end(), frozenset({_r(_EN_UNITS[w[:-4]])}), "soft", "word", text=raw))
        elif w in special:
            add(Quantity(m.start(), m.end(), frozenset(_r(v) for v in special[w]), "soft", "word", text=raw))
        elif w in months or (w.rstrip(".") in months):
            if lang == "en":
                if not raw[0].isupper():
                    continue
                if w in ("may", "march", "mar", "jan", "sept", "dec", "oct", "nov", "aug", "jun", "jul", "apr",
                         "feb", "sep") and not re.search(r"\d", text[max(0, m.start() - 5):m.end() + 6]) and \
                        not re.search(r"(?:in|of|since|until|by|last|next|early|late|mid|this|from|to|through)\s+$",
                                      text[max(0, m.start() - 10):m.start()], re.I):
                    continue
            add(Quantity(m.start(), m.end(), frozenset({("m", months[w.rstrip(".")])}), "weak", "month", text=raw))
        elif w in days:
            add(Quantity(m.start(), m.end(), frozenset({("d", days[w])}), "weak", "day", text=raw))
    # "deux fois" is "twice": weak already; nothing to add.
    out.sort(key=lambda q: q.start)
    return out


# --------------------------------------------------------------------------- matching


def _num_values(q: Quantity) -> list[float]:
    return [v for v in q.values if isinstance(v, float)]


def _decimals(x: float) -> int:
    s = repr(x)
    return len(s.split(".")[1].rstrip("0")) if "." in s else 0


def _match(a: Quantity, b: Quantity, loose: bool = False) -> bool:
    if a.scaled and b.scaled:
        va = {v for v in a.values if not isinstance(v, float) or v >= 1000}
        vb = {v for v in b.values if not isinstance(v, float) or v >= 1000}
        if va & vb:
            return True
    elif a.values & b.values:
        return True
    if not loose:
        return False
    # Rounding ("1,23 milliard" → "1.2 billion") and approximations ("une dizaine" ≈ 12).
    for x in _num_values(a):
        for y in _num_values(b):
            if x == 0 or y == 0:
                continue
            if a.kind == "approx" or b.kind == "approx":
                if abs(x - y) <= 0.25 * max(x, y):
                    return True
                continue
            if a.scaled != b.scaled:
                continue
            dx, dy = _decimals(x), _decimals(y)
            # Rounded to fewer decimals ("1,23 milliard" → "1.2 billion"), never to a whole number.
            if dx != dy and min(dx, dy) >= 1 and round(x if dx > dy else y, min(dx, dy)) == (y if dx > dy else x):
                return True
    return False


_RANK = {"strong": 0, "weak": 1, "soft": 2}


def align(src: list[Quantity], tgt: list[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """Match source and target quantities; return the unmatched of each side."""
    for q in src + tgt:
        q.used = False
    for loose in (False, True):
        for s_rank in (0, 1, 2):
            for t_rank in (0, 1, 2):
                for s in src:
                    if s.used or _RANK[s.strength] != s_rank:
                        continue
                    for t in tgt:
                        if t.used or _RANK[t.strength] != t_rank:
                            continue
                        if _match(s, t, loose):
                            s.used = t.used = True
                            break
    # A time written as a duration: "2 h 30" → "2 hours 30 minutes".
    for s in src:
        if s.used or not s.parts:
            continue
        cands = []
        for p in s.parts:
            for t in tgt:
                if not t.used and t not in cands and _r(p) in t.values:
                    cands.append(t)
                    break
        if len(cands) == len(s.parts):
            s.used = True
            for t in cands:
                t.used = True
    return [q for q in src if not q.used], [q for q in tgt if not q.used]


def _reportable_alone(q: Quantity) -> bool:
    if q.strength == "strong":
        return True
    if q.strength == "soft":
        return False
    if q.kind == "word":
        vals = _num_values(q)
        return bool(vals) and min(vals) >= 3
    return False


def _comparable(s: Quantity, t: Quantity) -> bool:
    """Whether an unmatched source and target quantity read as one figure changed."""
    if s.strength == "soft" or t.strength == "soft":
        return False
    if s.kind in ("month", "day", "time") or t.kind in ("month", "day", "time"):
        return s.kind == t.kind
    if s.kind == "id" or t.kind == "id":
        return False
    for q in (s, t):
        if q.strength == "weak" and (q.kind != "word" and q.kind != "ordinal" or min(_num_values(q) or [0]) < 2):
            return False
    if s.strength == "weak" and t.strength == "weak":
        return s.kind == t.kind
    return True


def _has_numbers(text: str) -> bool:
    """`_CHEAP.search(text)`, faster: a digit, else the words searched case-sensitively
    in the lowercased text (a case-insensitive alternation is slow). For the
    Latin letters of these words, str.lower agrees with re.IGNORECASE, keeps
    lengths and keeps word characters word characters, except for "İ", "ı"
    and "ſ": with one of those the original pattern runs."""
    if _DIGIT.search(text):
        return True
    if _CASE_UNSAFE.search(text):
        return bool(_CHEAP.search(text))
    return bool(_CHEAP_LOWER.search(text.lower()))


_CHEAP_WORDS = sorted(
    set(list(_FR_UNITS) + list(_EN_UNITS) + list(_FR_ORDINALS) + list(_EN_ORDINALS)
        + list(_FR_MONTHS) + list(_EN_MONTHS) + list(_FR_DAYS) + list(_EN_DAYS)
        + list(_FR_APPROX) + list(_EN_APPROX)) - {"a", "et", "and", "un", "une", "one"},
    key=len, reverse=True)
_CHEAP = re.compile(r"\d|\b(?:" + "|".join(_CHEAP_WORDS) + r")", re.IGNORECASE)
assert all(w == w.lower() for w in _CHEAP_WORDS)
# The same words as a trie on their first letter (only whether one matches counts).
_CHEAP_LOWER = re.compile(r"\b(?:" + "|".join(
    re.escape(first) + "(?:" + "|".join(re.escape(w[1:]) for w in _CHEAP_WORDS if w[0] == first) + ")"
    for first in sorted({w[0] for w in _CHEAP_WORDS})) + ")")


# The source side depends on the source alone, and one source is often checked
# against several targets (MT systems compared, revisions of one translation):
# memoised per source text, in bounded caches.
@memo_by_text(maxsize=4096)
def _source_has_numbers(source: str) -> bool:
    return _has_numbers(source)


@memo_by_text(maxsize=4096)
def _source_quantities(source: str) -> tuple[Quantity, ...]:
    """`extract(source, "fr")`, memoised. The Quantity objects are mutable
    (`align` marks them used), so callers get copies, never these."""
    return tuple(extract(source, "fr"))


def _describe(q: Quantity) -> str:
    return repr(q.text)


# Alignment is pairwise; real segments carry a few dozen figures at most.
MAX_QUANTITIES = 400


class _NumberBase(Detector):
    category = "accuracy/mistranslation"
    severity = "major"
    fix = "reviewable"
    severity_reason = "A wrong, missing or invented figure, date or time misinforms the reader."

    def _unmatched(self, segment: Segment, ctx: Context):
        key = "_numbers_unmatched"
        cached = ctx.__dict__.get(key)
        if cached is None:
            if not (_source_has_numbers(segment.source) or _has_numbers(segment.target)):
                cached = ([], [], [])
            else:
                src = [copy(q) for q in _source_quantities(segment.source)]
                tgt = extract(segment.target, "en")
                if len(src) > MAX_QUANTITIES or len(tgt) > MAX_QUANTITIES:
                    # A table or hostile input, not a sentence: pairwise
                    # alignment would be quadratic, so the segment is not
                    # number-checked (documented in the README).
                    ctx.__dict__[key] = ([], [], [])
                    return ctx.__dict__[key]
                # English number words the source itself uses: names such as "Five Eyes".
                tgt = [t for t in tgt if not (t.kind == "word" and t.text[:1].isupper() and re.search(
                    rf"(?<!\w){re.escape(t.text)}(?!\w)", segment.source))]
                us, ut = align(src, tgt)
                # Unit conversions (km → miles) and currency notes consume each other silently.
                pairs = []
                us_left, ut_left = [], list(ut)
                for s in us:
                    partner = None
                    for t in ut_left:
                        if _comparable(s, t):
                            partner = t
                            break
                    if partner is not None:
                        ut_left.remove(partner)
                        pairs.append((s, partner))
                    else:
                        us_left.append(s)
                cached = (pairs, us_left, ut_left)
            ctx.__dict__[key] = cached
        return cached


class NumberMismatch(_NumberBase):
    """A number, date or time in the target that differs from the source's."""

    code = "N101"
    name = "number-mismatch"
    examples = (("Le projet coûtera 1,2 milliard de dollars.", "The project will cost $1.2 million."),
                ("La réunion commence à 19 h 05.", "The meeting starts at 7:50 p.m."))
    traps = (("Publié à 19 h 05", "Posted at 7:05 p.m."),
             ("1,2 milliard de dollars", "$1.2 billion"),
             ("les années 1990", "the 1990s"))

    def check(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        pairs, _, _ = self._unmatched(segment, ctx)
        from ._english_numbers import english_suggestion

        for s, t in pairs:
            # The suggestion is English, in the target's style, or there is none.
            yield self.finding(t.start, t.end, f"target has {t.text!r} where the source says {s.text!r}",
                               english_suggestion(s, t))


class NumberMissing(_NumberBase):
    """A number, date or time in the source with no counterpart in the target."""

    code = "N102"
    name = "number-missing"
    category = "accuracy/omission"
    examples = (("Le séisme a fait 42 morts.", "The earthquake killed people."),)
    traps = (("une dizaine de personnes", "about a dozen people"), ("le 1er juillet", "on July 1"))

    def check(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        _, us, _ = self._unmatched(segment, ctx)
        for s in us:
            if _reportable_alone(s):
                yield self.finding(s.start, s.end, f"source number {s.text!r} is missing from the target",
                                   side="source")


class NumberAdded(_NumberBase):
    """A number, date or time in the target that the source never gives."""

    code = "N103"
    name = "number-added"
    category = "accuracy/addition"
    examples = (("Le séisme a fait des morts.", "The earthquake killed 42 people."),)
    traps = (("huit pays", "eight countries"), ("la Seconde Guerre mondiale", "World War II"))

    def check(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        _, _, ut = self._unmatched(segment, ctx)
        for t in ut:
            if _reportable_alone(t):
                yield self.finding(t.start, t.end, f"target number {t.text!r} is not in the source")


DETECTORS = (NumberMismatch, NumberMissing, NumberAdded)
