"""Names and entities: people, places, institutions and acronyms carried from source to target.

Known French → English renderings (États-Unis → United States / U.S., Pékin →
Beijing, OTAN → NATO, …) are data in `mtqa/data/fr_en_entities.tsv`. Other
capitalised names in the source (people, companies, small places) are expected
in the target as they are, up to accents, case and the usual transliteration
differences ("Moubarak" / "Mubarak"). A name the target spells differently is
*altered*; a name it lacks is *missing*; a known place or institution in the
target that the source never names (nor any word derived from it) is *added*.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .. import data, langid
from ..types import Finding, Segment
from ._memo import memo_by_text
from .base import Context, Detector


_SPACE_CHARS = {"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "’": "'"}


class _FoldTable(dict):
    """str.translate table that strips accents, one character for one, filled on demand."""

    def __init__(self, hyphen: str) -> None:
        super().__init__()
        self.hyphen = hyphen

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in _SPACE_CHARS:
            out = _SPACE_CHARS[ch]
        elif ch == "-":
            out = self.hyphen
        else:
            base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
            out = base[:1] if base else ch
        self[code] = out
        return out


_FOLD = _FoldTable("-")
_FOLD_NO_HYPHEN = _FoldTable(" ")


def fold(text: str) -> str:
    """Lowercase without accents; one character for one, so offsets hold."""
    if text.isascii():
        return text.lower()  # the table maps every ASCII character to itself
    return text.translate(_FOLD).lower()


def _fold_keep_case(text: str) -> str:
    """Accents off, hyphens as spaces, case kept; one character for one, so offsets hold."""
    if text.isascii():
        return text.replace("-", " ")  # the table changes no other ASCII character
    return text.translate(_FOLD_NO_HYPHEN)


_TRANSLIT = (("tch", "ch"), ("dj", "j"), ("oua", "wa"), ("oui", "wi"), ("ou", "u"), ("ch", "sh"), ("ph", "f"), ("kh", "k"), ("bourg", "burg"), ("burgh", "burg"), ("y", "i"),
             ("k", "c"), ("q", "c"), ("w", "v"), ("ck", "c"), ("ee", "i"))


@lru_cache(maxsize=65536)
def translit(token: str) -> str:
    """A rough key under which French and English spellings of a foreign name agree."""
    s = fold(token)
    for a, b in _TRANSLIT:
        s = s.replace(a, b)
    s = re.sub(r"['\-\s.]", "", s)
    return s[:-1] if len(s) > 4 and s.endswith("e") else s


_FRENCH_TRANSCRIPTION = re.compile(r"ou|[èëïî]|dj|ch|kh|gu|é|ss", re.IGNORECASE)


def _skeleton(token: str) -> str:
    """Consonants of a transliterated name: "Younès" and "Yunis" agree."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", translit(token)))


@dataclass(frozen=True)
class Entity:
    french: tuple[str, ...]
    english: tuple[str, ...]
    stems: tuple[str, ...]


def _form_pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    alts = []
    for f in sorted(set(forms), key=len, reverse=True):
        ff = re.escape(_fold_keep_case(f)).replace(r"\ ", " ")
        if f[:1].isupper() and not f.isupper() and len(f) > 1:
            # A capital first letter is required ("Manche", not "manche"); the rest may vary in case.
            alts.append(ff[0] + "(?i:" + ff[1:] + ")")
        elif f[:1].isupper():
            alts.append(ff)  # acronyms exactly: "US", not "us"
        else:
            alts.append("(?i:" + ff + ")")
    if not alts:
        return None
    return re.compile(r"(?<![\w.\-])(?:" + "|".join(alts).replace("\\-", " ") + r")(?![\w\-]|\.\w)")


@lru_cache(maxsize=1)
def entities() -> tuple[Entity, ...]:
    out = []
    for row in data.table("fr_en_entities.tsv"):
        cols = list(row) + ["", ""]
        french = tuple(f for f in cols[0].split("|") if f)
        english = tuple(f for f in cols[1].split("|") if f)
        stems = tuple(fold(f) for f in cols[2].split("|") if f)
        out.append(Entity(french, english, stems))
    return tuple(out)


_GENERIC_NAME_WORDS = frozenset(
    "Party Republic United National Democratic Court Union Bank Organization Organisation Council "
    "Agency Ministry State States South North East West Central International World European "
    "Federal Royal Kingdom Islands Island Great Saint Democrats Republicans Games Strip".split()
)


def _key(form: str) -> str:
    return _fold_keep_case(form).lower()


@lru_cache(maxsize=1)
def _compiled():
    """One pattern per language over all forms, and an index from a matched form to its entities."""
    ents = entities()
    fr_index: dict[str, list[Entity]] = {}
    en_index: dict[str, list[Entity]] = {}
    for e in ents:
        for f in e.french:
            fr_index.setdefault(_key(f), []).append(e)
        for f in e.english:
            en_index.setdefault(_key(f), []).append(e)
    all_fr = _form_pattern(f for e in ents for f in e.french)
    all_en = _form_pattern(f for e in ents for f in e.english)
    return fr_index, en_index, all_fr, all_en


# Cheap exact pre-check for the two big form patterns. A match starts after a
# non-word character and ends before one, and inside a form its words are
# bounded by the form's own spaces and punctuation: so each word of a matched
# form is a whole word of the text. Lowercased, that holds case-insensitively:
# for the Latin letters of the forms str.lower agrees with re's IGNORECASE,
# keeps lengths and keeps word characters word characters, except for these
# three (the full pattern always runs on a text holding one).
_CASE_UNSAFE = re.compile("[\u0130\u0131\u017f]")
_WORD_RUN = re.compile(r"\w+")


def _form_keys(forms: Iterable[str]) -> dict[str, tuple[frozenset[str], ...]] | None:
    """Forms by their longest word, as the sets of their lowercased words (None: no pre-check)."""
    keys: dict[str, list[frozenset[str]]] = {}
    for f in forms:
        runs = _WORD_RUN.findall(_fold_keep_case(f).lower())
        if not runs:
            return None
        keys.setdefault(max(runs, key=len), []).append(frozenset(runs))
    return {k: tuple(v) for k, v in keys.items()}


@lru_cache(maxsize=1)
def _form_index() -> tuple[dict | None, dict | None]:
    ents = entities()
    return _form_keys(f for e in ents for f in e.french), _form_keys(f for e in ents for f in e.english)


def _may_hold_form(keep_text: str, keys: dict[str, tuple[frozenset[str], ...]] | None) -> bool:
    """False only where no form of `keys` can match (`keep_text` as _fold_keep_case gives it)."""
    if keys is None or _CASE_UNSAFE.search(keep_text):
        return True
    runs = set(_WORD_RUN.findall(keep_text.lower()))
    for key in runs:
        for needed in keys.get(key, ()):
            if needed <= runs:
                return True
    return False


# English adjectives that render a country name ("the French government").
_DEMONYMS = {
    "France": "French", "Britain": "British|English", "United Kingdom": "British|English", "UK": "British",
    "England": "English|British", "Netherlands": "Dutch", "Switzerland": "Swiss", "Greece": "Greek",
    "Spain": "Spanish", "Denmark": "Danish", "Sweden": "Swedish", "Poland": "Polish", "Turkey": "Turkish",
    "Finland": "Finnish", "Ireland": "Irish", "Scotland": "Scottish|Scots", "Wales": "Welsh",
    "Israel": "Israeli", "Iraq": "Iraqi", "Pakistan": "Pakistani", "Saudi Arabia": "Saudi",
    "Philippines": "Filipino|Philippine", "Thailand": "Thai", "United States": "American|U.S.|US",
    "Cyprus": "Cypriot", "Portugal": "Portuguese", "Belgium": "Belgian", "New Zealand": "New Zealander|Kiwi",
    "Quebec": "Quebecer|Quebecker|Québécois", "China": "Chinese|Sino", "Japan": "Japanese",
    "Vietnam": "Vietnamese", "Germany": "German", "Netherlands ": "Dutch", "Afghanistan": "Afghan",
    "Yemen": "Yemeni", "Kuwait": "Kuwaiti", "Qatar": "Qatari", "Oman": "Omani", "Bangladesh": "Bangladeshi",
    "Somalia": "Somali", "Congo": "Congolese", "Lebanon": "Lebanese", "Sudan": "Sudanese",
    "Senegal": "Senegalese", "Myanmar": "Burmese", "Burma": "Burmese", "Madagascar": "Malagasy",
    "Iceland": "Icelandic", "Europe": "European", "European Union": "European|EU", "Mali": "Malian",
}

_NAME_TOKEN = re.compile(
    r"(?<![\w\-'’.])(?:(?:[ldjnmstc]|qu|jusqu|lorsqu|puisqu)['’])?"
    r"([A-ZÀ-Þ][a-zß-ÿ]+(?:[A-ZÀ-Þ][a-zß-ÿ]+)*(?:[-'’][A-ZÀ-Þa-zß-ÿ]+)*|[A-ZÀ-Þ]{2,}[a-z]?)(?![\w\-'’])"
)
_SENT_START = re.compile(r"(?:^|[.!?:;«»\"“”(\[—–]|\s-)\s*$")
_SENT_MARKS = frozenset(".!?:;«»\"“”([—–")


def _starts_sentence(text: str, end: int) -> bool:
    """`_SENT_START.search(text[:end])` without copying or scanning the prefix
    (that was quadratic on long lines: benchmarks/adversarial.py)."""
    i = end
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == 0:
        return True
    c = text[i - 1]
    return c in _SENT_MARKS or (c == "-" and i >= 2 and text[i - 2].isspace())


@lru_cache(maxsize=4096)
def _common_french(word: str) -> bool:
    """A capitalised French word that is a common word, so likely translated."""
    # langid's lookups: the same wordfreq values, shared caches, a fast path.
    low = word.lower()
    fr = langid.zipf_fr(low)
    if fr < 3.6:
        return False
    en = langid.zipf_en(low)
    return en < fr - 0.8


@lru_cache(maxsize=1)
def _dictionaries():
    from spellchecker import SpellChecker  # lazy: loads word lists

    # The English list is the one `langid` already loads (`word in` asks the
    # same lowercased lookup of a SpellChecker and of its word_frequency):
    # loading it twice cost each run a tenth of a second.
    return SpellChecker(language="fr", distance=1), langid.english_dictionary()


@lru_cache(maxsize=8192)
def _dictionary_word(word: str) -> bool:
    """A word of the French or English dictionary (not a name)."""
    fr, en = _dictionaries()
    low = word.lower()
    return low in fr or low in en


@lru_cache(maxsize=4096)
def _common_english(word: str) -> bool:
    return langid.zipf_en(word.lower()) >= 3.5


def _ordinary_word(word: str) -> bool:
    """A French dictionary word or a common French word, rather than a name."""
    fr, _en = _dictionaries()
    return word.lower() in fr or _common_french(word)


_FRENCH_PLACE_SUFFIX = re.compile(r"(?:ie|ique|ais|aise|ois|oise|ien|ienne|ine|ée|e)s?$")


@lru_cache(maxsize=1)
def _common_acronyms() -> frozenset[str]:
    return frozenset(data.lines("fr_common_acronyms.txt"))


_TITLE_WORDS = frozenset(
    "mme mmes mlle me mgr dr dre pr st ste saint sainte sir lord von van der den de du di da del della "
    "dos das bin ben ibn abu al el le la les".split()
)
_ROMAN_ORDINAL = re.compile(r"[IVXLC]+(?:e|er|ème|es)")


_INDEX_WORD = re.compile(r"[\w'’\-]+")
_INDEX_PARTS = re.compile(r"['’\-]")
_INDEX_CAPS = re.compile(r"(?<=\w)['’](?=s\b)|-")


@lru_cache(maxsize=65536)
def _index_word(w: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, int], ...]]:
    """One target word's share of `_target_index`: folded forms, transliteration
    keys, and capitalised parts with their offsets in the word."""
    folded = []
    trans = []
    for p in [w] + _INDEX_PARTS.split(w):
        if not p:
            continue
        fp = fold(p)
        folded.append(fp)
        if fp.endswith("'s"):
            folded.append(fp[:-2])
        trans.append(translit(p))
    caps = ()
    if w[:1].isupper():
        caps = tuple((p, w.find(p)) for p in _INDEX_CAPS.split(w) if p and p[:1].isupper())
    return tuple(folded), tuple(trans), caps


def _target_index(target: str) -> tuple[set[str], set[str], list[tuple[str, int, int]]]:
    folded_words: set[str] = set()
    translit_words: set[str] = set()
    caps = []
    for m in _INDEX_WORD.finditer(target):
        folded, trans, word_caps = _index_word(m.group())
        folded_words.update(folded)
        translit_words.update(trans)
        for p, rel in word_caps:
            off = m.start() + rel
            caps.append((p, off, off + len(p)))
    return folded_words, translit_words, caps


def _inside_longer_name(text: str, form: str) -> bool:
    """A French form kept as part of a longer proper name: "Credit Suisse", "Place de Londres"."""
    for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
        before = text[max(0, m.start() - 30):m.start()]
        after = text[m.end():m.end() + 30]
        if re.search(r"[A-Z][\w'’.-]*\s$", before) or re.match(r"\s[A-Z]", after):
            return True
    return False


def _contains(folded_text: str, form: str) -> bool:
    """Whether a folded text holds a form as whole words ("U.S." also as "U.S's")."""
    f = fold(form).replace("-", " ")
    text = folded_text.replace("-", " ")
    # Edges are checked only where the form ends in a word character: "S$" may
    # touch its amount ("S$3,000").
    left = r"(?<![\w])" if f[:1].isalnum() else ""
    right = r"(?![\w])" if f[-1:].isalnum() else ""
    if re.search(left + re.escape(f) + right, text):
        return True
    return f.endswith(".") and re.search(r"(?<![\w])" + re.escape(f[:-1]) + r"(?![\w.])", text) is not None


_PREP_BEFORE = re.compile(
    r"(?:\b(?:in|to|from|of|at|near|off|between|across|into|throughout|around|via|and|with|against|"
    r"by|for|toward|towards|inside|outside|within|visit|visited|visiting|leave|left|reach|reached)"
    r"(?:\s+the)?|,)\s+$", re.IGNORECASE)
_FUNCTION_AFTER = frozenset(
    "on in at to and or but for with after before since last this where which who that as by from "
    "during over amid when while because the a an is are was were has have had will would".split()
)


def _standalone_place(target: str, start: int, end: int) -> bool:
    """A name used as a place in its own right ("visited the plant in Germany"), not as an
    adjective or part of a longer name ("the US consulate", "Britain's prime minister",
    "the Canada Border Services Agency"), which human translators add for context."""
    if not _PREP_BEFORE.search(target[max(0, start - 24):start]):
        return False
    after = target[end:end + 24]
    if re.match(r"['’]s\b", after):
        return False
    m = re.match(r"\s+([\w'’]+)", after)
    if m and not re.match(r"\s*[,.;:!?)\]\"”]", after):
        word = m.group(1)
        if word[:1].isupper() or word.lower() not in _FUNCTION_AFTER:
            return False
    return True


@dataclass(frozen=True)
class _Name:
    """A capitalised name token of the source worth looking for in the target,
    with everything about it that depends on the source alone."""

    tok: str
    start: int
    end: int
    acronym: bool
    ftok: str  # fold(tok)
    trans: str  # translit(tok)
    mixed_case: bool  # "LeBlanc": a capital inside a non-acronym
    keep: str  # _fold_keep_case(tok)
    # Parts of a hyphenated name, as (part, fold, translit); None: the name is one part.
    parts: tuple[tuple[str, str, str], ...] | None
    common_acronym: bool  # "PME", or "(CSRS)" after its spelled-out name
    neighbours: tuple[str, ...]  # capitalised names beside it
    check_altered: bool
    check_missing: bool


@dataclass(frozen=True)
class _SourceSide:
    fsource: str
    # Known French forms: (start, end, lowercased match), in order.
    known: tuple[tuple[int, int, str], ...]
    names: tuple[_Name, ...]


@memo_by_text(maxsize=4096)
def _source_side(source: str) -> _SourceSide:
    """What `_analyse` needs from the source alone, memoised per source (see
    _memo). Immutable: frozen dataclasses and tuples."""
    _, _, all_fr, _ = _compiled()
    fr_keys, _ = _form_index()
    src_keep = _fold_keep_case(source)
    known: list[tuple[int, int, str]] = []
    if all_fr is not None and _may_hold_form(src_keep, fr_keys):
        known = [(m.start(), m.end(), m.group().lower()) for m in all_fr.finditer(src_keep)]
    covered = [(s, e) for s, e, _ in known]

    names: list[_Name] = []
    for m in _NAME_TOKEN.finditer(source):
        tok = m.group(1)
        start, end = m.start(1), m.end(1)
        if any(s <= start < e for s, e in covered):
            continue
        if len(tok) < 3 or tok.lower() in _TITLE_WORDS or _ROMAN_ORDINAL.fullmatch(tok):
            continue
        acronym = tok.isupper()
        if not acronym and _starts_sentence(source, m.start()) and _ordinary_word(tok):
            continue  # "Selon", "Le": capitalised because they start the sentence
        # Parts of a hyphenated name: "Saint-Germain" is there if "Germain" is.
        parts = [p for p in re.split(r"[-'’]", tok) if len(p) >= 2 and p.lower() not in _TITLE_WORDS]
        # "PME" is a common noun; "(CSRS)" follows its spelled-out name.
        common_acronym = acronym and bool(tok in _common_acronyms() or re.match(r"\s*\)", source[end:end + 2]))
        # A person's name: a title before it, or another capitalised name token beside it, one of
        # them not a dictionary word ("Emmanuel Macron" yes; "La Grosse Citrouille" no).
        before = source[max(0, start - 30):start]
        after = source[end:end + 30]
        prev = re.search(r"([A-ZÀ-Þ][\w\-]+)\s+$", before)
        nxt = re.match(r"\s+([A-ZÀ-Þ][\w\-]+)", after)
        if prev and (prev.group(1).lower() in _TITLE_WORDS or (
                _starts_sentence(source, start - len(prev.group(0))) and _ordinary_word(prev.group(1)))):
            prev = None  # "Selon Mélanie Joly": "Selon" only starts the sentence
        if nxt and nxt.group(1).lower() in _TITLE_WORDS:
            nxt = None
        titled = bool(re.search(r"(?:M\.|Mme|Mlle|Dr|Me|Mgr|Pr)\s+$", before))
        neighbours = tuple(g.group(1) for g in (prev, nxt) if g)
        # Worth checking for a changed spelling: a person's name, or a rare word that is not a
        # French place or demonym form ("Gambie" → "Gambia" is a translation).
        check_altered = acronym or titled or bool(neighbours) or not (
            _ordinary_word(tok) or _FRENCH_PLACE_SUFFIX.search(tok))
        # Worth reporting as missing: a person's name (titled, or first name and surname, not all
        # of them ordinary words: "La Grosse Citrouille" is a title that gets translated).
        check_missing = not acronym and (titled or (bool(neighbours) and not all(
            _ordinary_word(w) for w in (tok,) + neighbours)))
        names.append(_Name(
            tok, start, end, acronym, fold(tok), translit(tok),
            not acronym and any(ch.isupper() for ch in tok[1:]), _fold_keep_case(tok),
            None if len(parts) == 1 and parts[0] == tok else tuple((p, fold(p), translit(p)) for p in parts),
            common_acronym, neighbours, bool(check_altered), bool(check_missing)))
    return _SourceSide(fold(source), tuple(known), tuple(names))


def _analyse(segment: Segment, ctx: Context):
    cached = ctx.__dict__.get("_entities")
    if cached is not None:
        return cached
    source, target = segment.source, segment.target
    side = _source_side(source)
    fsource, ftarget = side.fsource, fold(target)
    fr_index, en_index, _, all_en = _compiled()
    tgt_keep = _fold_keep_case(target)

    missing_known: list[tuple[int, int, Entity, str]] = []
    for m_start, m_end, m_key in side.known:
        for ent in fr_index.get(m_key, ()):
            # The French form counts as a rendering only where English writes it
            # the same way up to accents ("Montréal"); "Statistique Canada" left
            # in English is not a rendering of itself.
            english_folded = {fold(f) for f in ent.english}
            rendered = any(_contains(ftarget, f) for f in ent.english) or any(
                _contains(ftarget, f) for f in ent.french
                if fold(f) in english_folded or f.isupper() or _inside_longer_name(target, f))
            if not rendered:
                prefixes = {fold(f)[:4] for f in ent.english if len(f) >= 4 and f[:1].isupper()
                            and not f.isupper()}
                dem = [d for f in ent.english for d in _DEMONYMS.get(f, "").split("|") if d]
                rendered = any(re.search(r"(?<!\w)" + re.escape(p), ftarget) for p in prefixes) or \
                    any(_contains(ftarget, d) for d in dem)
            if not rendered:
                # "Le Front National" → "the Front": a distinctive word of a longer name.
                rendered = any(re.search(r"(?<![\w])" + re.escape(w) + r"(?![\w])", target)
                               for f in ent.english if " " in f for w in f.split()
                               if len(w) >= 5 and w[:1].isupper() and w not in _GENERIC_NAME_WORDS)
            if not rendered:
                missing_known.append((m_start, m_end, ent, source[m_start:m_end]))
                break

    added: list[tuple[int, int, str]] = []
    _, en_keys = _form_index()
    if all_en is not None and _may_hold_form(tgt_keep, en_keys):
        for m in all_en.finditer(tgt_keep):
            start, end = m.start(), m.end()
            ok = False
            for ent in en_index.get(m.group().lower(), ()):
                if any(_contains(fsource, f) for f in ent.french + ent.english):
                    ok = True
                elif any(re.search(r"(?<![\w])" + re.escape(st.replace("-", " ")), fsource.replace("-", " "))
                         for st in ent.stems):
                    ok = True
                if ok:
                    break
            if not ok and _standalone_place(target, start, end):
                added.append((start, end, target[start:end]))

    # Other names: people, companies, small places.
    altered: list[tuple[int, int, str, str]] = []
    missing_names: list[tuple[int, int, str]] = []
    index = None  # _target_index(target), built when a name needs it
    for name in side.names:
        tok, start, end, acronym, ftok = name.tok, name.start, name.end, name.acronym, name.ftok
        if index is None:
            twords, ttrans, tcaps = index = _target_index(target)
        if ftok in twords or name.trans in ttrans:
            # Present; but "LeBlanc" written "Leblanc" is altered.
            if name.mixed_case:
                for word, ws, we in tcaps:
                    if fold(word) == ftok and word != tok and not word.isupper() and \
                            _fold_keep_case(word) != name.keep:
                        altered.append((ws, we, word, tok))
                        break
            continue
        parts = name.parts
        if parts is not None:
            if parts and all(fp in twords or tp in ttrans or _common_french(p) for p, fp, tp in parts):
                continue
        if name.common_acronym:
            continue
        check_altered, check_missing = name.check_altered, name.check_missing
        if not (check_altered or check_missing):
            continue
        # A near spelling in the target: altered.
        best = None
        best_ratio = 0.0
        for word, ws, we in tcaps:
            fw = fold(word)
            if fw in fsource or acronym != word.isupper() or fw[:1] != ftok[:1]:
                continue
            if fw.startswith(ftok) or ftok.startswith(fw):
                continue  # an inflection: "the Obeids"
            ratio = difflib.SequenceMatcher(None, fw, ftok).ratio()
            if ratio > best_ratio:
                best, best_ratio = (word, ws, we), ratio
        threshold = 0.8 if acronym or len(ftok) < 6 else 0.72
        if best is not None and best_ratio >= threshold and _FRENCH_TRANSCRIPTION.search(tok) and \
                _skeleton(best[0]) == _skeleton(tok):
            continue  # "Younès" / "Younis": a French transcription of a foreign name
        if best is not None and best_ratio >= threshold and not acronym and _ordinary_word(tok) and \
                _common_english(best[0]):
            continue  # "Professeur" → "Professor": a word translated, not a name misspelled
        if best is not None and best_ratio >= threshold and check_altered:
            altered.append((best[1], best[2], best[0], tok))
            continue
        if check_missing:
            # Unknown acronyms are often translated ("OMD" → "MDGs"): only known ones (data) are required.
            # A first name may go when the surname stays ("Silvio Berlusconi" → "Berlusconi").
            if not any(fold(g) in twords or translit(g) in ttrans for g in name.neighbours):
                missing_names.append((start, end, tok))

    # One finding per name: "Mélanie Joly", not "Mélanie" and "Joly".
    merged: list[tuple[int, int, str]] = []
    for start, end, tok in missing_names:
        if merged and re.fullmatch(r"[ \u00a0\-]+", source[merged[-1][1]:start] or "x"):
            merged[-1] = (merged[-1][0], end, source[merged[-1][0]:end])
        else:
            merged.append((start, end, tok))
    missing_names = merged
    # One finding per mention: "bande de Gaza", not also "Gaza" inside it.
    kept: list[tuple[int, int, Entity, str]] = []
    for item in sorted(missing_known, key=lambda x: (x[0] - x[1], x[0])):
        if not any(k[0] < item[1] and item[0] < k[1] for k in kept):
            kept.append(item)
    missing_known = sorted(kept, key=lambda x: x[0])
    cached = (missing_known, added, altered, missing_names)
    ctx.__dict__["_entities"] = cached
    return cached


class _EntityBase(Detector):
    category = "accuracy/mistranslation"
    severity = "major"
    fix = "reviewable"
    severity_reason = "A wrong, missing or invented name changes who or where the text is about."


class NameAltered(_EntityBase):
    """A name from the source spelled differently in the target ("Dominic LeBlanc" → "Dominique Leblanc")."""

    code = "N201"
    name = "name-altered"
    examples = (("Dominic LeBlanc a annoncé", "Dominique Leblanc announced"),)
    traps = (("Montréal", "Montreal"), ("Moubarak", "Mubarak"), ("Pékin", "Beijing"))

    def check(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for start, end, word, tok in _analyse(segment, ctx)[2]:
            yield self.finding(start, end, f"name {word!r} is spelled {tok!r} in the source", tok)


class NameMissing(_EntityBase):
    """A name, place, institution or acronym of the source absent from the target."""

    code = "N202"
    name = "name-missing"
    category = "accuracy/omission"
    examples = (("Mélanie Joly a rencontré Yoshimasa Hayashi.", "Mélanie Joly met her counterpart."),)
    traps = (("l'OTAN", "NATO"), ("les États-Unis", "the U.S."), ("Statistique Canada", "Statistics Canada"))

    def check(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        missing_known, _, _, missing_names = _analyse(segment, ctx)
        for start, end, ent, text in missing_known:
            yield self.finding(start, end, f"{text!r} is not rendered in the target (expected "
                               f"{' / '.join(ent.english[:3])})", side="source")
        for start, end, tok in missing_names:
            yield self.finding(start, end, f"name {tok!r} is missing from the target", side="source")


class NameAdded(_EntityBase):
    """A place or institution in the target that the source never names."""

    code = "N203"
    name = "name-added"
    category = "accuracy/addition"
    examples = (("Le ministre a visité l'usine.", "The minister visited the plant in Germany."),)
    traps = (("le gouvernement américain", "the U.S. government"), ("à Pékin", "in Beijing"))

    def check(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for start, end, text in _analyse(segment, ctx)[1]:
            yield self.finding(start, end, f"{text!r} is not named in the source")


DETECTORS = (NameAltered, NameMissing, NameAdded)
