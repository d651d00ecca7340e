"""French left untranslated: whole segments, words and phrases, French titles.

Evidence is combined from three sources: the English and French wordfreq
lexicons (a word French uses and English does not), the source segment (MT
leftovers are copied from it) and span-level language identification (lingua,
English vs French, see `mtqa.langid`). Names copied from the source ("Le
Devoir", "Québec solidaire", "Cirque du Soleil") and French loanwords English
uses ("de facto", "coup d'état") are never reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Iterable

from .. import data, langid
from ..types import Finding, Segment
from .base import WORD_RE, Context, Detector

_ELISION = re.compile(r"^(l|d|qu|n|s|c|j|m|t|jusqu|lorsqu|puisqu)['’](.+)$", re.IGNORECASE)
# French function words that are also everyday English words: they never start
# or end an untranslated span ("a pluie" is reported as "pluie").
_ENGLISH_TOO = frozenset("a on plus son sans car ton me ma ta mes tu ni ne or entre".split())
_WEB = re.compile(r"\S*(?:https?://|www\.|@|#)\S*|\S+\.(?:com|ca|org|net|fr|qc\.ca|gouv\.fr)\b\S*", re.IGNORECASE)
_URL_LIKE = re.compile(r"^[\w.\-/:@#]+$")


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return data.wordset("fr_function_words.txt")


@lru_cache(maxsize=1)
def _loan_pattern() -> re.Pattern[str]:
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


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    english: str | None = None


@dataclass(frozen=True)
class Analysis:
    whole: float | None  # French confidence when the whole target is French
    titles: tuple[Span, ...]
    words: tuple[Span, ...]


# Verb forms that never sit inside a name: a capitalised run holding one is a clause.
_AUXILIARIES = frozenset("a ont est sont était étaient avait avaient été être avoir sera seront".split())
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“«(—–]\s*)$")


def _mark_names(target: str, source: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Mark ("n") lowercase words inside a French name copied from the source:
    "Caisse de dépôt et placement du Québec", "Musée des beaux-arts de Montréal".

    A name here runs from a capitalised word that does not open a sentence,
    through at most six lowercase words (no verb), to a capitalised word, and
    appears verbatim in the source.
    """
    out = list(tokens)
    for i, (start, _, kind) in enumerate(tokens):
        if kind != "c":
            continue
        for j in range(i + 1, min(i + 8, len(tokens))):
            if not _gap_ok(target, tokens[j - 1][1], tokens[j][0]):
                break
            if tokens[j][2] == "c":
                inner = tokens[i + 1:j]
                if inner and target[start:tokens[j][1]] in source:
                    words = {target[a:b].lower() for a, b, _ in inner}
                    # Whether the name opens a sentence is asked last: it scans the prefix.
                    if not words & _AUXILIARIES and not _SENTENCE_START.search(target[:start]):
                        for k in range(i + 1, j):
                            out[k] = (tokens[k][0], tokens[k][1], "n")
                break
    return out


def _content_part(word: str) -> str:
    el = _ELISION.match(word)
    return (el.group(2) if el else word).lower()


def _gap_ok(text: str, a: int, b: int) -> bool:
    return text[a:b] in ("", " ", "\u00a0", "'", "’", "-")


# Cheap exact pre-checks (necessary conditions) for the loanword and title
# patterns, on the lowercased target with non-breaking spaces and curly
# apostrophes normalised. They hold because every character those patterns'
# letters match case-insensitively lowercases to the same letter, except these
# three (and "İ", whose lowercase is two characters): with one of them in the
# target the full patterns always run.
_FOLD_UNSAFE = re.compile("[\u0130\u0131\u017f]")
_ALNUM_RUN = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
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
        runs = _ALNUM_RUN.findall(_fold(phrase))
        if not runs or not _ALNUM_RUN.match(_fold(phrase)):
            return None
        keys.setdefault(max(runs, key=len), []).append(frozenset(runs))
    return {k: tuple(v) for k, v in keys.items()}


def _may_hold_loan(folded: str) -> bool:
    keys = _loan_keys()
    if keys is None:
        return True
    runs = set(_ALNUM_RUN.findall(folded))
    for key in runs:
        for needed in keys.get(key, ()):
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
        prefix = _fold("".join(chars))
        if not prefix:
            return None
        out.append(prefix)
    return tuple(out)


@lru_cache(maxsize=1)
def _gated_titles() -> tuple[tuple[re.Pattern[str], str, tuple[str, ...] | None], ...]:
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
def _title_prefixes() -> frozenset[str]:
    """Every title's prefixes; without one of them in the target, no title is
    checked (a pattern with no prefix puts "" here, which every text holds)."""
    return frozenset(p for _, _, prefixes in _gated_titles() for p in (prefixes or ("",)))


def _is_pre_french(word: str) -> bool:
    """The word-only part of "French content word": French-only by the lexicons.
    A content word must also be in the source's words, or so French that
    English never uses it (`is_french_word(strict=True)`)."""
    lower = word.lower()
    if lower in _function_words() or len(lower) < 3:
        return False
    return langid.is_french_word(lower)


def _fallthrough(word: str, lower: str, fw: frozenset[str], steps: list) -> None:
    if lower in fw:
        steps.append((None, "f"))
    elif _is_pre_french(word):
        if langid.is_french_word(lower, strict=True):
            steps.append((None, "F"))
        else:
            steps.append((lower, "F"))
            steps.append((None, ""))
    else:
        steps.append((None, ""))


@lru_cache(maxsize=65536)
def _word_info(word: str):
    """A word's token class, memoised: 'F' French content, 'f' French function
    word, 'c' capitalised (names are not leftovers; kept to spot copied names),
    '' other; an elided function word ("l'", "d'") takes the class of what
    follows when that is 'F' or 'f'. (Position decides two more in analyse: 'p'
    inside a loanword, title or web address, '' beside "#@/._\\".)

    Returns (plan, has a letter,
    lean, may matter, capital leaning French), where plan is a kind, or
    ((key, kind), ...) tried in order, the first whose key is None or in the
    source's words winning; lean is 1 for a word leaning French, -1 for an
    everyday English word, 0 otherwise (when the token is not already French).
    A word may matter when it may be French content ("F") or leans French
    without being capitalised; a capitalised word leaning French matters only
    where something beside it makes it plain (see analyse)."""
    fw = _function_words()
    lower = word.lower()
    capital = word[:1].isupper()
    el = _ELISION.match(word)
    steps: list = []
    if el and not capital:
        rest = el.group(2)
        rl = rest.lower()
        if _is_pre_french(rest):
            if langid.is_french_word(rl, strict=True):
                steps.append((None, "F"))
            else:
                steps.append((rl, "F"))
                _fallthrough(word, lower, fw, steps)
        elif rl in fw:
            steps.append((None, "f"))
        else:
            _fallthrough(word, lower, fw, steps)
    elif capital:
        steps.append((None, "c"))
    else:
        _fallthrough(word, lower, fw, steps)
    plan = steps[0][1] if steps[0][0] is None else tuple(steps)
    w = _content_part(word)
    fr, en = langid.zipf_fr(w), langid.zipf_en(w)
    lean = 1 if fr - en >= 1.0 else (-1 if en >= 3.0 and en >= fr else 0)
    may_be_content = any(kind == "F" for _, kind in steps)
    return (plan, any(ch.isalpha() for ch in word), lean,
            may_be_content or (lean == 1 and plan != "c"), lean == 1 and plan == "c")


_MAY_MATTER = itemgetter(3)
_CAPITAL_LEANS_FRENCH = itemgetter(4)
# What makes a token plain ("") whatever its class: a "#@/.\\_" just before it or
# "@_/" just after it (a capitalised word starts with a letter or digit).
_BESIDE_MARK = re.compile(r"[#@/\\_]|\.[^\W_]")
# Every _WEB match holds "@", "#" or "://", or one of these.
_WEB_GATE = re.compile(r"www\.|\.(?:com|ca|org|net|fr|qc|gouv)", re.IGNORECASE)


@lru_cache(maxsize=16)
def _source_wordset(source: str) -> frozenset[str]:
    source_words = frozenset(w.lower() for w in WORD_RE.findall(source))
    for w in list(source_words):
        el = _ELISION.match(w)
        if el:
            source_words |= {el.group(2).lower()}
    return source_words


@lru_cache(maxsize=512)
def analyse(source: str, target: str) -> Analysis:
    """Untranslated French in `target`, computed once per segment for all U2xx detectors.

    Word-level decisions are memoised (`_word_info`), the source's words are
    built only when a decision needs them, and the loanword and title patterns
    run only where an exact pre-check says they may match.
    """
    source_words: frozenset[str] | None = None
    folded = _fold(target) if _FOLD_UNSAFE.search(target) is None else None
    titles = _find_titles(target, source, folded)

    # Without a word that may be French content, nor one leaning French that may
    # count as a lowercase word, there is no whole-French segment and no French
    # words: the result is the titles alone. (A capitalised word counts only
    # when a "#@/._\\" beside it makes it plain, see below.)
    infos = list(map(_word_info, WORD_RE.findall(target)))
    if not any(map(_MAY_MATTER, infos)) and (not any(map(_CAPITAL_LEANS_FRENCH, infos))
                                             or not _BESIDE_MARK.search(target)):
        return Analysis(None, tuple(titles), ())

    if folded is None or _may_hold_loan(folded):
        protected = [m.span() for m in _loan_pattern().finditer(target)]
    else:
        protected = []
    if "@" in target or "#" in target or "://" in target or _WEB_GATE.search(target):
        for m in _WEB.finditer(target):
            protected.append(m.span())
    if titles:
        protected += [(t.start, t.end) for t in titles]

    # Token classes (see _word_info) and, for U201, the counts of
    # lowercase tokens leaning French or English.
    tokens: list[tuple[int, int, str]] = []
    n = len(target)
    for m, info in zip(WORD_RE.finditer(target), infos):
        start, end = m.span()
        if protected and any(s <= start < e for s, e in protected):
            tokens.append((start, end, "p"))
            continue
        if start and target[start - 1] in "#@/.\\_" or end < n and target[end:end + 1] in "@_/":
            tokens.append((start, end, ""))
            continue
        plan = info[0]
        if plan.__class__ is not str:
            if source_words is None:
                source_words = _source_wordset(source)
            for key, kind in plan:
                if key is None or key in source_words:
                    plan = kind
                    break
        tokens.append((start, end, plan))
    if any(t[2] == "c" for t in tokens):
        tokens = _mark_names(target, source, tokens)

    n_lower = n_french = n_content = n_fr = n_en = 0
    for (_, _, kind), (_, alpha, lean, _, _) in zip(tokens, infos):
        if not alpha or kind in ("c", "p", "n"):
            continue
        n_lower += 1
        if kind == "F" or kind == "f":
            n_french += 1
            n_fr += 1
            if kind == "F":
                n_content += 1
        elif lean == 1:
            n_fr += 1
        elif lean == -1:
            n_en += 1
    whole = None
    if (n_lower >= 2 and (n_content or n_fr > n_french)
            and n_fr >= 0.6 * n_lower and n_en <= 0.35 * n_lower):
        conf = langid.french_confidence(target)
        if conf >= 0.9:
            whole = conf
    if whole is not None:
        return Analysis(whole, (), ())
    if not any(t[2] == "F" for t in tokens):
        return Analysis(None, tuple(titles), ())
    return Analysis(None, tuple(titles), tuple(_find_words(target, source, tokens)))


def _find_titles(target: str, source: str, folded: str | None) -> list[Span]:
    """Titles ("le premier ministre", "la mairesse") copied from the source."""
    titles: list[Span] = []
    hit = None
    if folded is not None:
        hit = {p for p in _title_prefixes() if p in folded}
        if not hit:
            return titles
    for pattern, english, prefixes in _gated_titles():
        if hit is not None and prefixes is not None and hit.isdisjoint(prefixes):
            continue  # cannot match
        for m in pattern.finditer(target):
            source_words = _source_wordset(source)
            s, e = m.span()
            if any(s < te and ts < e for ts, te, *_ in [(t.start, t.end) for t in titles]):
                continue
            core = re.sub(r"^(?:(?:le|la|les)[ \u00a0]+|l['’])", "", m.group(), flags=re.IGNORECASE)
            if not any(w in source_words for w in (x.lower() for x in WORD_RE.findall(core))):
                continue  # the title is not in the source: not a leftover
            if m.group()[:1].isupper() and s > 0:
                before = target[:s].rstrip()
                prev = WORD_RE.findall(before)[-1:] if before else []
                if prev and prev[0][:1].isupper() and not re.search(r"[.!?:\"“«]\s*$", before):
                    continue  # part of a name: "Bruno Le Maire"
            titles.append(Span(s, e, m.group(), english or None))
    return titles


def _find_words(target: str, source: str, tokens: list[tuple[int, int, str]]) -> list[Span]:
    """Words and phrases: runs of French tokens with at least one content word."""
    words: list[Span] = []
    i = 0
    while i < len(tokens):
        if tokens[i][2] != "F":
            i += 1
            continue
        lo = hi = i
        while lo > 0 and tokens[lo - 1][2] in ("F", "f") and _gap_ok(target, tokens[lo - 1][1], tokens[lo][0]):
            lo -= 1
        while hi + 1 < len(tokens) and tokens[hi + 1][2] in ("F", "f") and _gap_ok(target, tokens[hi][1], tokens[hi + 1][0]):
            hi += 1
        # Trim function words that are English words too at both edges.
        while lo < hi and tokens[lo][2] == "f" and target[tokens[lo][0]:tokens[lo][1]].lower() in _ENGLISH_TOO:
            lo += 1
        while hi > lo and tokens[hi][2] == "f":
            hi -= 1  # a span ends on its content word: "ministère de la Santé" → "ministère"
        i = hi + 1
        start, end = tokens[lo][0], tokens[hi][1]
        text = target[start:end]
        # A lowercase part of a name copied from the source: "Québec solidaire",
        # "Musée des beaux-arts".
        if lo > 0 and tokens[lo - 1][2] == "c" and _gap_ok(target, tokens[lo - 1][1], tokens[lo][0]):
            name = target[tokens[lo - 1][0]:end]
            if name in source:
                continue
        # Span-level language identification confirms the lexicons, except for
        # words English lexicons do not know at all ("verglas", "sinistrés"),
        # where lingua has too little to go on.
        unknown_to_english = any(
            t[2] == "F" and langid.zipf_en(_content_part(target[t[0]:t[1]])) == 0 for t in tokens[lo:hi + 1]
        )
        if not unknown_to_english and langid.french_confidence(text) < 0.5:
            continue
        words.append(Span(start, end, text))
    return words


class UntranslatedSegment(Detector):
    """The whole target is still French (by language identification, not only target == source)."""

    code = "U201"
    name = "untranslated-segment"
    category = "non-translation"
    severity = "critical"
    fix = "none"
    severity_reason = "An English reader gets nothing from the segment: the translation did not happen."
    examples = (("Le gouvernement a annoncé une nouvelle taxe.", "Le gouvernement a annoncé une nouvelle taxe."),
                ("La grève des enseignants se poursuit.", "La grève des enseignants continues."))
    traps = (("Cirque du Soleil", "Cirque du Soleil"),
             ("Université Laval, Québec", "Université Laval, Québec"),
             ("https://www.lapresse.ca/actualites", "https://www.lapresse.ca/actualites"),
             ("2-1 (prolongation)", "2-1 (overtime)"))

    def check(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        a = analyse(segment.source, segment.target)
        if a.whole is None:
            return
        text = segment.target
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        how = "copied from the source" if text.strip() == segment.source.strip() else "French"
        yield self.finding(start, end, f"target is still {how} (French confidence {a.whole:.2f})")


class UntranslatedWords(Detector):
    """French words or phrases left inside the English ("postponed because of the pluie")."""

    code = "U202"
    name = "untranslated-words"
    category = "accuracy/untranslated"
    severity = "major"
    fix = "none"
    severity_reason = "The reader cannot recover the meaning of the French words without the source."
    examples = (("Le match a été reporté à cause de la pluie.", "The game was postponed because of the pluie."),
                ("Les enseignants sont en grève depuis lundi.", "Teachers have been on grève since Monday."))
    traps = (("selon Le Devoir", "according to Le Devoir"),
             ("le gouvernement de facto", "the de facto government"),
             ("un coup d'État", "a coup d'état"),
             ("le Cirque du Soleil", "Cirque du Soleil"),
             ("Québec solidaire a voté contre.", "Québec solidaire voted against."))

    def check(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for s in analyse(segment.source, segment.target).words:
            yield self.finding(s.start, s.end, f"French left untranslated: {s.text!r}")


class FrenchTitle(Detector):
    """A French title or office left in English ("the premier ministre", "la mairesse")."""

    code = "U203"
    name = "french-title"
    category = "accuracy/untranslated"
    severity = "minor"
    fix = "reviewable"
    severity_reason = "Readers can usually guess the office, but the text reads as machine output."
    examples = (("le premier ministre Legault", "le premier ministre Legault said"),
                ("la mairesse de Montréal", "the mairesse of Montreal"))
    traps = (("Bruno Le Maire, ministre français", "Bruno Le Maire, the French minister"),
             ("le premier ministre Legault", "Premier Legault"),
             ("le président", "the president"))

    def check(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for s in analyse(segment.source, segment.target).titles:
            yield self.finding(
                s.start, s.end, f"French title {s.text!r} left untranslated",
                _english(s),
            )


def _english(span: Span) -> str | None:
    if not span.english:
        return None
    has_article = re.match(r"(?:le|la|les)[ \u00a0]|l['’]", span.text, re.IGNORECASE)
    return ("the " + span.english) if has_article else span.english


DETECTORS = (UntranslatedSegment, UntranslatedWords, FrenchTitle)
