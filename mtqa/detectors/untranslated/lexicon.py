"""The word lists of the untranslated checks (function words, loanwords, titles)
and the cheap exact pre-checks that gate the loanword and title patterns."""

from __future__ import annotations

import re
from functools import lru_cache

from ... import data


ELISION = re.compile(r"^(l|d|qu|n|s|c|j|m|t|jusqu|lorsqu|puisqu)['’](.+)$", re.IGNORECASE)
# French function words that are also everyday English words: they never start
# or end an untranslated span ("a pluie" is reported as "pluie").
ENGLISH_TOO = frozenset("a on plus son sans car ton me ma ta mes tu ni ne or entre".split())
WEB = re.compile(r"\S*(?:https?://|www\.|@|#)\S*|\S+\.(?:com|ca|org|net|fr|qc\.ca|gouv\.fr)\b\S*", re.IGNORECASE)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    return data.wordset("fr_function_words.txt")


@lru_cache(maxsize=1)
def loan_pattern() -> re.Pattern[str]:
    phrases = sorted(data.lines("fr_loanwords.txt"), key=len, reverse=True)
    alts = "|".join(re.escape(p).replace("'", "['’]").replace(r"\ ", r"[ \u00a0]") for p in phrases)
    return re.compile(rf"(?<![\w'’\-])(?:{alts})(?![\w\-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _titles() -> tuple[tuple[re.Pattern[str], str], ...]:
    rows = []
    for row in data.table("fr_titles.tsv"):
        pattern, english = row[0], (row[1] if len(row) > 1 else "")
        rows.append((pattern, english))
    # Longest patterns first so "premier ministre" wins over "ministre".
    rows.sort(key=lambda r: len(r[0]), reverse=True)
    return tuple(
        (re.compile(rf"(?<![\w\-])(?:(?:le|la|les)[ \u00a0]+|l['’])?(?:{p})(?![\w\-])", re.IGNORECASE), e)
        for p, e in rows
    )


# Cheap exact pre-checks (necessary conditions) for the loanword and title
# patterns, on the lowercased target with non-breaking spaces and curly
# apostrophes normalised. They hold because every character those patterns'
# letters match case-insensitively lowercases to the same letter, except these
# three (and "İ", whose lowercase is two characters): with one of them in the
# target the full patterns always run.
FOLD_UNSAFE = re.compile("[\u0130\u0131\u017f]")
_ALNUM_RUN = re.compile(r"[^\W_]+")


def gate_fold(text: str) -> str:
    return text.lower().replace("\u00a0", " ").replace("’", "'")


@lru_cache(maxsize=1)
def _loan_keys() -> dict[str, tuple[frozenset[str], ...]] | None:
    """Loanwords by their longest letter run, as sets of their letter runs.

    A loan match is preceded by a non-word character and followed by one
    unless the phrase ends in punctuation, and inside the phrase its runs are
    bounded by its own punctuation and spaces: so each of its letter runs is a
    whole letter run of the folded target. None: no pre-check possible.
    """
    keys: dict[str, list[frozenset[str]]] = {}
    for phrase in data.lines("fr_loanwords.txt"):
        runs = _ALNUM_RUN.findall(gate_fold(phrase))
        if not runs or not _ALNUM_RUN.match(gate_fold(phrase)):
            return None
        keys.setdefault(max(runs, key=len), []).append(frozenset(runs))
    return {k: tuple(v) for k, v in keys.items()}


def may_hold_loan(folded: str) -> bool:
    keys = _loan_keys()
    if keys is None:
        return True
    runs = set(_ALNUM_RUN.findall(folded))
    # The runs that key some loanword, found in C (a dict view's `&` walks the smaller side).
    for key in keys.keys() & runs:
        for needed in keys[key]:
            if needed <= runs:
                return True
    return False


def _literal_prefixes(pattern: str) -> tuple[str, ...] | None:
    """Lowercased literal prefixes, one per top-level alternative, or None."""
    try:
        from re import _parser as sre_parse  # noqa: PLC0415 - only on first use
    except ImportError:  # Python < 3.11
        import sre_parse  # noqa: PLC0415

    out = []
    parsed = list(sre_parse.parse(pattern))
    branches = [parsed]
    if len(parsed) == 1 and parsed[0][0] is sre_parse.BRANCH:
        branches = [list(b) for b in parsed[0][1][1]]
    for branch in branches:
        chars = []
        for op, arg in branch:
            if op is not sre_parse.LITERAL:
                break
            chars.append(chr(arg))
        prefix = gate_fold("".join(chars))
        if not prefix:
            return None
        out.append(prefix)
    return tuple(out)


@lru_cache(maxsize=1)
def gated_titles() -> tuple[tuple[re.Pattern[str], str, tuple[str, ...] | None], ...]:
    """`_titles()` with, for each, literal prefixes one of which each of its
    matches holds in the folded target (None: no pre-check)."""
    rows = []
    for row in data.table("fr_titles.tsv"):
        rows.append((row[0], _literal_prefixes(row[0])))
    # Same order as _titles(): longest patterns first (a stable sort).
    rows.sort(key=lambda r: len(r[0]), reverse=True)
    out = tuple((pattern, english, prefixes) for (pattern, english), (_, prefixes) in zip(_titles(), rows))
    assert all(f"(?:{core})" in p.pattern for (p, _, _), (core, _) in zip(out, rows))
    return out


@lru_cache(maxsize=1)
def title_prefixes() -> frozenset[str]:
    """Every title's prefixes; without one of them in the target, no title is
    checked (a pattern with no prefix puts "" here, which every text holds)."""
    return frozenset(p for _, _, prefixes in gated_titles() for p in (prefixes or ("",)))


@lru_cache(maxsize=1)
def minimal_title_prefixes() -> tuple[str, ...]:
    """The title prefixes that hold no other one: a text holds some title
    prefix exactly when it holds one of these (fewer substring tests)."""
    prefixes = title_prefixes()
    return tuple(sorted(p for p in prefixes if not any(q != p and q in p for q in prefixes)))
