"""The patterns quantities are found with, and the cheap gates searched first."""

from __future__ import annotations

import re
from typing import Iterable

from .lexicon import (
    EN_APPROX, EN_DAYS, EN_MONTHS, EN_ORDINAL_ENDS, EN_ORDINALS, EN_SPECIAL, EN_UNITS, FR_APPROX,
    FR_DAYS, FR_MONTHS, FR_ORDINAL_ENDS, FR_ORDINALS, FR_SPECIAL, FR_UNITS, PHRASE_WORDS, ROMAN_NOUNS
)


SP = r"[ \u00a0\u202f\u2009]"
# A number: grouped thousands (space, nbsp, dot or comma) or plain, with an
# optional decimal part. Written without its first digit ("\d{1,3}" is that
# digit and "\d{0,2}", "\d+" it and "\d*"), which NUMBER matches first.
_NUM_TAIL = (
    rf"\d{{0,2}}(?:{SP}\d{{3}})+(?:[.,]\d+)?(?!\d)"
    r"|\d{0,2}(?:\.\d{3})+(?:,\d+)?(?![\d])"
    r"|\d{0,2}(?:,\d{3})+(?:\.\d+)?(?![\d])"
    r"|\d*(?:[.,]\d+)?"
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
# Not after a word character, "." or ",": tested once the first digit is read
# (`(?<![\w.,]\d)`, the same test), so that re, with a digit first, skips the
# positions of other characters fast instead of trying a lookbehind at each.
NUMBER = re.compile(rf"\d(?<![\w.,]\d)(?:{_NUM_TAIL})(?!\d|[.,]\d)")
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
# (A capital and a digit, either way round; one class first, for the same
# fast skip as a lone class.)
ID_GATE = re.compile(r"[A-Z\d](?:(?<=[A-Z])-?\d|(?<=\d)[A-Z])")
# (Every ending of ORD_FR, and the end of the word.)
ORD_FR_GATE = re.compile(r"[\dIVXLC](?:er|re|ère|e|es|ème|èmes|è|eme|nd|nde)(?!\w)")
ORD_EN_GATE = re.compile(r"(?:\d|[IVXLC])(?:st|nd|rd|th|ST|ND|RD|TH)")
# Either of the two.
ORD_GATE = re.compile(r"[\dIVXLC](?:st|nd|rd|th|ST|ND|RD|TH|(?:er|re|ère|e|es|ème|èmes|è|eme|nd|nde)(?!\w))")
DECADE_EN_GATE = re.compile(r"\d['’]?s")


# The words a run of `WORD_RUN_*` may start with.
RUN_WORDS = {"fr": frozenset(k for k, v in FR_UNITS.items() if v is not None),
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


LETTER = re.compile(r"[^\W\d_]")
WORD_CHAR = re.compile(r"\w")
LETTER_RUN = re.compile(r"[^\W\d_]+")


def whole_runs(low: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Where each of `words` stands in `low` as a whole run of letters (no
    letter on either side), in text order: `str.find` for the few words a
    text holds (see `Scan.runs`) instead of a regex tried at every position.
    (Two words cannot claim one run: a whole run is one word.)"""
    out = []
    for w in words:
        n = len(w)
        i = low.find(w)
        while i >= 0:
            if (not i or LETTER.match(low, i - 1) is None) and LETTER.match(low, i + n) is None:
                out.append((i, i + n))
            i = low.find(w, i + 1)
    out.sort()
    return out


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterable[re.Match[str]]:
    """`pattern.finditer(text)` where every match is known to start at one of
    `starts` (sorted): the pattern is tried there only, with the same
    non-overlapping scan (a match hides the starts it covers)."""
    end = 0
    for i in starts:
        if i >= end:
            m = pattern.match(text, i)
            if m is not None:
                end = m.end()
                yield m


# What a token `extract` acts on may be (`_token_words`): a word of `TOKEN_KEYS`
# or an approximate word, with one "s" ("dizaines"), or more ("dizainess",
# rare enough to be looked for as such).
TOKEN_WORDS = {lang: TOKEN_KEYS[lang] | frozenset(approx) | frozenset(w + "s" for w in approx)
               for lang, approx in (("fr", FR_APPROX), ("en", EN_APPROX))}
APPROX_SS = {lang: re.compile("|".join(w + "ss" for w in approx))
             for lang, approx in (("fr", FR_APPROX), ("en", EN_APPROX))}
# The lexicon words are runs of letters (`Scan.runs`, `whole_runs`).
assert all(LETTER_RUN.fullmatch(w) for words in (*TOKEN_KEYS.values(), *RUN_WORDS.values(), FR_APPROX, EN_APPROX)
           for w in words)
# Gates of the compound-ordinal and clock-word passes, searched in the
# lowercased text (case-sensitive: fast; see has_numbers on why that is safe).
# (What precedes a compound's last word: a hyphen, "et", "cent", "mille"; a
# tens word, "hundred", "thousand", "and".)
ORD_RUN_GATE = {"fr": re.compile(r"(?:-|\set\s|cents?\s|mille\s)(?:" + _trie(FR_ORDINAL_ENDS) + ")"),
                "en": re.compile(r"(?:ty[-\s]|hundred[-\s]|thousand[-\s]|and\s)(?:" + _trie(EN_ORDINAL_ENDS) + ")")}
# (English: "o'clock", or a word for past or to before an hour; each of the
# alternatives starts with a letter, so that re skips the positions of others.)
_HOUR_START = r"\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midnight)"
FR_WORD_TIME_GATE = ("heure", "midi", "minuit")
EN_WORD_TIME_GATE = re.compile(r"o['’]clock|" + "|".join(w + _HOUR_START for w in ("past", "after", "to", "before",
                                                                                   "till")))
# What an English clock time in words holds when it holds no digit, as a whole
# run of letters: its hour in words ("half past six"), or "o'clock".
EN_WORD_TIME_WORDS = frozenset(k for k, v in EN_UNITS.items() if v) | {"noon", "midnight", "clock"}
# The nouns before a Roman numeral ROMAN_AFTER_NOUN reads, with their plurals.
ROMAN_NOUN_RUNS = {lang: frozenset(nouns) | frozenset(n + "s" for n in nouns) for lang, nouns in ROMAN_NOUNS.items()}
# The last word of a compound ordinal, a whole run of letters.
ORD_RUN_ENDS = {"fr": frozenset(FR_ORDINAL_ENDS), "en": frozenset(EN_ORDINAL_ENDS)}
# A Roman numeral of two letters or V, X, L, C alone (not the pronoun "I");
# starting with the letters, not a lookbehind, so re skips other positions fast.
ROMAN_GATE = re.compile(r"[IVXLC]{2,}(?![\w'’-])|[VXLC](?![\w'’-])")
# Every word a pass gated on `Scan.runs` looks for as a whole run (each set
# those gates test is a subset): a text's runs are intersected with it once
# (`Scan.hits`), each gate then tests that small set, and a text holding none
# of them skips those passes altogether (see `extract`).
LEXICON_RUNS = {lang: TOKEN_WORDS[lang] | RUN_WORDS[lang] | ORD_RUN_ENDS[lang] | ROMAN_NOUN_RUNS[lang]
                | PHRASE_WORDS[lang] | (EN_WORD_TIME_WORDS if lang == "en" else frozenset()) for lang in ("fr", "en")}
