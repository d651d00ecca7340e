"""What is known about names: the French → English entity table, demonyms, and
which capitalised words are ordinary words, titles or common acronyms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import AbstractSet, Iterable, NamedTuple

from ... import data, langid
from ...text.folding import fold_aligned, fold_aligned_keep_case


@dataclass(frozen=True)
class Entity:
    french: tuple[str, ...]
    english: tuple[str, ...]
    stems: tuple[str, ...]


# A French name led by its article ("Le Cap", "La Haye"): the article is an ordinary word,
# lowercase inside a sentence and contracted after à and de ("au Cap", "du Caire"), and it is
# the name's next word whose capital marks the name: "Le cap" that starts a sentence is a cape.
_ARTICLE = re.compile(r"(Le|La|Les) (?=[A-ZÀ-Þ])")
_ARTICLE_ALTS = {"Le": "(?i:le|au|du)", "La": "(?i:la)", "Les": "(?i:les|aux|des)"}
_CONTRACTED = {"au": "le", "du": "le", "aux": "les", "des": "les"}


def form_key(matched: str) -> str:
    """The index key of a French form as matched in a text ("au Cap" → "le cap")."""
    low = matched.lower()
    first, _, rest = low.partition(" ")
    return _CONTRACTED[first] + " " + rest if rest and first in _CONTRACTED else low


def _form_alternatives(forms: Iterable[str], french: bool = False) -> tuple[str, ...]:
    """The alternatives of a form pattern, one per form, in the forms' order."""
    alts = []
    for f in forms:
        ff = re.escape(fold_aligned_keep_case(f)).replace(r"\ ", " ")
        article = _ARTICLE.match(f) if french else None
        if article:
            rest = re.escape(fold_aligned_keep_case(f[article.end():])).replace(r"\ ", " ")
            alt = _ARTICLE_ALTS[article.group(1)] + " " + rest[0] + "(?i:" + rest[1:] + ")"
        elif f[:1].isupper() and not f.isupper() and len(f) > 1:
            # A capital first letter is required ("Manche", not "manche"); the rest may vary in case.
            alt = ff[0] + "(?i:" + ff[1:] + ")"
        elif f[:1].isupper():
            alt = ff  # acronyms exactly: "US", not "us"
        else:
            alt = "(?i:" + ff + ")"
        alts.append(alt.replace("\\-", " "))
    return tuple(alts)


def _form_pattern(alts: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern over form alternatives, in their order."""
    joined = "|".join(alts)
    if not joined:
        return None
    return re.compile(r"(?<![\w.\-])(?:" + joined + r")(?![\w\-]|\.\w)")


@lru_cache(maxsize=1)
def entities() -> tuple[Entity, ...]:
    out = []
    for row in data.table("fr_en_entities.tsv"):
        cols = list(row) + ["", ""]
        french = tuple(f for f in cols[0].split("|") if f)
        english = tuple(f for f in cols[1].split("|") if f)
        stems = tuple(fold_aligned(f) for f in cols[2].split("|") if f)
        out.append(Entity(french, english, stems))
    return tuple(out)


GENERIC_NAME_WORDS = frozenset(
    "Party Republic United National Democratic Court Union Bank Organization Organisation Council "
    "Agency Ministry State States South North East West Central International World European "
    "Federal Royal Kingdom Islands Island Great Saint Democrats Republicans Games Strip".split()
)


def _key(form: str) -> str:
    return fold_aligned_keep_case(form).lower()


@lru_cache(maxsize=1)
def form_entities() -> tuple[dict[str, list[Entity]], dict[str, list[Entity]]]:
    """Indexes from a matched French or English form (lowercased) to its entities."""
    ents = entities()
    fr_index: dict[str, list[Entity]] = {}
    en_index: dict[str, list[Entity]] = {}
    for e in ents:
        for f in e.french:
            fr_index.setdefault(_key(f), []).append(e)
        for f in e.english:
            en_index.setdefault(_key(f), []).append(e)
    return fr_index, en_index


@lru_cache(maxsize=2)
def _all_forms(french: bool) -> re.Pattern[str] | None:
    """One pattern over all the forms of a language, longest first."""
    return _form_pattern(_forms(french).alts)


# Where the two big form patterns can match. A match starts after a non-word
# character and ends before one, and inside a form its words are bounded by the
# form's own spaces and punctuation: so each word of a matched form is a whole
# word of the text. Lowercased, that holds case-insensitively: for the Latin
# letters of the forms (all ASCII once folded) str.lower agrees with re's
# IGNORECASE, keeps lengths and keeps word characters word characters, except
# for these three (the pattern scans the whole of a text holding one). So a
# form can match only where its words are all among the text's, and only where
# its longest word stands at its offset in the form (every alternative matches
# a fixed length: a contracted article is as long as the article). The pattern
# tried at those positions alone, in order and each from the end of the last
# match on, finds what its finditer would: elsewhere it matches nothing. That
# spares the scan of every position by hundreds of alternatives, without
# compiling smaller patterns (one per set of forms present cost more than the
# scans it saved).
_CASE_UNSAFE = re.compile("[\u0130\u0131\u017f]")
_WORD_RUN = re.compile(r"\w+")
# An ASCII text's \w+ runs by str.split, its other characters spaced out by
# bytes.translate: a third of the time of findall.
ASCII_NON_WORD = bytes(c if c < 128 and re.match(r"\w", chr(c)) else 32 for c in range(256))


class _Forms(NamedTuple):
    alts: tuple[str, ...]  # the pattern's alternatives, in order
    # The forms by their longest word, as (their lowercased words, that word's offset in
    # the matched text); None where a form has no word (no pre-check).
    keys: dict[str, tuple[tuple[frozenset[str], int], ...]] | None
    key_words: frozenset[str]
    # The keys each of whose forms is that one word alone (most: "Germany"): there the
    # form may start wherever the word stands, with no subset test.
    single: frozenset[str]


@lru_cache(maxsize=2)
def _forms(french: bool) -> _Forms:
    ents = entities()
    # Longest first: re takes the first alternative that matches.
    forms = sorted({f for e in ents for f in (e.french if french else e.english)}, key=len, reverse=True)
    alts = _form_alternatives(forms, french)
    keys: dict[str, set[tuple[frozenset[str], int]]] | None = {}
    for f in forms:
        article = _ARTICLE.match(f) if french else None
        # A leading article may be contracted in the text ("au Cap"): only the rest is needed.
        skip = article.end() if article else 0
        runs = list(_WORD_RUN.finditer(fold_aligned_keep_case(f[skip:]).lower()))
        if not runs:
            keys = None
            break
        key = max(runs, key=lambda m: len(m.group()))
        keys.setdefault(key.group(), set()).add((frozenset(m.group() for m in runs), skip + key.start()))
    if keys is None:
        return _Forms(alts, None, frozenset(), frozenset())
    single = frozenset(k for k, v in keys.items() if all(needed == {k} and offset == 0 for needed, offset in v))
    return _Forms(alts, {k: tuple(v) for k, v in keys.items()}, frozenset(keys), single)


def form_matches(keep_text: str, french: bool, words: AbstractSet[str] | None = None,
                 low: str | None = None) -> list[re.Match[str]]:
    """The matches in `keep_text` (as fold_aligned_keep_case gives it) of the pattern
    over all French or English forms, as its finditer gives them. `words`, where the
    caller has it, is a superset of the `\\w+` runs of `keep_text.lower()`, and
    `low` is `keep_text.lower()` itself."""
    full = _all_forms(french)
    forms = _forms(french)
    if full is None:
        return []
    # The three unsafe characters are not ASCII, and most texts are once folded
    # (isascii is a flag, the search a scan).
    if forms.keys is None or not keep_text.isascii() and _CASE_UNSAFE.search(keep_text):
        return list(full.finditer(keep_text))
    if low is None:
        low = keep_text.lower()  # as long as keep_text: see above
    if words is None:
        words = set(low.encode().translate(ASCII_NON_WORD).decode().split()) if low.isascii() \
            else set(_WORD_RUN.findall(low))
    # Only the text's words that key a form can complete one.
    present = forms.key_words.intersection(words)
    if not present:
        return []
    keys, single = forms.keys, forms.single
    starts: set[int] = set()
    for key in present:
        if key in single:
            at = low.find(key)
            while at >= 0:
                starts.add(at)
                at = low.find(key, at + 1)
            continue
        offsets = {offset for needed, offset in keys[key] if needed <= words}
        if offsets:
            at = low.find(key)
            while at >= 0:
                starts.update(at - o for o in offsets if o <= at)
                at = low.find(key, at + 1)
    found = []
    end = 0
    for start in sorted(starts):
        if start >= end:  # as finditer, from the end of the last match on
            m = full.match(keep_text, start)
            if m:
                found.append(m)
                end = m.end()
    return found


# English adjectives that render a country name ("the French government").
DEMONYMS = {
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


@lru_cache(maxsize=4096)
def common_french(word: str) -> bool:
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
def common_english(word: str) -> bool:
    return langid.zipf_en(word.lower()) >= 3.5


# Cached: source_side asks it of a token up to four times, and each ask went
# through SpellChecker's Python-level lookup.
@lru_cache(maxsize=8192)
def ordinary_word(word: str) -> bool:
    """A French dictionary word or a common French word, rather than a name."""
    fr, _en = _dictionaries()
    return word.lower() in fr or common_french(word)


# Languages whose institution and place names French texts often keep as they are
# ("Partido Acción Nacional", "Lega Nord", "Via Nazionale") and English translates.
OTHER_LANGUAGES = ("es", "it", "pt", "de", "nl")


@lru_cache(maxsize=8192)
def translatable_word(word: str) -> bool:
    """A common word of French or of another European language that English does not use
    ("Revolución", "Nazionale", "Cubains"), so a name made of it gets translated: its English
    cognate in the target ("Revolution") is a translation, not a misspelling. The margin over
    English (2.2 Zipf) keeps out people's names, which every language's press uses alike
    ("Calderón", "Berlusconi", "Prodi" stay under it)."""
    if ordinary_word(word):
        return True
    low = word.lower()
    en = langid.zipf_en(low)
    if langid.zipf_fr(low) >= 3.0 and langid.zipf_fr(low) - en >= 2.2:
        return True
    return any(z >= 4.0 and z - en >= 2.2 for z in (langid.zipf(low, lang) for lang in OTHER_LANGUAGES))


@lru_cache(maxsize=4096)
def english_word(word: str) -> bool:
    """A common English word or one of the English dictionary ("Decrees", "Revolution")."""
    return common_english(word) or langid.in_english_dictionary(word)


FRENCH_PLACE_SUFFIX = re.compile(r"(?:ie|ique|ais|aise|ois|oise|ien|ienne|ine|ée|e)s?$")


@lru_cache(maxsize=1)
def common_acronyms() -> frozenset[str]:
    return frozenset(data.lines("fr_common_acronyms.txt"))


TITLE_WORDS = frozenset(
    "mme mmes mlle me mgr dr dre pr st ste saint sainte sir lord von van der den de du di da del della "
    "dos das bin ben ibn abu al el le la les".split()
)
ROMAN_ORDINAL = re.compile(r"[IVXLC]+(?:e|er|ème|es)")
