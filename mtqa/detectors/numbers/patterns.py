"""The patterns quantities are found with, and the cheap gates searched first."""

from __future__ import annotations

import re
from typing import Iterable

from .lexicon import (
    EN_APPROX, EN_DAYS, EN_MONTHS, EN_ORDINAL_ENDS, EN_ORDINALS, EN_SPECIAL, EN_UNITS, FR_APPROX,
    FR_DAYS, FR_MONTHS, FR_ORDINAL_ENDS, FR_ORDINALS, FR_SPECIAL, FR_UNITS
)


SP = r"[ \u00a0\u202f\u2009]"
# A number: grouped thousands (space, nbsp, dot or comma) or plain, with an optional decimal part.
_NUM = (
    rf"\d{{1,3}}(?:{SP}\d{{3}})+(?:[.,]\d+)?(?!\d)"
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])"
    r"|\d+(?:[.,]\d+)?"
)

# A lowercase letter may precede: "à7h30", a missing space.
FR_TIME = re.compile(r"(?<![\d.,A-Z_])([01]?\d|2[0-4])\s?(?:h|H|heures?)\s?([0-5]\d)?(?![\w])")
EN_TIME = re.compile(
    r"(?<![\w.,:])([01]?\d|2[0-4])(?:[:.]([0-5]\d))?\s?(a\.?m\.?|p\.?m\.?|o['’]clock)(?![\w])"
    r"|(?<![\w.,:])([01]?\d|2[0-4]):\s?([0-5]\d)(?![\w:])",
    re.IGNORECASE,
)
PHONE = re.compile(r"(?<![\d.,])(?:\d{2}[ .\-]){3,}\d{2}(?![\d])|(?<![\d.,])\d{3}[.\-]\d{3}[.\-]\d{4}(?!\d)")
ID = re.compile(r"(?<![\w])(?:[A-Z]{1,5}-?\d+[A-Za-z]*|\d+[A-Z]{1,3}\d*)(?![\w])")
NUMBER = re.compile(rf"(?<![\w.,])(?:{_NUM})(?!\d|[.,]\d)")
GLUED = re.compile(r"[^\W\d_]+")
GLUED_OK = re.compile(r"(?:k|m|mn|bn|b|md|mds|g|t|tn|km|kg|cm|mm|m2|ha|l|ml|kw|mw|gw|kwh|mwh|h|min|s|"
                       r"mph|ft|lb|lbs|oz|mi|x|pc|pct|c|million|millions|billion|billions|trillion|milliards?)", re.IGNORECASE)
ORD_FR = re.compile(r"(?<![\w.,])(\d+|[IVXLC]+)(er|re|ère|e|es|ème|èmes|è|eme|nd|nde)(?![\w])")
# And Roman ones, "the XXth Congress" (capitals only: "lith" is no numeral).
ORD_EN = re.compile(r"(?<![\w.,])(\d+|(?-i:[IVXLC]{2,}))(st|nd|rd|th)(?![\w])", re.IGNORECASE)
DECADE_EN = re.compile(r"(?<![\w.,])(?:(\d{4})|['’](\d{2})|(\d{2}))['’]?s(?![\w])")


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


# Number words, longest first (an alternation tries them in order).
_FR_RUN_WORDS = _alt(k for k, v in FR_UNITS.items() if v is not None)
_EN_RUN_WORDS = _alt(k for k, v in EN_UNITS.items() if v is not None)
WORD_RUN_FR = re.compile(
    rf"(?<![\w-])(?:{_FR_RUN_WORDS})(?:(?:-|\s+|\s+et\s+|-et-)(?:{_FR_RUN_WORDS}))*(?!\w)", re.IGNORECASE)
WORD_RUN_EN = re.compile(
    rf"(?<![\w-])(?:{_EN_RUN_WORDS})(?:(?:-|\s+|\s+and\s+)(?:{_EN_RUN_WORDS}))*(?!\w)", re.IGNORECASE)
_EN_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
# Compound ordinals, read whole: "dix-neuvième" is 19th, not "dix" and a
# ninth; "vingt et unième", "deux cent troisième", "twenty-first", "one
# hundred and first". A plain space joins only before or after "cent" or
# "mille" (French) and "hundred" or "thousand" (English): "deux troisièmes"
# and "three fourths" are fractions, not ordinals (an English tens word may
# be spaced, "thirty eighth": no fraction has a tens numerator and an ordinal
# under ten for denominator).
ORD_RUN_FR = re.compile(
    rf"(?<![\w-])(?:(?:{_FR_RUN_WORDS})(?:-et-|-|\s+et\s+)|(?:{_FR_RUN_WORDS})\s+(?=cent|mille)"
    rf"|(?:cents?|mille)\s+)+(?:{_alt(FR_ORDINAL_ENDS)})(?!\w)",
    re.IGNORECASE,
)
ORD_RUN_EN = re.compile(
    rf"(?<![\w-])(?:(?:{_EN_TENS})[-\s]|(?:{_alt(k for k, v in EN_UNITS.items() if v)})\s+(?=hundred|thousand)"
    rf"|(?:hundred|thousand)(?:\s+and)?[\s-]+)+(?:{_alt(EN_ORDINAL_ENDS)})(?!\w)",
    re.IGNORECASE,
)
# Clock times in words. French: "six heures trente", "dix heures et demie",
# "neuf heures moins vingt", "minuit moins le quart". English: "half past
# six", "ten past nine", "quarter to eleven", "seven o'clock", and "ten to
# six" only before "o'clock", "in the morning" and the like ("ten to twelve
# people" is a range).
_FR_HYPHENED = rf"(?:{_FR_RUN_WORDS})(?:-(?:et-)?(?:{_FR_RUN_WORDS}))*"
_EN_WORDS = _alt(k for k, v in EN_UNITS.items() if v)
_EN_HYPHENED = rf"(?:{_EN_WORDS})(?:-(?:{_EN_WORDS}))*"
FR_WORD_TIME = re.compile(
    rf"(?<![\w-])(?:({_FR_HYPHENED})\s+heures?|(midi|minuit))"
    rf"(?:\s+(et\s+demie?|et\s+quart|moins\s+le\s+quart|moins\s+({_FR_HYPHENED})|({_FR_HYPHENED}))(?!\w))?(?!\w)",
    re.IGNORECASE,
)
_EN_HOUR = rf"({_EN_HYPHENED}|\d{{1,2}}|noon|midnight)"
EN_WORD_TIME = re.compile(
    rf"(?<![\w-])(?:(half|(?:a\s+)?quarter|{_EN_HYPHENED}|\d{{1,2}})(?:\s+minutes)?\s+"
    rf"(past|after|to|before|till)\s+{_EN_HOUR}(?![\w:.]\d)"
    rf"((?=\s*(?:o['’]clock|in\s+the\s+(?:morning|afternoon|evening)|at\s+night|[ap]\.?m\b)))?"
    rf"|({_EN_HYPHENED})\s+o['’]clock)(?!\w)",
    re.IGNORECASE,
)
# Race and lap times, "2:03:59", "3:32.77", "2 :03 :59": compared by their
# digits, before the clock pattern reads "3:32" of "3:32.77" as a time of day
# (one before "a.m." is a clock, however odd its seconds).
DURATION = re.compile(r"(?<![\w.,:])\d{1,2}\s?:\s?\d{2}(?:\s?:\s?\d{2}|\.\d{1,2})+(?![\w:]|[.,]\d|\s?[ap]\.?m\b)")
# A two-digit year closing a range, "2003-04": the year before it.
YEAR_RANGE_BEFORE = re.compile(r"(?<!\d)((?:1[5-9]|20)\d\d)\s?[-–—/]\s?$")
TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
DIGIT = re.compile(r"\d")
# Necessary conditions of the patterns above, each a piece every match holds,
# and fast to search (they start with a character class, not a lookbehind).
FR_TIME_GATE = re.compile(r"\d\s?[hH]")
EN_TIME_GATE = re.compile(r"\d(?::|\s?(?:[ap]\.?m|o['’]clock))", re.IGNORECASE)
PHONE_GATE = re.compile(r"\d\d[ .\-]\d\d")
ID_GATE = re.compile(r"[A-Z]-?\d|\d[A-Z]")
ORD_FR_GATE = re.compile(r"[\dIVXLC][erèn]")
ORD_EN_GATE = re.compile(r"(?:\d|[IVXLC])(?:st|nd|rd|th|ST|ND|RD|TH)")
DECADE_EN_GATE = re.compile(r"\d['’]?s")


_RUN_WORDS = {"fr": frozenset(k for k, v in FR_UNITS.items() if v is not None),
              "en": frozenset(k for k, v in EN_UNITS.items() if v is not None)}
CASE_UNSAFE = re.compile("[\u0130\u0131\u017f]")


SCALE_WORD = re.compile(rf"{SP}?(?:de{SP}|d['’])?([^\W\d_]+)(?![\w])")
SCALE_ABBR = re.compile(rf"{SP}?([A-Za-z]{{1,3}})(?=\s?[$€£]|(?![\w]))")
FULL_SCALES = {"million", "millions", "milliard", "milliards", "billion", "billions", "mille",
                "trillion", "trillions", "thousand"}


JOINERS = {"cent", "cents", "mille", "et", "hundred", "thousand", "and", "million", "millions", "milliard",
            "milliards", "billion", "billions"}


TOKEN_KEYS = {
    lang: frozenset(ordinals) | frozenset(approx) | frozenset(special) | frozenset(months) | frozenset(days)
    for lang, ordinals, approx, special, months, days in (
        ("fr", FR_ORDINALS, FR_APPROX, FR_SPECIAL, FR_MONTHS, FR_DAYS),
        ("en", EN_ORDINALS, EN_APPROX, EN_SPECIAL, EN_MONTHS, EN_DAYS),
    )
}


def _trie(words: Iterable[str], tail: str = "") -> str:
    """An alternation of `words` grouped by first letter (each followed by
    `tail`): a failing position costs one character test, not one per word."""
    by_first: dict[str, list[str]] = {}
    for w in sorted(set(words), key=len, reverse=True):
        by_first.setdefault(w[0], []).append(re.escape(w[1:]) + tail)
    return "|".join(re.escape(first) + "(?:" + "|".join(rest) + ")" for first, rest in sorted(by_first.items()))


def starts_word(pattern: re.Pattern[str], low: str, inner: re.Pattern[str]) -> bool:
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


LETTER = re.compile(r"[^\W\d_]")
WORD_CHAR = re.compile(r"\w")
# Per language: the words the token loop of `extract` acts on (`TOKEN_KEYS`,
# and approximate words with trailing "s"es, which it strips) as whole letter
# runs; and the number words a run of `_WORD_RUN_*` starts with, as whole
# \w runs.
TOKEN_GATES = {
    lang: re.compile("(?:" + _trie(TOKEN_KEYS[lang]) + "|" + _trie(approx, "s*") + r")(?![^\W\d_])")
    for lang, approx in (("fr", FR_APPROX), ("en", EN_APPROX))
}
RUN_GATES = {lang: re.compile("(?:" + _trie(words) + r")(?!\w)") for lang, words in _RUN_WORDS.items()}
# Gates of the compound-ordinal and clock-word passes, searched in the
# lowercased text (case-sensitive: fast; see has_numbers on why that is safe).
# (What precedes a compound's last word: a hyphen, "et", "cent", "mille"; a
# tens word, "hundred", "thousand", "and".)
ORD_RUN_GATE = {"fr": re.compile(r"(?:-|\set\s|cents?\s|mille\s)(?:" + _trie(FR_ORDINAL_ENDS) + ")"),
                "en": re.compile(r"(?:ty[-\s]|hundred[-\s]|thousand[-\s]|and\s)(?:" + _trie(EN_ORDINAL_ENDS) + ")")}
WORD_TIME_GATE = {"fr": re.compile(r"heure|midi|minuit"),
                  "en": re.compile(r"o['’]clock|(?:past|after|to|before|till)\s+(?:\d|one|two|three|four|five"
                                   r"|six|seven|eight|nine|ten|eleven|twelve|noon|midnight)")}
# A Roman numeral of two letters or V, X, L, C alone (not the pronoun "I");
# starting with the letters, not a lookbehind, so re skips other positions fast.
ROMAN_GATE = re.compile(r"[IVXLC]{2,}(?![\w'’-])|[VXLC](?![\w'’-])")
