"""The target side: where the source's names are found in the target, altered or missing."""

from __future__ import annotations

import difflib
import re
from functools import cached_property, lru_cache
from typing import NamedTuple

from ...text.folding import fold_aligned, fold_aligned_keep_case
from ..base import Context
from .._memo import MAX_TEXT
from .extraction import source_side
from ...langid import zipf_en, zipf_fr
from .transliteration import FRENCH_TRANSCRIPTION, english_sounds, french_sounds, one_edit_apart, skeleton, translit
from .lexicon import (
    ASCII_NON_WORD, DEMONYMS, Entity, GENERIC_NAME_WORDS, common_english, common_french, english_word, form_entities,
    form_matches, translatable_word
)


_INDEX_WORD = re.compile(r"[\w'’\-]+")
_INDEX_PARTS = re.compile(r"['’\-]")
_INDEX_CAPS = re.compile(r"(?<=\w)['’](?=s\b)|-")


_ASCII_CAP_WORD = re.compile(r"(?<![\w'’\-])[A-Z][\w'’\-]*")
_LETTER_WORD = re.compile(r"(?<![\w'’\-])[^\W\d_][\w'’\-]*")
# An ASCII text's \w+ runs, and its _INDEX_WORD words, by str.split (many times
# faster than re.findall): bytes.translate spaces out the other characters.
_ASCII_NON_TOKEN = bytes(c if c < 128 and re.match(r"[\w'\-]", chr(c)) else 32 for c in range(256))


_OTHER_SEPARATORS = re.compile(r"[^\x00-\x7f\w'’\-]")


def _plain(target: str, ftarget: str) -> str | None:
    """The folded target (`ftarget`) with the same words and runs, in ASCII, or None.

    Each character that folds to ASCII folds to one character that is a word
    character, an apostrophe or a hyphen just where the original is one (checked
    over all of Unicode), and str.lower changes no length there (an "İ" folds to
    "I" first); the other non-ASCII characters that separate words (quotes,
    dashes, "£") are spaces as far as the words go. A target that keeps some
    other letter (ø, ł, Greek) gets None."""
    if target.isascii():
        return ftarget
    plain = _OTHER_SEPARATORS.sub(" ", ftarget)
    return plain if plain.isascii() else None


# A target word's share of `_TargetIndex`, each part cached per word.
@lru_cache(maxsize=65536)
def _word_folded(w: str) -> tuple[str, ...]:
    """The word and its parts (split at apostrophes and hyphens) folded, and
    each of those without an "'s"."""
    folded = []
    for p in [w] + _INDEX_PARTS.split(w):
        if not p:
            continue
        fp = fold_aligned(p)
        folded.append(fp)
        if fp.endswith("'s"):
            folded.append(fp[:-2])
    return tuple(folded)


@lru_cache(maxsize=65536)
def _word_trans(w: str) -> tuple[str, ...]:
    """The transliteration keys of the word and of its parts."""
    return tuple(translit(p) for p in [w] + _INDEX_PARTS.split(w) if p)


@lru_cache(maxsize=65536)
def _word_caps(w: str) -> tuple[tuple[str, int], ...]:
    """A capitalised word's capitalised parts, with their offsets in the word."""
    return tuple((p, w.find(p)) for p in _INDEX_CAPS.split(w) if p and p[:1].isupper())


class _TargetIndex:
    """The target's words as the name checks look them up: `words` (folded
    words and parts), `trans` (their transliteration keys) and `caps`
    (capitalised words and parts with their spans, in order), the last two
    built on first use.

    Where the target has a `_plain` text (`plain`, and `runs`, its \\w+ runs,
    given), folding the target folds each of its words, a word's parts are its
    runs and translit folds first, so the sets come from that text split twice;
    otherwise they are unions over the distinct words, through the caches above."""

    def __init__(self, target: str, plain: str | None, runs: set[str] | None):
        self.target = target
        if plain is not None and runs is not None:
            tokens = set(plain.encode().translate(_ASCII_NON_TOKEN).decode().split())
            self._keyed = tokens | runs  # the words and parts, folded
            self.words = self._keyed | {t[:-2] for t in tokens if t.endswith("'s")}
            self._distinct = None
        else:
            self._distinct = set(_INDEX_WORD.findall(target))
            self.words = set().union(*map(_word_folded, self._distinct))

    @cached_property
    def trans(self) -> set[str]:
        if self._distinct is None:
            return set(map(translit, self._keyed))
        return set().union(*map(_word_trans, self._distinct))

    @cached_property
    def caps(self) -> list[tuple[str, int, int]]:
        caps = []
        # The words that may start with a capital (one whose first character is
        # a letter: no digit, underscore or separator is upper case); in ASCII
        # the capital itself.
        starts = _ASCII_CAP_WORD if self.target.isascii() else _LETTER_WORD
        for m in starts.finditer(self.target):
            w = m.group()
            if w[:1].isupper():
                for p, rel in _word_caps(w):
                    off = m.start() + rel
                    caps.append((p, off, off + len(p)))
        return caps


@lru_cache(maxsize=4096)
def _word_pattern(before: str, text: str, after: str) -> re.Pattern[str]:
    """`before + re.escape(text) + after` compiled, once per text (through re's
    own cache of 512 patterns, which the other rules share, they were compiled
    again and again)."""
    return re.compile(before + re.escape(text) + after)


_CAPITAL_BEFORE = re.compile(r"[A-Z][\w'’.-]*\s$")
_CAPITAL_AFTER = re.compile(r"\s[A-Z]")


def _inside_longer_name(text: str, form: str) -> bool:
    """A French form kept as part of a longer proper name: "Credit Suisse", "Place de Londres"."""
    for m in _word_pattern(r"(?<!\w)", form, r"(?!\w)").finditer(text):
        before = text[max(0, m.start() - 30):m.start()]
        after = text[m.end():m.end() + 30]
        if _CAPITAL_BEFORE.search(before) or _CAPITAL_AFTER.match(after):
            return True
    return False


@lru_cache(maxsize=16384)
def _form_searches(form: str):
    """The searches `_contains` makes for a form, compiled once per form (built
    per call, the patterns went through re's own cache of 512, which the
    thousands of forms kept flushing)."""
    f = fold_aligned(form).replace("-", " ")
    # Edges are checked only where the form ends in a word character: "S$" may
    # touch its amount ("S$3,000").
    left = _not_after_word(len(f)) if f[:1].isalnum() else ""
    right = r"(?![\w])" if f[-1:].isalnum() else ""
    whole = re.compile(re.escape(f) + left + right).search
    trimmed = re.compile(re.escape(f[:-1]) + _not_after_word(len(f) - 1) + r"(?![\w.])").search \
        if f.endswith(".") else None
    return whole, trimmed


def _not_after_word(length: int) -> str:
    """`(?<![\\w])` before a literal of `length` characters, written after it: the same
    matches, but a pattern that opens with its literal is searched for it (as
    str.find), where one that opens with a look-behind is tried at every position
    (fourteen times slower over the corpus's targets)."""
    return r"(?<![\w][\s\S]{%d})" % length


def _contains(folded_text: str, form: str, spaced: str | None = None) -> bool:
    """Whether a folded text holds a form as whole words ("U.S." also as "U.S's").
    `spaced` is `folded_text.replace("-", " ")` when the caller has it."""
    text = folded_text.replace("-", " ") if spaced is None else spaced
    whole, trimmed = _form_searches(form)
    if whole(text):
        return True
    return trimmed is not None and trimmed(text) is not None


_PREP_BEFORE = re.compile(
    r"(?:\b(?:in|to|from|of|at|near|off|between|across|into|throughout|around|via|and|with|against|"
    r"by|for|toward|towards|inside|outside|within|visit|visited|visiting|leave|left|reach|reached)"
    r"(?:\s+the)?|,)\s+$", re.IGNORECASE)
_FUNCTION_AFTER = frozenset(
    "on in at to and or but for with after before since last this where which who that as by from "
    "during over amid when while because the a an is are was were has have had will would".split()
)


_POSSESSIVE = re.compile(r"['’]s\b")
_NEXT_WORD = re.compile(r"\s+([\w'’]+)")
_PUNCT_AFTER = re.compile(r"\s*[,.;:!?)\]\"”]")


def _standalone_place(target: str, start: int, end: int) -> bool:
    """A name used as a place in its own right ("visited the plant in Germany"), not as an
    adjective or part of a longer name ("the US consulate", "Britain's prime minister",
    "the Canada Border Services Agency"), which human translators add for context."""
    if not _PREP_BEFORE.search(target[max(0, start - 24):start]):
        return False
    after = target[end:end + 24]
    if _POSSESSIVE.match(after):
        return False
    m = _NEXT_WORD.match(after)
    if m and not _PUNCT_AFTER.match(after):
        word = m.group(1)
        if word[:1].isupper() or word.lower() not in _FUNCTION_AFTER:
            return False
    return True


def _inside_quotes(text: str, start: int) -> bool:
    """Whether a position of a text is inside quotation marks."""
    before = text[:start]
    return before.count("«") > before.count("»") or before.count("“") > before.count("”") or \
        before.count('"') % 2 == 1


def _same_name(name, word: str) -> bool:
    """Whether a near target word is the source's name written another acceptable way, not misspelled."""
    tok = name.tok
    if FRENCH_TRANSCRIPTION.search(tok) and skeleton(word) == skeleton(tok):
        return True  # "Younès" / "Younis": a French transcription of a foreign name
    if french_sounds(tok) == english_sounds(word):
        return True  # "Brejnev" / "Brezhnev", "Édouard" / "Eduard": each language's transcription
    if name.acronym:
        return False
    fw, ftok = fold_aligned(word), name.ftok
    if translatable_word(tok) and english_word(word) and (
            common_english(word) or zipf_en(fw) - zipf_en(ftok) >= 1.0):
        # "Professeur" → "Professor", "Revolución" → "Revolution", "Décrets" → "Decrees": a word
        # translated, not a name misspelled. A rarer English word must be far more English than
        # the source word, which a first name is not: "Sylvain" made "Sylvan" is still altered.
        return True
    # A misspelt source name put right ("Mendelbrot" → "Mandelbrot"): the target's spelling is one
    # letter away and a name English writes, the source's is written in neither language. A
    # translation that corrects its source is right, and the finding would blame the translator
    # for the author's typo; a name misspelt in the target is seldom an attested word
    # ("Shevarnadze", "Berlusoni"). Not where the source's spelling is a name in its own right,
    # seen in English or French text (Zipf 1.5 and over: "Spenser" made "Spencer", "Babbel" made
    # "Babel"; a typo is all but unseen), nor where the target's is a known place ("Alberte" made
    # "Alberta").
    if one_edit_apart(fw, ftok) and fw not in form_entities()[1]:
        en_word = zipf_en(fw)
        src_word = max(zipf_en(ftok), zipf_fr(ftok))
        return en_word >= 2.0 and src_word < 1.5 and en_word - src_word >= 0.8
    return False


@lru_cache(maxsize=8192)
def _similarity(a: str, b: str) -> float:
    """difflib's ratio of two words, once per pair: a SequenceMatcher costs tens of
    microseconds, and the systems translating one source meet the same near names."""
    return difflib.SequenceMatcher(None, a, b).ratio()


_NAME_GAP = re.compile(r"[ \u00a0\-]+")


@lru_cache(maxsize=4096)
def _renderings(ent: Entity):
    """The `_form_searches` of the entity's English forms, of its French forms that
    render it wherever they stand (English writes them alike up to accents, or
    acronyms), and, with each form, of the others, which do only inside a longer
    name: what the check looked up for every mention, kept per entity."""
    english_folded = {fold_aligned(f) for f in ent.english}
    kept = [f for f in ent.french if fold_aligned(f) in english_folded or f.isupper()]
    return (tuple(map(_form_searches, ent.english)), tuple(map(_form_searches, kept)),
            tuple((f, *_form_searches(f)) for f in ent.french if f not in kept))


def _found(spaced: str, searches) -> bool:
    """`_contains(..., form, spaced)` for any form of `searches` (its _form_searches)."""
    for whole, trimmed in searches:
        if whole(spaced) or trimmed is not None and trimmed(spaced) is not None:
            return True
    return False


def _source_names(side, key: str) -> bool:
    """Whether the source names an entity of an English form (lowercased `key`), as
    written there or through a word derived from it."""
    fr_index, en_index = form_entities()
    ents = en_index.get(key, ())
    if not ents:
        return False
    fsource = side.fsource
    fsource_spaced = fsource.replace("-", " ")
    source_entities = [e for _, _, k in side.known for e in fr_index.get(k, ())]
    for ent in ents:
        if ent in source_entities:
            return True  # matched in the source as written there ("au Cap" for "Le Cap")
        if any(_contains(fsource, f, fsource_spaced) for f in ent.french + ent.english):
            return True
        if any(_word_pattern(r"(?<![\w])", st.replace("-", " "), "").search(fsource_spaced) for st in ent.stems):
            return True
    return False


@lru_cache(maxsize=16384)
def _source_names_cached(source: str, key: str) -> bool:
    """`_source_names` once per source and form: it depends on the source alone,
    and the systems checked on one source name the same places (it was a tenth
    of the rule's time). Sources over MAX_TEXT go uncached, as in _memo."""
    return _source_names(source_side(source), key)


class Names(NamedTuple):
    """What the target does with the source's names."""

    missing_known: list[tuple[int, int, Entity, str]]  # table entities absent (source span, entity, text)
    added: list[tuple[int, int, str]]  # known places or institutions the source never names
    altered: list[tuple[int, int, str, str]]  # (target span, target word, source spelling)
    missing_names: list[tuple[int, int, str]]  # other source names absent (source span, name)


def analyse(ctx: Context) -> Names:
    """The segment's `Names`; N201–N203 read them once through `ctx.memo(analyse)`."""
    source, target = ctx.segment.source, ctx.segment.target
    side = source_side(source)
    fsource = side.fsource
    keep = fold_aligned_keep_case(target)
    low: str | None = None
    if "-" in target:
        ftarget = fold_aligned(target)
        # What _contains searches, made once per segment.
        ftarget_spaced = ftarget.replace("-", " ")
    else:
        # The two foldings map every character but the hyphen alike, so without
        # one the folded target is the kept-case one lowercased: one fold, not two.
        ftarget = ftarget_spaced = low = keep.lower()
    fr_index = form_entities()[0]
    # The folded target's \w+ runs where it is ASCII once its other separators
    # are spaced out (see _plain): what the form pattern needs, and folded words
    # of the index (a word's parts are its runs), which settles most names
    # without it.
    plain = _plain(target, ftarget)
    runs = set(plain.encode().translate(ASCII_NON_WORD).decode().split()) if plain is not None else None
    index = None  # _TargetIndex(target, plain, runs), built when a name needs it

    missing_known: list[tuple[int, int, Entity, str]] = []
    for m_start, m_end, m_key in side.known:
        for ent in fr_index.get(m_key, ()):
            # The French form counts as a rendering only where English writes it
            # the same way up to accents ("Montréal"); "Statistique Canada" left
            # in English is not a rendering of itself.
            english, kept, other = _renderings(ent)
            rendered = _found(ftarget_spaced, english) or _found(ftarget_spaced, kept) or any(
                _found(ftarget_spaced, ((whole, trimmed),)) for f, whole, trimmed in other
                if _inside_longer_name(target, f))
            if not rendered:
                prefixes = {fold_aligned(f)[:4] for f in ent.english if len(f) >= 4 and f[:1].isupper()
                            and not f.isupper()}
                dem = [d for f in ent.english for d in DEMONYMS.get(f, "").split("|") if d]
                rendered = any(_word_pattern(r"(?<!\w)", p, "").search(ftarget) for p in prefixes) or \
                    any(_contains(ftarget, d, ftarget_spaced) for d in dem)
            if not rendered:
                # "Le Front National" → "the Front": a distinctive word of a longer name.
                rendered = any(_word_pattern(r"(?<![\w])", w, r"(?![\w])").search(target)
                               for f in ent.english if " " in f for w in f.split()
                               if len(w) >= 5 and w[:1].isupper() and w not in GENERIC_NAME_WORDS)
            if not rendered and _inside_quotes(source, m_start):
                # A quoted coinage kept as written ("« l'ex-Irak »" → "ex-Irak"): rendered, as
                # a mention; whether to translate it is the untranslated rule's business.
                rendered = any(_contains(ftarget, f, ftarget_spaced) for f in ent.french)
            if not rendered:
                missing_known.append((m_start, m_end, ent, source[m_start:m_end]))
                break

    added: list[tuple[int, int, str]] = []
    matches = form_matches(keep, french=False, words=runs, low=low)
    if matches:
        cached = len(source) <= MAX_TEXT
        for m in matches:
            start, end = m.start(), m.end()
            key = m.group().lower()
            ok = _source_names_cached(source, key) if cached else _source_names(side, key)
            if not ok and _standalone_place(target, start, end):
                added.append((start, end, target[start:end]))

    # Other names: people, companies, small places.
    altered: list[tuple[int, int, str, str]] = []
    found: set[str] = set()  # source names the target spells another acceptable way
    pending: list = []  # names not found, missing unless a neighbour of theirs is there
    for name in side.checked:
        tok, start, end, acronym, ftok = name.tok, name.start, name.end, name.acronym, name.ftok
        if runs is not None and not name.mixed_case and ftok in runs:
            continue  # present, as below
        if index is None:
            index = _TargetIndex(target, plain, runs)
        if ftok in index.words or name.trans in index.trans:
            # Present; but "LeBlanc" written "Leblanc" is altered.
            if name.mixed_case:
                for word, ws, we in index.caps:
                    if fold_aligned(word) == ftok and word != tok and not word.isupper() and \
                            fold_aligned_keep_case(word) != name.keep:
                        altered.append((ws, we, word, tok))
                        break
            continue
        parts = name.parts
        if parts is not None:
            if parts and all(fp in index.words or tp in index.trans or common_french(p) for p, fp, tp in parts):
                continue
        if name.common_acronym:
            continue
        check_altered, check_missing = name.check_altered, name.check_missing
        if not (check_altered or check_missing):
            continue
        # A near spelling in the target: altered.
        best = None
        best_ratio = 0.0
        inflected = False
        for word, ws, we in index.caps:
            fw = fold_aligned(word)
            if acronym != word.isupper():
                continue
            if fw.startswith(ftok) or ftok.startswith(fw):
                # An inflection, one letter added or dropped: the name there ("the Obeids",
                # "Socialista" / "Socialist"; not "Rellán" / "Rell"). An English word of the
                # source is kept as it is: "Game Change" is not "Game Changes".
                inflected = inflected or (min(len(fw), len(ftok)) >= 4 and abs(len(fw) - len(ftok)) == 1
                                          and not common_english(tok))
                continue
            if fw in fsource:
                continue
            # The same first letter, or the same first sound ("Chevardnadzé" / "Shevardnadze").
            if fw[:1] != ftok[:1] and (acronym or english_sounds(word)[:1] != name.sounds[:1]):
                continue
            ratio = _similarity(fw, ftok)
            if ratio > best_ratio:
                best, best_ratio = (word, ws, we), ratio
        threshold = 0.8 if acronym or len(ftok) < 6 else 0.72
        if inflected or best is not None and best_ratio >= threshold and _same_name(name, best[0]):
            found.add(tok)
            continue
        if best is not None and best_ratio >= threshold and check_altered:
            altered.append((best[1], best[2], best[0], tok))
            continue
        if check_missing:
            pending.append(name)
    # Unknown acronyms are often translated ("OMD" → "MDGs"): only known ones (data) are required.
    # A first name may go when the surname stays ("Silvio Berlusconi" → "Berlusconi"), and a
    # generic word of a name when the rest is there, as written or as accepted above ("la Place
    # Tienanmen" → "Tiananmen Square", "Partido Acción Nacional" → "National Action Party"), the
    # name's words linked through their neighbours.
    # A long name is one: the rest of "Movimento Cinque Stelle" is excused through "Cinque".
    excused = True
    while pending and excused:
        excused = False
        for name in pending:
            if any(g in found or fold_aligned(g) in index.words or translit(g) in index.trans for g in name.neighbours):
                found.add(name.tok)
                pending.remove(name)
                excused = True
                break
    # One finding per name: "Mélanie Joly", not "Mélanie" and "Joly".
    merged: list[tuple[int, int, str]] = []
    for start, end, tok in sorted((name.start, name.end, name.tok) for name in pending) if pending else ():
        if merged and _NAME_GAP.fullmatch(source[merged[-1][1]:start] or "x"):
            merged[-1] = (merged[-1][0], end, source[merged[-1][0]:end])
        else:
            merged.append((start, end, tok))
    missing_names = merged
    if len(missing_known) > 1:
        # One finding per mention: "bande de Gaza", not also "Gaza" inside it.
        kept: list[tuple[int, int, Entity, str]] = []
        for item in sorted(missing_known, key=lambda x: (x[0] - x[1], x[0])):
            if not any(k[0] < item[1] and item[0] < k[1] for k in kept):
                kept.append(item)
        missing_known = sorted(kept, key=lambda x: x[0])
    return Names(missing_known, added, altered, missing_names)
