"""Quantities of a French or English text: one pass per kind (see `extract`)."""

from __future__ import annotations

import re
from typing import Iterable

from .implied import implied_values
from .lexicon import (
    APPROX_BEFORE_EN, EN_APPROX, EN_DAYS, EN_MONTHS, EN_ORDINAL_ENDS, EN_ORDINALS, EN_SPECIAL, EN_UNITS,
    EN_UNITS_CONV, FR_APPROX, FR_DAYS, FR_FUNCTION_S, FR_IDIOM_WORDS, FR_KNOCKOUT_ROUND, FR_MONTHS, FR_NUMBER_IDIOMS,
    FR_ORDINAL_ENDS, FR_ORDINALS, FR_SPECIAL, FR_UNITS_CONV, NUMBER_PHRASES, PHRASE_WORDS, ROMAN,
    ROMAN_AFTER_NOUN, en_words_value, fr_words_value, roman
)
from .patterns import (
    APPROX_SS, DECADE_EN, DECADE_EN_GATE, FULL_SCALES, GLUED, GLUED_OK, ID, ID_GATE, JOINERS, LETTER, NUMBER, ORD_EN,
    ORD_EN_GATE, ORD_FR, ORD_FR_GATE, ORD_GATE, ORD_RUN_EN, ORD_RUN_ENDS, ORD_RUN_FR, ORD_RUN_GATE, PHONE, PHONE_GATE,
    ROMAN_GATE, ROMAN_NOUN_RUNS, RUN_WORDS, SCALE_ABBR, SCALE_WORD, TOKEN, TOKEN_KEYS, TOKEN_WORDS, WORD_CHAR,
    WORD_RUN_EN, WORD_RUN_FR, YEAR_RANGE_BEFORE, matches_at, whole_runs
)
from .quantity import Quantity, Scan, Taken, overlaps, parse_num, rounded
from .times import durations, english_times, times, word_times

__all__ = ["Quantity", "Taken", "extract", "overlaps", "rounded"]


def _scale_after(text: str, end: int, scales: dict[str, float], money_before: bool = False) -> tuple[float, int]:
    """The scale word after a number ("milliard", "billion", "M$", "bn") and where it ends."""
    m = SCALE_WORD.match(text, end)
    if m:
        w = m.group(1).lower()
        if w in FULL_SCALES and w in scales:
            return scales[w], m.end(1)
    m = SCALE_ABBR.match(text, end)
    if m:
        w = m.group(1).lower()
        money_after = bool(_MONEY_AFTER.match(text[m.end(1):m.end(1) + 2]))
        if w in scales and w not in FULL_SCALES and (money_after or money_before):
            return scales[w], m.end(1)
    return 1.0, end


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


_AND = ("and", "et")
_PIECE = re.compile(r"[^\s]+")
_SPACE = re.compile(r"\s")
_RUN_SPLIT = re.compile(r"[\s-]+")
_NAME_BEFORE = re.compile(r"[\w,;]\s*$")
_MONEY_AFTER = re.compile(r"\s?[$€£]")
_FR_TENS = ("vingt", "trente", "quarante", "cinquante", "soixante")


def _and_joins(left: str, right: str, lang: str) -> bool:
    """Whether "left and right" is one number: "hundred and five", "vingt et un",
    "mille et une"; two numbers otherwise ("cinq et sept", "five and seven")."""
    if lang == "en":
        return left in ("hundred", "thousand", "million", "millions", "billion", "billions")
    return (left in _FR_TENS and right in ("un", "une", "onze")) or \
        (left in ("cent", "mille") and right in ("un", "une"))


def _split_runs(matches: Iterable[re.Match[str]], text: str, lang: str):
    """Number-word runs (the matches of a `WORD_RUN_*` pattern), cut where two
    words are merely adjacent ("tous les deux un")."""
    for m in matches:
        if _SPACE.search(m.group()) is None:  # one word ("vingt-cinq"): nothing to cut
            yield m
            continue
        pieces = list(_PIECE.finditer(m.group()))
        start = m.start()
        words = [(p.group().split("-")[0].lower(), p.group().split("-")[-1].lower()) for p in pieces]
        i = 0
        while i < len(pieces) - 1:
            left, right = words[i][1], words[i + 1][0]
            if right in _AND and i + 2 < len(pieces):
                # "and" / "et" joins "hundred and five", "vingt et un", not "five and seven".
                if _and_joins(left, words[i + 2][0], lang):
                    i += 2
                    continue
                yield _Span(text, start, m.start() + pieces[i].end())
                start = m.start() + pieces[i + 2].start()
                i += 2
                continue
            if left in JOINERS or right in JOINERS:
                i += 1
                continue
            yield _Span(text, start, m.start() + pieces[i].end())
            start = m.start() + pieces[i + 1].start()
            i += 1
        yield _Span(text, start, m.end())


_APOSTROPHES = ("'", "’")


def _token_words(s: Scan, approx: dict) -> Iterable[tuple[str, int, int]]:
    """(word as written, start, end) of each token of `TOKEN.finditer(text)`
    the token loop of `_words` may act on, French tokens cut after their
    apostrophe ("l'octogénaire" → "octogénaire").

    Such a word is a lexicon word (`TOKEN_KEYS`, or an approximate word with
    trailing "s"es) and so a whole run of letters. A token is a run of letters, or two
    joined by an apostrophe ("aujourd'hui"); `TOKEN.finditer` pairs a chain of
    runs so joined from its first, so a run starts its token when an even
    number of runs is chained before it. English: only a run that is a token
    by itself can be a lexicon word (a token with an apostrophe is none).
    French: the run after the apostrophe, or a run that is a token alone.
    An English "-fold" word and a case-unsafe text (see `Scan.runs`) take
    every token, the loop's own test deciding."""
    text, low, lang = s.text, s.low, s.lang
    runs = s.runs
    if runs is None or (lang == "en" and "fold" in low):
        for m in TOKEN.finditer(text):
            raw, start = m.group(), m.start()
            if lang == "fr" and ("'" in raw or "’" in raw):
                cut = max(raw.find("'"), raw.find("’")) + 1
                raw, start = raw[cut:], start + cut
            yield raw, start, m.end()
        return
    present = TOKEN_WORDS[lang].intersection(s.hits)
    if "ss" in low and APPROX_SS[lang].search(low):  # "dizainess", read as "dizaine" all the same
        present |= {w for w in runs if w.rstrip("s") in approx}
    for i, j in (whole_runs(low, present) if present else ()):
        chained, p = 0, i
        while p >= 2 and low[p - 1] in _APOSTROPHES and LETTER.match(low, p - 2):
            p -= 1
            while p and LETTER.match(low, p - 1):
                p -= 1
            chained += 1
        starts_token = chained % 2 == 0
        joins_next = j < len(low) and low[j] in _APOSTROPHES and LETTER.match(low, j + 1) is not None
        if (starts_token and not joins_next) if lang == "en" else not (starts_token and joins_next):
            yield text[i:j], i, j


def _phones(s: Scan) -> None:
    """Telephone numbers: compared by their digits."""
    text, digits, taken, add = s.text, s.digits, s.taken, s.add
    for m in (PHONE.finditer(text) if digits and PHONE_GATE.search(text) else ()):
        if not overlaps(taken, m.start(), m.end()):
            add(Quantity(m.start(), m.end(), frozenset({("id", re.sub(r"\D", "", m.group()))}), "strong", "id",
                         text=m.group()))


def _identifiers(s: Scan) -> None:
    """Identifiers: "G20", "A380", "COVID-19", "F-35": compared as strings."""
    text, lang, digits, taken, add = s.text, s.lang, s.digits, s.taken, s.add
    for m in (ID.finditer(text) if digits and ID_GATE.search(text) else ()):
        if overlaps(taken, m.start(), m.end()):
            continue
        raw = m.group()
        if lang == "fr" and re.fullmatch(r"\d+(?:er|re|e|ème|M|G|Md|K)", raw):
            continue
        if lang == "en" and re.fullmatch(r"\d+(?:M|B|K|bn|BN|T)", raw):
            continue
        key = re.sub(r"[- ]", "", raw).upper()
        vals = {("id", key)}
        runs = re.findall(r"\d+", raw)
        add(Quantity(m.start(), m.end(), frozenset(vals | {rounded(float(d)) for d in runs}), "strong", "id",
                     text=raw))


def _digit_ordinals(s: Scan) -> None:
    """Ordinals with digits or Roman numerals: "1er", "XXIe", "21st"."""
    text, lang, taken, add = s.text, s.lang, s.taken, s.add
    # English texts are searched for either gate at once first (most hold neither).
    if lang == "en" and not ORD_GATE.search(text):
        return
    pats = [ORD_EN] if lang == "en" and ORD_EN_GATE.search(text) else []
    if ORD_FR_GATE.search(text):
        pats.append(ORD_FR)
    for m in (m for pat in pats for m in pat.finditer(text)):
        if overlaps(taken, m.start(), m.end()):
            continue
        raw = m.group(1)
        if raw.isdigit():
            v = int(raw)
        elif ROMAN.match(raw) and (len(raw) > 1 or m.group(2) in ("er", "e", "ème")):
            if raw in ("I", "C", "L", "D", "M") or (raw == "V" and m.group(2) == "e"):
                continue
            v = roman(raw)
        else:
            continue
        add(Quantity(m.start(), m.end(), frozenset({rounded(v)}), "strong", "ordinal", text=m.group()))


def _compound_ordinals(s: Scan) -> None:
    """Ordinals in words of several parts: "dix-neuvième", "vingt et unième", "twenty-first"."""
    text, lang = s.text, s.lang
    # Its last word, a whole run of letters, first: a set test, cheaper than the search.
    if not (s.case_unsafe or (not ORD_RUN_ENDS[lang].isdisjoint(s.hits) and ORD_RUN_GATE[lang].search(s.low))):
        return
    ends, value_of = (FR_ORDINAL_ENDS, fr_words_value) if lang == "fr" else (EN_ORDINAL_ENDS, en_words_value)
    for m in (ORD_RUN_FR if lang == "fr" else ORD_RUN_EN).finditer(text):
        if s.taken.overlaps(m.start(), m.end()):
            continue
        words = [w.lower() for w in re.split(r"[\s-]+", m.group()) if w.lower() not in ("et", "and")]
        v = value_of(words[:-1] + [ends[words[-1]]])
        if v:
            s.add(Quantity(m.start(), m.end(), frozenset({rounded(v)}), "weak", "ordinal", text=m.group()))


def _named_ordinals(s: Scan) -> None:
    """Roman numerals numbering a part ("chapitre IV"), and French knockout rounds
    ("huitième de finale": the round of sixteen)."""
    # Cheap gates first: one of the nouns (a whole run of letters, with its
    # plural "s": a set test) and a Roman numeral; the word "finale".
    gate = (s.case_unsafe or not ROMAN_NOUN_RUNS[s.lang].isdisjoint(s.hits)) and ROMAN_GATE.search(s.text)
    for m in (ROMAN_AFTER_NOUN[s.lang].finditer(s.text) if gate else ()):
        if ROMAN.match(m.group(1)) and not s.taken.overlaps(m.start(1), m.end(1)):
            s.add(Quantity(m.start(1), m.end(1), frozenset({rounded(roman(m.group(1)))}), "weak", "ordinal",
                           text=m.group(1)))
    for m in (FR_KNOCKOUT_ROUND.finditer(s.text) if s.lang == "fr" and "finale" in s.low else ()):
        if not s.taken.overlaps(m.start(1), m.end(1)):
            v = 8 if m.group(1).lower() == "huitième" else 16
            s.add(Quantity(m.start(), m.end(), frozenset({rounded(v), rounded(2 * v)}), "soft", "word",
                           text=m.group()))


def _phrases(s: Scan) -> None:
    """Phrases that give a number without a number word: "un demi-siècle" (50), "a decade and a half" (15)."""
    if not (s.case_unsafe or not PHRASE_WORDS[s.lang].isdisjoint(s.hits)):
        return
    for pattern, values in NUMBER_PHRASES[s.lang]:
        for m in pattern.finditer(s.text):
            if not s.taken.overlaps(m.start(), m.end()):
                s.add(Quantity(m.start(), m.end(), frozenset(rounded(v) for v in values), "soft", "word",
                               text=m.group()))


def _decades(s: Scan) -> None:
    """Decades: "the 1990s", "the '90s" (French: "les années 90"; "1990" is a plain number)."""
    text, lang, digits, taken, add = s.text, s.lang, s.digits, s.taken, s.add
    if lang == "en":
        for m in (DECADE_EN.finditer(text) if digits and DECADE_EN_GATE.search(text) else ()):
            if overlaps(taken, m.start(), m.end()):
                continue
            if m.group(1):
                v = int(m.group(1))
                vals = {rounded(v), rounded(v % 100)}
            else:
                v = int(m.group(2) or m.group(3))
                vals = {rounded(v), rounded(1900 + v), rounded(2000 + v)}
            add(Quantity(m.start(), m.end(), frozenset(vals), "strong", "number", text=m.group()))
    else:
        for m in (re.finditer(r"années\s+(\d{2})(?!\d)", text) if digits else ()):
            if overlaps(taken, m.start(1), m.end(1)):
                continue
            v = int(m.group(1))
            add(Quantity(m.start(1), m.end(1), frozenset({rounded(v), rounded(1900 + v), rounded(2000 + v)}), "strong",
                         "number", text=m.group(1)))


# The tests `_numbers` makes around each number, compiled once (the same patterns).
_MONEY_BEFORE = re.compile(r"[$£€¥]\s?$")
_CLOCK = re.compile(r"([01]?\d|2[0-3])[.:]([0-5]\d)")
_ET_DEMI = re.compile(r"(?:\s+[^\W\d_]+)?\s+et\s+demie?\b")
_POUND_BEFORE = re.compile(r"£\s?$")
_PAREN_BEFORE = re.compile(r"\(\s*(?:\S+\s+){0,3}$")
_NUMERO_BEFORE = re.compile(r"[nN]°\s?$")


def _numbers(s: Scan) -> None:
    """Plain numbers with an optional scale: "1,2 milliard", "$1.2 billion", "3 M$"."""
    text, lang, digits, taken, add, scales = s.text, s.lang, s.digits, s.taken, s.add, s.scales
    for m in (NUMBER.finditer(text) if digits else ()):
        if taken.overlaps(m.start(), m.end()):
            continue
        glued = GLUED.match(text, m.end())
        if glued and not GLUED_OK.fullmatch(glued.group()):
            continue  # part of a code or a name: "3D", "MP3" are identifiers
        try:
            base = parse_num(m.group(), lang)
        except ValueError:
            continue
        money_before = bool(_MONEY_BEFORE.search(text[max(0, m.start() - 2):m.start()]))
        scale, end = _scale_after(text, m.end(), scales, money_before)
        vals = {rounded(b) for b in base}
        clock = _CLOCK.fullmatch(m.group()) if "." in m.group() else None  # (NUMBER holds no ":")
        if clock:  # "at 6.30" (British clock)
            vals.add(("t", int(clock.group(1)) % 12, int(clock.group(2))))
        if lang == "fr" and _ET_DEMI.match(text[end:end + 24]):
            base = base | {b + 0.5 for b in base}  # "12 ans et demi" = 12.5, "7 millions et demi" = 7.5e6
            vals |= {rounded(b) for b in base}
        strength = "strong"
        if scale != 1.0:
            vals |= {rounded(b * scale) for b in base}
        year_from = YEAR_RANGE_BEFORE.search(text[max(0, m.start() - 7):m.start()]) \
            if lang == "en" and len(m.group()) == 2 else None
        if year_from:
            # "2003-04" is 2003-2004 (and "1999-00" 1999-2000): the full year as well.
            first = int(year_from.group(1))
            full = first // 100 * 100 + int(m.group())
            vals.add(rounded(full if full > first else full + 100))
        after = text[end:end + 14]
        conv = FR_UNITS_CONV if lang == "fr" else EN_UNITS_CONV
        if conv.match(after) or (lang == "en" and _POUND_BEFORE.search(text[max(0, m.start() - 2):m.start()])):
            strength = "soft"
        before = text[max(0, m.start() - 30):m.start()]
        # (The parenthesis first: the rarer, and the cheaper to look for.)
        if lang == "en" and "(" in before and _PAREN_BEFORE.search(before) and APPROX_BEFORE_EN.search(before):
            strength = "soft"  # "(about $650)": a translator's conversion note
        if "°" in before and _NUMERO_BEFORE.search(text[max(0, m.start() - 3):m.start()]):
            strength = "soft"  # "ma proposition n°1": a rank a translator may render in words
        add(Quantity(m.start(), end, frozenset(vals), strength, "number", scaled=scale != 1.0,
                     text=text[m.start():end]))


_DIGIT_RUN = re.compile(r"\d+(?:[.,]\d+)?")
# A digit after a letter or before one (`[^\W\d_]` holds every `_letter`).
_DIGIT_BY_LETTER = re.compile(r"\d(?:(?<=[^\W\d_]\d)|[^\W\d_])")


def _letter(ch: str) -> bool:
    return ch.isalpha() and not ch.isdigit()


def _glued(s: Scan) -> None:
    """Digits glued to letters, "en1985", "57ans", "60milles" ("December18" in
    English): soft numbers (`_numbers` skips them as codes), there for the
    other side's "1985" to match, never reported alone."""
    # (A digit and a letter side by side first, one search.)
    if not (s.digits and _DIGIT_BY_LETTER.search(s.text)):
        return
    text = s.text
    for m in _DIGIT_RUN.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        # A letter before ("en1985"), or one after a number that starts a word ("57ans").
        if not (_letter(before) or _letter(after) and not (before.isalnum() or before in "_.,")):
            continue
        if s.taken.overlaps(m.start(), m.end()):
            continue
        try:
            base = parse_num(m.group(), "fr")
        except ValueError:
            continue
        if re.match(r"milles?\b", s.text[m.end():m.end() + 7], re.I):
            base |= {b * 1000 for b in base}
        s.add(Quantity(m.start(), m.end(), frozenset(rounded(b) for b in base), "soft", "number", text=m.group()))


def _word_runs(s: Scan) -> None:
    """Runs of number words: "vingt-cinq", "twenty-five", "deux millions"."""
    text, lang, low, taken, add, scales = s.text, s.lang, s.low, s.taken, s.add, s.scales
    run_pat = WORD_RUN_FR if lang == "fr" else WORD_RUN_EN
    # A run's first word stands between non-word characters: a whole word of the
    # lowercased text (see has_numbers on why lowercasing is safe), so a whole
    # run of letters too; the pattern is tried where such a word starts only.
    runs = s.runs
    if runs is None:
        matches: Iterable[re.Match[str]] = run_pat.finditer(text)
    else:
        present = RUN_WORDS[lang].intersection(s.hits)
        matches = matches_at(run_pat, text, [
            i for i, j in whole_runs(low, present)
            if (not i or WORD_CHAR.match(low, i - 1) is None) and WORD_CHAR.match(low, j) is None
        ]) if present else ()

    for m in _split_runs(matches, text, lang):
        if overlaps(taken, m.start(), m.end()):
            continue
        words = [w.lower() for w in _RUN_SPLIT.split(m.group()) if w]
        words = [w for w in words if w not in ("et", "and")]
        if not words:
            continue
        if lang == "fr" and (words == ["un"] or words == ["une"]) and _scale_after(text, m.end(), scales)[0] == 1.0:
            # An article as often as a number: it may match a "1" but is never reported.
            # (Before the tests below, whose answer it does not read.)
            add(Quantity(m.start(), m.end(), frozenset({1.0}), "soft", "word", text=m.group()))
            continue
        # "l'université de Trente", "the Five Eyes", "Phase One": likely part of a name;
        # "aux quatre coins du monde": an idiom.
        named = m.group()[:1].isupper() and bool(_NAME_BEFORE.search(text[max(0, m.start() - 3):m.start()]))
        if lang == "fr" and not named:
            # Searched around the run only (the idioms' words lie within 40 characters),
            # where one of their number words is (see FR_IDIOM_WORDS).
            lo, hi = max(0, m.start() - 40), m.end() + 40
            named = (s.case_unsafe or any(w in low[lo:hi] for w in FR_IDIOM_WORDS)) and any(
                i.start() < m.end() and m.start() < i.end() for i in FR_NUMBER_IDIOMS.finditer(text, lo, hi))
        if lang == "fr":
            if words[0] in ("un", "une") and len(words) > 1 and words[1] not in ("million", "milliard", "mille"):
                words = words[1:]
            if words in (["neuf"], ["cent"], ["cents"]):
                nxt = text[m.end():m.end() + 20]
                prev = text[max(0, m.start() - 6):m.start()].lower()
                if words == ["neuf"] and (not re.match(r"\s+\w+[sx]\b", nxt) or FR_FUNCTION_S.match(nxt)):
                    continue
                if words != ["neuf"] and ("pour" in prev or not re.match(r"\s+\w+[sx]\b", nxt)):
                    continue
            if words == ["second"] or words == ["seconde"]:
                continue
            value = fr_words_value(words)
        else:
            value = en_words_value(words)
        if value is None:
            continue
        scale, end = _scale_after(text, m.end(), scales)
        values = {value, value + 0.5} if lang == "fr" and _ET_DEMI.match(text[end:end + 24]) else {value}
        vals = {rounded(v * k) for v in values for k in {1.0, scale}}  # "un million et demi" = 1.5e6
        vals |= implied_values(text[end:end + 24], lang, value)
        add(Quantity(m.start(), end, frozenset(vals), "soft" if named else "weak", "word", scaled=scale != 1.0,
                     text=text[m.start():end]))


def _words(s: Scan) -> None:
    """Single words: ordinals, approximations, fractions and multiples, months and days."""
    text, lang, taken, add = s.text, s.lang, s.taken, s.add
    ordinals = FR_ORDINALS if lang == "fr" else EN_ORDINALS
    approx = FR_APPROX if lang == "fr" else EN_APPROX
    special = FR_SPECIAL if lang == "fr" else EN_SPECIAL
    months = FR_MONTHS if lang == "fr" else EN_MONTHS
    days = FR_DAYS if lang == "fr" else EN_DAYS
    keys = TOKEN_KEYS[lang]
    # Most texts hold none of these words: they are looked for with a set
    # intersection (see _token_words), not a Python step per token.
    for raw, start, end in _token_words(s, approx):
        w = raw.lower()
        # Only a word one of the branches below knows can add anything.
        if w not in keys and w.rstrip("s") not in approx and not (lang == "en" and w.endswith("fold")):
            continue
        if overlaps(taken, start, end):
            continue
        if w in ordinals:
            if lang == "fr" and w in ("premier", "première", "second", "seconde"):
                nxt = text[end:end + 12].lower()
                if re.match(r"\s+(?:ministre|rang|plan|lieu|temps|abord|chef|secrétaire)", nxt):
                    continue
            add(Quantity(start, end, frozenset({rounded(ordinals[w])}), "weak", "ordinal", text=raw))
        elif w.rstrip("s") in approx or w in approx:
            v = approx.get(w, approx.get(w.rstrip("s")))
            # "une centaine de milliers": about a hundred thousand.
            of = re.match(r"\s+(?:de\s+|d['’])(milliers|millions|milliards)\b", text[end:end + 16])
            k = {"milliers": 1e3, "millions": 1e6, "milliards": 1e9}[of.group(1).lower()] if of else 1
            add(Quantity(start, end, frozenset({rounded(v), rounded(v * k)}), "soft", "approx", text=raw))
        elif lang == "en" and w.endswith("fold") and w[:-4] in EN_UNITS and EN_UNITS[w[:-4]]:
            add(Quantity(start, end, frozenset({rounded(EN_UNITS[w[:-4]])}), "soft", "word", text=raw))
        elif w in special:
            add(Quantity(start, end, frozenset(rounded(v) for v in special[w]), "soft", "word", text=raw))
        elif w in months or (w.rstrip(".") in months):
            if lang == "en":
                if not raw[0].isupper():
                    continue
                if w in ("may", "march", "mar", "jan", "sept", "dec", "oct", "nov", "aug", "jun", "jul", "apr",
                         "feb", "sep") and not re.search(r"\d", text[max(0, start - 5):end + 6]) and \
                        not re.search(r"(?:in|of|since|until|by|last|next|early|late|mid|this|from|to|through)\s+$",
                                      text[max(0, start - 10):start], re.I):
                    continue
            add(Quantity(start, end, frozenset({("m", months[w.rstrip(".")])}), "weak", "month", text=raw))
        elif w in days:
            add(Quantity(start, end, frozenset({("d", days[w])}), "weak", "day", text=raw))


# In this order: a match overlapping an earlier pass's quantity is skipped.
_PASSES = (durations, times, english_times, word_times, _phones, _identifiers, _digit_ordinals,
           _compound_ordinals, _named_ordinals, _phrases, _decades, _numbers, _glued, _word_runs, _words)
# Those that find nothing in a text without a digit (each tests `Scan.digits`
# first): not called for such a text, most of them.
_DIGIT_PASSES = (durations, times, english_times, _phones, _identifiers, _decades, _numbers, _glued)
_WORD_PASSES = tuple(p for p in _PASSES if p not in _DIGIT_PASSES)
# A case-safe text with no word of LEXICON_RUNS (`Scan.hits` empty: most) skips the passes
# whose gates, tests of `hits`, then fail: compound ordinals, phrases, word runs; in English,
# Roman numerals after a noun and, with no digit, clock words; single words, unless a word
# with trailing "s"es or an English "-fold" word may be one (see `_token_words`).
_NO_HITS = {(lang, digits, words): tuple(
    p for p in (_PASSES if digits else _WORD_PASSES) if p not in (_compound_ordinals, _phrases, _word_runs)
    and (words or p is not _words) and (lang == "fr" or p is not _named_ordinals and (digits or p is not word_times)))
    for lang in ("fr", "en") for digits in (False, True) for words in (False, True)}


def extract(text: str, lang: str) -> list[Quantity]:
    """All quantities of a French ("fr") or English ("en") text, in order."""
    scan = Scan(text, lang)
    if scan.hits is None or scan.hits:
        steps = _PASSES if scan.digits else _WORD_PASSES
    else:
        steps = _NO_HITS[lang, scan.digits, "ss" in scan.low or (lang == "en" and "fold" in scan.low)]
    for step in steps:
        step(scan)
    # "deux fois" is "twice": weak already; nothing to add.
    scan.out.sort(key=lambda q: q.start)
    return scan.out
