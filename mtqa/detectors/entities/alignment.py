"""The target side: where the source's names are found in the target, altered or missing."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import NamedTuple

from ...text.folding import fold_aligned, fold_aligned_keep_case
from ..base import Context
from .extraction import source_side
from .transliteration import FRENCH_TRANSCRIPTION, skeleton, translit
from .lexicon import (
    DEMONYMS, Entity, GENERIC_NAME_WORDS, common_english, common_french, compiled, form_index,
    may_hold_form, ordinary_word
)


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
        fp = fold_aligned(p)
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


@lru_cache(maxsize=16384)
def _form_searches(form: str):
    """The searches `_contains` makes for a form, compiled once per form (built
    per call, the patterns went through re's own cache of 512, which the
    thousands of forms kept flushing)."""
    f = fold_aligned(form).replace("-", " ")
    # Edges are checked only where the form ends in a word character: "S$" may
    # touch its amount ("S$3,000").
    left = r"(?<![\w])" if f[:1].isalnum() else ""
    right = r"(?![\w])" if f[-1:].isalnum() else ""
    whole = re.compile(left + re.escape(f) + right).search
    trimmed = re.compile(r"(?<![\w])" + re.escape(f[:-1]) + r"(?![\w.])").search if f.endswith(".") else None
    return whole, trimmed


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
    fsource, ftarget = side.fsource, fold_aligned(target)
    # What _contains searches, made once per segment.
    ftarget_spaced = ftarget.replace("-", " ")
    fsource_spaced: str | None = None
    fr_index, en_index, _, all_en = compiled()
    tgt_keep = fold_aligned_keep_case(target)

    missing_known: list[tuple[int, int, Entity, str]] = []
    for m_start, m_end, m_key in side.known:
        for ent in fr_index.get(m_key, ()):
            # The French form counts as a rendering only where English writes it
            # the same way up to accents ("Montréal"); "Statistique Canada" left
            # in English is not a rendering of itself.
            english_folded = {fold_aligned(f) for f in ent.english}
            rendered = any(_contains(ftarget, f, ftarget_spaced) for f in ent.english) or any(
                _contains(ftarget, f, ftarget_spaced) for f in ent.french
                if fold_aligned(f) in english_folded or f.isupper() or _inside_longer_name(target, f))
            if not rendered:
                prefixes = {fold_aligned(f)[:4] for f in ent.english if len(f) >= 4 and f[:1].isupper()
                            and not f.isupper()}
                dem = [d for f in ent.english for d in DEMONYMS.get(f, "").split("|") if d]
                rendered = any(re.search(r"(?<!\w)" + re.escape(p), ftarget) for p in prefixes) or \
                    any(_contains(ftarget, d, ftarget_spaced) for d in dem)
            if not rendered:
                # "Le Front National" → "the Front": a distinctive word of a longer name.
                rendered = any(re.search(r"(?<![\w])" + re.escape(w) + r"(?![\w])", target)
                               for f in ent.english if " " in f for w in f.split()
                               if len(w) >= 5 and w[:1].isupper() and w not in GENERIC_NAME_WORDS)
            if not rendered:
                missing_known.append((m_start, m_end, ent, source[m_start:m_end]))
                break

    added: list[tuple[int, int, str]] = []
    _, en_keys = form_index()
    if all_en is not None and may_hold_form(tgt_keep, en_keys):
        for m in all_en.finditer(tgt_keep):
            start, end = m.start(), m.end()
            ok = False
            for ent in en_index.get(m.group().lower(), ()):
                if fsource_spaced is None:
                    fsource_spaced = fsource.replace("-", " ")
                if any(_contains(fsource, f, fsource_spaced) for f in ent.french + ent.english):
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
    # An ASCII target's lowercased words are folded words of its index
    # (fold_aligned is lower() there, and each word's own fold_aligned is in
    # the index): a name
    # among them is present, which settles most names without the index.
    quick = set(_INDEX_WORD.findall(ftarget)) if side.names and target.isascii() else None
    for name in side.names:
        tok, start, end, acronym, ftok = name.tok, name.start, name.end, name.acronym, name.ftok
        if quick is not None and not name.mixed_case and ftok in quick:
            continue  # present, as below
        if index is None:
            twords, ttrans, tcaps = index = _target_index(target)
        if ftok in twords or name.trans in ttrans:
            # Present; but "LeBlanc" written "Leblanc" is altered.
            if name.mixed_case:
                for word, ws, we in tcaps:
                    if fold_aligned(word) == ftok and word != tok and not word.isupper() and \
                            fold_aligned_keep_case(word) != name.keep:
                        altered.append((ws, we, word, tok))
                        break
            continue
        parts = name.parts
        if parts is not None:
            if parts and all(fp in twords or tp in ttrans or common_french(p) for p, fp, tp in parts):
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
            fw = fold_aligned(word)
            if fw in fsource or acronym != word.isupper() or fw[:1] != ftok[:1]:
                continue
            if fw.startswith(ftok) or ftok.startswith(fw):
                continue  # an inflection: "the Obeids"
            ratio = difflib.SequenceMatcher(None, fw, ftok).ratio()
            if ratio > best_ratio:
                best, best_ratio = (word, ws, we), ratio
        threshold = 0.8 if acronym or len(ftok) < 6 else 0.72
        if best is not None and best_ratio >= threshold and FRENCH_TRANSCRIPTION.search(tok) and \
                skeleton(best[0]) == skeleton(tok):
            continue  # "Younès" / "Younis": a French transcription of a foreign name
        if best is not None and best_ratio >= threshold and not acronym and ordinary_word(tok) and \
                common_english(best[0]):
            continue  # "Professeur" → "Professor": a word translated, not a name misspelled
        if best is not None and best_ratio >= threshold and check_altered:
            altered.append((best[1], best[2], best[0], tok))
            continue
        if check_missing:
            # Unknown acronyms are often translated ("OMD" → "MDGs"): only known ones (data) are required.
            # A first name may go when the surname stays ("Silvio Berlusconi" → "Berlusconi").
            if not any(fold_aligned(g) in twords or translit(g) in ttrans for g in name.neighbours):
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
    return Names(missing_known, added, altered, missing_names)
