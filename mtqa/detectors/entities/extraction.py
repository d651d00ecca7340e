"""The source side: the names of a French text worth looking for in the target."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ...text.folding import fold_aligned, fold_aligned_keep_case
from .._memo import memo_by_text
from .transliteration import french_sounds, translit
from .lexicon import (
    FRENCH_PLACE_SUFFIX, ROMAN_ORDINAL, TITLE_WORDS, common_acronyms, form_key, form_matches, ordinary_word
)


_NAME_TOKEN = re.compile(
    r"(?<![\w\-'’.])(?:(?:[ldjnmstc]|qu|jusqu|lorsqu|puisqu)['’])?"
    r"([A-ZÀ-Þ][a-zß-ÿ]+(?:[A-ZÀ-Þ][a-zß-ÿ]+)*(?:[-'’][A-ZÀ-Þa-zß-ÿ]+)*|[A-ZÀ-Þ]{2,}[a-z]?)(?![\w\-'’])"
)
SENT_START = re.compile(r"(?:^|[.!?:;«»\"“”(\[—–]|\s-)\s*$")
_SENT_MARKS = frozenset(".!?:;«»\"“”([—–")


def starts_sentence(text: str, end: int) -> bool:
    """`SENT_START.search(text[:end])` without copying or scanning the prefix
    (that was quadratic on long lines: benchmarks/adversarial.py)."""
    i = end
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == 0:
        return True
    c = text[i - 1]
    return c in _SENT_MARKS or (c == "-" and i >= 2 and text[i - 2].isspace())


_NAME_PARTS = re.compile(r"[-'’]")
_CLOSING = re.compile(r"\s*\)")
_PREV_NAME = re.compile(r"([A-ZÀ-Þ][\w\-]+)\s+$")
_NEXT_NAME = re.compile(r"\s+([A-ZÀ-Þ][\w\-]+)")
_TITLE_BEFORE = re.compile(r"(?:M\.|Mme|Mlle|Dr|Me|Mgr|Pr)\s+$")


class _Name(NamedTuple):
    """A capitalised name token of the source worth looking for in the target,
    with everything about it that depends on the source alone. (A NamedTuple:
    a frozen dataclass of these fields cost four times as much to make, paid for
    each name of each new source.)"""

    tok: str
    start: int
    end: int
    acronym: bool
    ftok: str  # fold_aligned(tok)
    trans: str  # translit(tok)
    sounds: str  # french_sounds(tok)
    mixed_case: bool  # "LeBlanc": a capital inside a non-acronym
    keep: str  # fold_aligned_keep_case(tok)
    # Parts of a hyphenated name, as (part, fold_aligned, translit); None: the name is one part.
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
    # The names whose check can change the findings, in order: a name that is not mixed
    # case and is a common acronym or worth neither finding is passed over by every
    # outcome of its lookup in the target, so `analyse` need not look it up.
    checked: tuple[_Name, ...]


@memo_by_text(maxsize=4096)
def source_side(source: str) -> _SourceSide:
    """What `analyse` needs from the source alone, memoised per source (see
    _memo). Immutable: frozen dataclasses and tuples."""
    src_keep = fold_aligned_keep_case(source)
    known = [(m.start(), m.end(), form_key(m.group())) for m in form_matches(src_keep, french=True)]
    covered = [(s, e) for s, e, _ in known]

    names: list[_Name] = []
    for m in _NAME_TOKEN.finditer(source):
        tok = m.group(1)
        start, end = m.start(1), m.end(1)
        if any(s <= start < e for s, e in covered):
            continue
        if len(tok) < 3 or tok.lower() in TITLE_WORDS or ROMAN_ORDINAL.fullmatch(tok):
            continue
        acronym = tok.isupper()
        if not acronym and starts_sentence(source, m.start()) and ordinary_word(tok):
            continue  # "Selon", "Le": capitalised because they start the sentence
        # Parts of a hyphenated name: "Saint-Germain" is there if "Germain" is.
        parts = [p for p in _NAME_PARTS.split(tok) if len(p) >= 2 and p.lower() not in TITLE_WORDS]
        # "PME" is a common noun; "(CSRS)" follows its spelled-out name.
        common_acronym = acronym and bool(tok in common_acronyms() or _CLOSING.match(source[end:end + 2]))
        # A person's name: a title before it, or another capitalised name token beside it, one of
        # them not a dictionary word ("Emmanuel Macron" yes; "La Grosse Citrouille" no).
        before = source[max(0, start - 30):start]
        after = source[end:end + 30]
        prev = _PREV_NAME.search(before)
        nxt = _NEXT_NAME.match(after)
        if prev and (prev.group(1).lower() in TITLE_WORDS or (
                starts_sentence(source, start - len(prev.group(0))) and ordinary_word(prev.group(1)))):
            prev = None  # "Selon Mélanie Joly": "Selon" only starts the sentence
        if nxt and nxt.group(1).lower() in TITLE_WORDS:
            nxt = None
        titled = bool(_TITLE_BEFORE.search(before))
        neighbours = tuple(g.group(1) for g in (prev, nxt) if g)
        # Worth checking for a changed spelling: a person's name, or a rare word that is not a
        # French place or demonym form ("Gambie" → "Gambia" is a translation).
        check_altered = acronym or titled or bool(neighbours) or not (
            ordinary_word(tok) or FRENCH_PLACE_SUFFIX.search(tok))
        # Worth reporting as missing: a person's name (titled, or first name and surname, not all
        # of them ordinary words: "La Grosse Citrouille" is a title that gets translated).
        check_missing = not acronym and (titled or (bool(neighbours) and not all(
            ordinary_word(w) for w in (tok,) + neighbours)))
        names.append(_Name(
            tok, start, end, acronym, fold_aligned(tok), translit(tok), french_sounds(tok),
            not acronym and any(ch.isupper() for ch in tok[1:]), fold_aligned_keep_case(tok),
            None if len(parts) == 1 and parts[0] == tok else tuple((p, fold_aligned(p), translit(p)) for p in parts),
            common_acronym, neighbours, bool(check_altered), bool(check_missing)))
    # Without a hyphen, the one character the two foldings map apart, the folded
    # source is the kept-case one lowercased (a second fold cost as much as the first).
    fsource = src_keep.lower() if "-" not in source else fold_aligned(source)
    checked = tuple(n for n in names if n.mixed_case or not n.common_acronym and (n.check_altered or n.check_missing))
    return _SourceSide(fsource, tuple(known), tuple(names), checked)
