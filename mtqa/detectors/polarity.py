"""Polarity reversed: the target renders a source predicate by its opposite.

"une hausse des impôts" -> "a decrease in taxes", "Le maire a refusé de
commenter" -> "The mayor agreed to comment", "La réunion a été annulée" ->
"The meeting was held". The lexicon (mtqa/data/fr_en_polarity.tsv) gives, per
axis (rise/fall, accept/refuse, win/lose, ...), French and English words of
each pole. A word's sign flips when it is negated in its clause ("n'a pas
augmenté", "did not rise", "sans augmenter", "no increase", "refuse de",
"unable to"). A201 fires only
when every source word of an axis points one way and every target word of the
same axis points the other way: a target that has both poles, or a source
that has both, is left alone (contrasts, reported disagreement, "ni ... ni").
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress, repeat
from typing import Iterable

from .. import data
from ..types import Finding, Segment
from .base import Context, Detector

LEXICON = "fr_en_polarity.tsv"


@lru_cache(maxsize=None)
def lexicon_patterns(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(axis, pattern) for `lang`; in each pattern group "p" is the + pole and "m" the - pole.

    One pattern per axis, so a word may belong to two axes ("gained" is a rise
    and a win)."""
    alts: dict[str, dict[str, list[str]]] = {}
    for row in data.table(LEXICON):
        axis, pole, row_lang, expr = row[:4]
        if row_lang == lang:
            alts.setdefault(axis, {"p": [], "m": []})["p" if pole == "+" else "m"].append(expr)
    out = []
    for axis, poles in alts.items():
        body = "|".join(f"(?P<{g}>{'|'.join(poles[g])})" for g in ("p", "m") if poles[g])
        out.append((axis, re.compile(rf"(?<![\w\-])(?:{body})(?![\w])", re.IGNORECASE)))
    return tuple(out)


# A necessary condition for the lexicon patterns, far cheaper than running
# them all (`_candidate_axes`). Every match of a lexicon alternative begins
# with its lead, the atoms before its first group or optional atom; the
# lead's stem is a run of plain letters in it that begins a maximal run of
# word characters in the text: at its start (the patterns begin after no
# word character) or after an atom that matches no word character ("hausse"
# in "hausses?", "décliné" in "a\s+décliné", "envol" in "s['’]envol\w*").
# So the axes are tested once per distinct run of the text, cached.
_RUN = re.compile(r"\w+")
_ALT_ATOM = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|\(|\)|\||.", re.DOTALL)
# One atom of a lead: an escape (not a back-reference), a class, a plain character.
_LEAD_ATOM = re.compile(r"\\[^\d]|\[(?:\\.|[^\]\\])*\]|[^\\()\[\]|.^$?*+{}]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD_CHAR = re.compile(r"\w")


def _alternatives(expr: str) -> list[str]:
    """The top-level alternatives of a regular expression ("a|b(?:c|d)" -> "a", "b(?:c|d)")."""
    out, cur, depth = [], [], 0
    for atom in _ALT_ATOM.findall(expr):
        if atom == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
            continue
        depth += atom == "("
        depth -= atom == ")"
        cur.append(atom)
    out.append("".join(cur))
    return out


def _lead(alternative: str) -> list[tuple[str, bool]]:
    r"""The atoms every match of `alternative` begins with, each with whether
    it repeats ("+"): [("a", False), ("\s", True), ("d", False), ...] for
    "a\s+décliné"; it stops at a group and before an optional atom."""
    out = []
    pos = 0
    while True:
        m = _LEAD_ATOM.match(alternative, pos)
        if not m:
            return out
        after = alternative[m.end():m.end() + 1]
        if after in ("?", "*", "{"):
            return out  # the atom may be absent
        out.append((m.group(), after == "+"))
        pos = m.end() + (after == "+")
        if after == "+" and alternative[pos:pos + 1] in ("?", "+"):
            return out  # a lazy or possessive repeat: stop there


def _no_word_char(atom: str) -> bool:
    """Whether a lead atom can only match characters that are not word characters."""
    if atom == r"\s":
        return True
    if atom.startswith("[") and not any(c in atom[1:-1] for c in "\\^-"):
        return not any(_WORD_CHAR.match(c) for c in atom[1:-1])
    return False


def _stem(alternative: str) -> str:
    """The longest run of plain letters in the lead of `alternative` that begins
    a maximal run of word characters wherever it matches (see above), or ""."""
    best, cur, valid = "", "", True
    for atom, repeats in _lead(alternative) + [("", False)]:
        if atom and not repeats and len(atom) == 1 and _LETTER.match(atom):
            cur += atom
            continue
        if valid and len(cur) > len(best):
            best = cur
        cur = ""
        valid = _no_word_char(atom)
    return best


@lru_cache(maxsize=None)
def _stems(lang: str) -> tuple[tuple[str, ...] | None, ...]:
    """Per axis of `lexicon_patterns(lang)`, in order: the stems of its words,
    or None when one of them has none (the axis is then always tried)."""
    stems: dict[str, list[str] | None] = {}
    for row in data.table(LEXICON):
        axis, _pole, row_lang, expr = row[:4]
        if row_lang != lang:
            continue
        have = stems.setdefault(axis, [])
        for alt in _alternatives(expr):
            stem = _stem(alt)
            if not stem or have is None:
                stems[axis] = have = None
                break
            have.append(stem)
    return tuple(None if stems[axis] is None else tuple(stems[axis]) for axis, _ in lexicon_patterns(lang))


@lru_cache(maxsize=None)
def _axis_stems(lang: str) -> re.Pattern[str]:
    """A pattern whose group i + 1 matches at the start of a `_RUN` that a stem
    of axis i begins: each axis's stems in a lookahead, so that one match
    tests every axis (a group that never matches for an axis without stems)."""
    groups = ["(?:(?=(" + ("|".join(map(re.escape, have)) if have else "(?!)") + ")))?" for have in _stems(lang)]
    # The flags of the lexicon patterns: a run matches a stem exactly where
    # the text matches it at the run's start.
    return re.compile("".join(groups), re.IGNORECASE)


@lru_cache(maxsize=None)
def _always_axes(lang: str) -> frozenset[int]:
    """The axes without stems (see `_stems`): always tried."""
    return frozenset(i for i, have in enumerate(_stems(lang)) if have is None)


@lru_cache(maxsize=65536)
def _run_axes(run: str, lang: str) -> frozenset[int]:
    """Indexes of the axes a stem of which begins `run`."""
    found = _axis_stems(lang).match(run).groups()  # a stem is never empty: a match is truthy
    return frozenset(compress(range(len(found)), found))


def _candidate_axes(text: str, lang: str) -> frozenset[int]:
    """Indexes in `lexicon_patterns(lang)` of the axes that may match in `text`:
    a necessary condition (see above), one C-level scan and a cached lookup
    per distinct run instead of a scan per axis."""
    return _always_axes(lang).union(*map(_run_axes, set(_RUN.findall(text)), repeat(lang)))


_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*['’]?|\d+|[,;:.!?()«»\"“”—–]")
_FR_BARRIERS = frozenset(",;:.!?()«»\"“”—–") | {"et", "mais", "ou", "qui", "que", "qu'", "qu’", "dont", "où",
                                               "car", "puis", "si", "lorsque", "quand", "alors"}
_EN_BARRIERS = frozenset(",;:.!?()«»\"“”—–") | {"and", "but", "or", "which", "that", "who", "when", "while",
                                               "if", "because", "whereas", "although", "though"}
# Negations, grammatical and lexical ("refuse de", "incapable de", "empêcher"), that flip a word.
_FR_NEGATORS = frozenset("pas jamais aucun aucune rien guère nullement aucunement non ni sans plus incapable "
                         "incapables impossible refuse refusé refusent refuser refusait empêcher "
                         "empêche empêché éviter évite évité".split())
_FR_NE = frozenset(("ne", "n'", "n’"))
_FR_SANS_IDIOMS = frozenset("doute cesse précédent conteste exception compter relâche arrêt égal pareil".split())
# Not "pas seulement", "pas que": "n'échoueraient pas seulement à" = would not
# only fail, the negation is the adverb's, not the verb's.
_FR_NOT_NEG_AFTER = frozenset(("seulement", "uniquement", "que", "qu'", "qu’"))
_FR_AFTER_NEG = re.compile(r"[ \u00a0]+(?:pas|jamais|plus|guère|point|nullement|aucunement)(?![\w'’])"
                           r"(?![ \u00a0]+(?:" + "|".join(map(re.escape, sorted(_FR_NOT_NEG_AFTER))) + "))",
                           re.IGNORECASE)
# "hardly"/"scarcely" deny ("hardly diminishes" = does not diminish); "barely"
# affirms narrowly ("barely won" = won) and is not one.
_EN_NEG = frozenset("not non never no without nor neither cannot none unable unwilling impossible refuse refuses "
                    "refused refusing fail fails failed failing prevent prevents prevented preventing avoid "
                    "avoids avoided avoiding stop stops stopped stopping hardly scarcely".split())
_EN_NOT_NEG_AFTER = frozenset("only just merely least".split())


def _window(text: str, start: int, barriers: frozenset[str], size: int) -> tuple[list[str], str, str]:
    """Lowercased tokens before `start`, nearest first, up to `size` or a clause
    barrier; with the barrier met (or "") and the token before it (or "")."""
    toks = [t.lower() for t in _TOKEN.findall(text[max(0, start - 90):start])]
    if start > 90 and toks and not text[start - 91:start - 90].isspace():
        toks = toks[1:]  # a token cut by the slice is not a word of the window
    out: list[str] = []
    for i in range(len(toks) - 1, -1, -1):
        tok = toks[i]
        if tok in barriers:
            return out, tok, toks[i - 1] if i >= 1 else ""
        if len(out) >= size:
            break
        out.append(tok)
    return out, "", ""


# Words a negation reaches across: auxiliaries, articles, clitics ("n'a pas été
# annulé", "pas de hausse", "did not rise", "has not been cancelled", "no increase").
_FR_LIGHT = frozenset("été être a ont avait avaient est sont sera seront un une le la les l' l’ "
                      "se s' s’ en y lui leur me m' m’ te nous vous".split())
_EN_LIGHT = frozenset("been be being have has had to the a an any do does did it them this that its their "
                      "at all".split())
_DE = frozenset(("de", "des", "du", "d'", "d’", "of"))
_TIGHT_NEGATORS = frozenset(("sans", "non", "without", "non"))
# "closing is not", "the increase was not": a negation after an English noun.
_EN_AFTER_NEG = re.compile(r"\s+(?:is|are|was|were|will|would|does|did|has|have|had)(?:\s+not(?!\s+only)|n['’]t)\b",
                           re.IGNORECASE)


def _near_negation(win: list[str], negators: frozenset[str], light: frozenset[str]) -> int | None:
    """Index in `win` of a negator that reaches the word: up to four tokens back,
    at most one of them a content word ("n'a pas vraiment augmenté"), none for
    "sans" and "non", and not across a noun complement ("aucun bilan des
    pertes", "no assessment of the losses": the negation is the first noun's)."""
    heavy = 0
    saw_de = False
    for i, tok in enumerate(win[:4]):
        if tok in negators:
            return None if heavy and tok in _TIGHT_NEGATORS else i
        if tok in _DE:
            saw_de = True
        elif tok not in light:
            heavy += 1
            if heavy > 1 or saw_de:
                return None
    return None


def _fr_negated(text: str, start: int, end: int) -> bool:
    win, _, _ = _window(text, start, _FR_BARRIERS, 6)
    i = _near_negation(win, _FR_NEGATORS, _FR_LIGHT)
    if i is not None:
        tok = win[i]
        if tok == "sans":
            if i + 1 < len(win) and win[i + 1] in ("pas", "non", "jamais"):
                return False  # litotes: "n'est pas sans confirmer", "non sans mal"
            return not (i >= 1 and win[i - 1] in _FR_SANS_IDIOMS)
        if i >= 1 and win[i - 1] in _FR_NOT_NEG_AFTER:
            return False  # "pas seulement augmenté" = not only rose
        if tok == "plus":
            return any(t in _FR_NE for t in win[i + 1:])
        return True
    # "n'augmente pas", "ne les accepte plus": the negation closes after the verb.
    return any(t in _FR_NE for t in win[:3]) and bool(_FR_AFTER_NEG.match(text, end))


def _en_negated(text: str, start: int, end: int) -> bool:
    if _EN_AFTER_NEG.match(text, end):
        return True
    win, _, _ = _window(text, start, _EN_BARRIERS, 6)
    i = _near_negation(win, _EN_NEG, _EN_LIGHT)
    if i is None:
        i = next((j for j, t in enumerate(win[:3]) if t.endswith(("n't", "n’t"))), None)
        return i is not None
    return not (win[i] == "not" and i >= 1 and win[i - 1] in _EN_NOT_NEG_AFTER)


# Strict English negations: one of them earlier in the word's clause renders a
# negation whose scope the two languages draw differently ("n'avaient pas
# atteint une consolidation suffisante" = had not reached a sufficient
# consolidation; "aucune prescription n'interdit" = no requirement prohibits).
_EN_CLAUSE_NEG = frozenset("not never no without nor neither cannot none nobody nothing".split())
_EN_CLAUSE_BARRIERS = frozenset(",;:.!?«»\"“”—–") | {"but", "which", "that", "who", "because", "whereas",
                                                   "although", "though", "while", "when", "if"}
_PARENTHESIS = re.compile(r"\([^()]{0,120}\)")


def _en_clause_negated(text: str, start: int) -> bool:
    """Whether a strict negation (not "not only") stands earlier in the clause
    of the English word at `start`, up to 14 tokens back; a parenthesis does
    not end the clause ("will not (quite) lose")."""
    before = _PARENTHESIS.sub(" ", text[max(0, start - 160):start])
    toks = [t.lower() for t in _TOKEN.findall(before)][-14:]
    for i in range(len(toks) - 1, -1, -1):
        tok = toks[i]
        if tok in _EN_CLAUSE_BARRIERS:
            return False
        if tok.endswith(("n't", "n’t")) or tok in _EN_CLAUSE_NEG:
            after = toks[i + 1] if i + 1 < len(toks) else ""
            if not (tok == "not" and after in _EN_NOT_NEG_AFTER):
                return True
    return False


def _signs(text: str, lang: str, axes: "frozenset[str] | None" = None) -> dict[str, list[tuple[int, bool, int, int]]]:
    """axis -> [(effective sign, negated, start, end)] of the lexicon words in
    `text`, on the given axes only (all by default)."""
    out: dict[str, list[tuple[int, bool, int, int]]] = {}
    # On given axes (the few of a source, searched in its target) the patterns
    # are cheaper than the candidate test; on all axes, far dearer.
    if axes is None:
        candidates = _candidate_axes(text, lang)
        chosen = [ap for i, ap in enumerate(lexicon_patterns(lang)) if i in candidates]
    else:
        chosen = _axes_patterns(lang, axes)
    for axis, pattern in chosen:
        for m in pattern.finditer(text):
            sign = 1 if m.lastgroup == "p" else -1
            s, e = m.span()
            negated = _fr_negated(text, s, e) if lang == "fr" else _en_negated(text, s, e)
            out.setdefault(axis, []).append((-sign if negated else sign, negated, s, e))
    return out


@lru_cache(maxsize=4096)
def _axes_patterns(lang: str, axes: frozenset[str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The (axis, pattern) of `lexicon_patterns(lang)` on `axes`, in lexicon order:
    a source has few axes, and a source's set recurs (one per target), so
    its targets do not walk every axis of the lexicon."""
    return tuple(ap for ap in lexicon_patterns(lang) if ap[0] in axes)


@lru_cache(maxsize=4096)
def _source_axes(source: str) -> frozenset[str]:
    """The axes of `_source_signs(source)`, built once per source."""
    return frozenset(a for a, _, _, _, _ in _source_signs(source))


@lru_cache(maxsize=4096)
def _source_signs(source: str) -> tuple[tuple[str, int, bool, int, int], ...]:
    """(axis, sign, negated, start, end) for every source axis whose words all point one way."""
    out = []
    for axis, hits in _signs(source, "fr").items():
        if len({sign for sign, _, _, _ in hits}) == 1:
            sign, negated, s, e = hits[0]
            out.append((axis, sign, negated, s, e))
    return tuple(out)


def antonym_in_target(french: str, target: str) -> bool:
    """Whether a French snippet has a lexicon word whose opposite pole the
    English target uses: a negated "n'a pas accepté" rendered "refused"."""
    poles = _target_poles(target)
    candidates = _candidate_axes(french, "fr")
    for i, (axis, pattern) in enumerate(lexicon_patterns("fr")):
        if i not in candidates:
            continue
        m = pattern.search(french)
        if m and (axis, "m" if m.lastgroup == "p" else "p") in poles:
            return True
    return False


@lru_cache(maxsize=64)
def _target_poles(target: str) -> frozenset[tuple[str, str]]:
    """(axis, "p" or "m") of every lexicon word in an English text."""
    out = set()
    candidates = _candidate_axes(target, "en")
    for i, (axis, pattern) in enumerate(lexicon_patterns("en")):
        if i not in candidates:
            continue
        for m in pattern.finditer(target):
            out.add((axis, m.lastgroup))
            if len(out) >= 2 * len(lexicon_patterns("en")):
                break
    return frozenset(out)


class PolarityReversed(Detector):
    """A source predicate rendered by its opposite (rise/fall, accept/refuse, win/lose, cancel/hold ...)."""

    code = "A201"
    name = "polarity-reversed"
    category = "accuracy/mistranslation"
    severity = "major"
    fix = "none"
    severity_reason = "The reader is told the opposite of what happened (prices fell, not rose)."
    examples = (
        ("Les prix ont baissé en octobre.", "Prices rose in October."),
        ("Le maire a refusé de commenter.", "The mayor agreed to comment."),
        ("La réunion a été annulée.", "The meeting was held."),
    )
    traps = (
        ("Les prix n'ont pas augmenté.", "Prices did not rise."),
        ("Les prix n'ont pas augmenté.", "Prices held steady."),
        ("Le maire a refusé de commenter.", "The mayor declined to comment."),
    )

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        source_axes = _source_signs(segment.source)
        if not source_axes:
            return
        target = segment.target
        # Only the source's axes can disagree: the target's other axes are not searched.
        target_axes = _signs(target, "en", _source_axes(segment.source))
        for axis, sign, negated, s_start, s_end in source_axes:
            hits = target_axes.get(axis)
            if not hits or any(t_sign == sign for t_sign, _, _, _ in hits):
                continue
            # A negated target word ("could not hire") often renders a lexical
            # French negation ("à défaut de pouvoir embaucher"): it never fires.
            plain = [(s, e) for _, negated, s, e in hits if not negated]
            if negated:
                # A negated source word whose target clause negates too: the
                # negation is rendered, only its reach differs.
                plain = [(s, e) for s, e in plain if not _en_clause_negated(target, s)]
            if not plain:
                continue
            start, end = plain[0]
            yield self.finding(
                start, end,
                f"{target[start:end]!r} points the other way from the source's "
                f"{'negated ' if negated else ''}{segment.source[s_start:s_end]!r} ({axis} axis)",
                None,
            )


DETECTORS = (PolarityReversed,)
