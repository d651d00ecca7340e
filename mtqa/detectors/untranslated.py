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


def _is_content_french(word: str, source_words: frozenset[str]) -> bool:
    """A French content word: French-only by the lexicons, and copied from the source
    (or so French that English never uses it)."""
    lower = word.lower()
    if lower in _function_words() or len(lower) < 3:
        return False
    if not langid.is_french_word(lower):
        return False
    return lower in source_words or langid.is_french_word(lower, strict=True)


def _token_classes(text: str, source_words: frozenset[str], protected: list[tuple[int, int]]):
    """(start, end, kind) for each word: 'F' French content, 'f' French function word, '' other."""
    out = []
    fw = _function_words()
    for m in WORD_RE.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if any(s <= start < e for s, e in protected):
            out.append((start, end, "p"))  # loanword, title or web address
            continue
        if start and text[start - 1] in "#@/.\\_" or end < len(text) and text[end:end + 1] in "@_/" :
            out.append((start, end, ""))
            continue
        lower = word.lower()
        capital = word[:1].isupper()
        el = _ELISION.match(word)
        if el and not capital:
            rest = el.group(2)
            kind = "F" if _is_content_french(rest, source_words) else ("f" if rest.lower() in fw else "")
            if kind:
                out.append((start, end, kind))
                continue
        if capital:
            out.append((start, end, "c"))  # names are not leftovers; kept to spot copied names
        elif lower in fw:
            out.append((start, end, "f"))
        elif _is_content_french(word, source_words):
            out.append((start, end, "F"))
        else:
            out.append((start, end, ""))
    return out


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
        if kind != "c" or _SENTENCE_START.search(target[:start]):
            continue
        for j in range(i + 1, min(i + 8, len(tokens))):
            if not _gap_ok(target, tokens[j - 1][1], tokens[j][0]):
                break
            if tokens[j][2] == "c":
                inner = tokens[i + 1:j]
                words = {target[a:b].lower() for a, b, _ in inner}
                if inner and not words & _AUXILIARIES and target[start:tokens[j][1]] in source:
                    for k in range(i + 1, j):
                        out[k] = (tokens[k][0], tokens[k][1], "n")
                break
    return out


def _content_part(word: str) -> str:
    el = _ELISION.match(word)
    return (el.group(2) if el else word).lower()


def _gap_ok(text: str, a: int, b: int) -> bool:
    return text[a:b] in ("", " ", "\u00a0", "'", "’", "-")


@lru_cache(maxsize=512)
def analyse(source: str, target: str) -> Analysis:
    """Untranslated French in `target`, computed once per segment for all U2xx detectors."""
    source_words = frozenset(w.lower() for w in WORD_RE.findall(source))
    for w in list(source_words):
        el = _ELISION.match(w)
        if el:
            source_words |= {el.group(2).lower()}
    protected = [m.span() for m in _loan_pattern().finditer(target)]
    protected += [m.span() for m in _WEB.finditer(target)]

    # Titles ("le premier ministre", "la mairesse").
    titles: list[Span] = []
    for pattern, english in _titles():
        for m in pattern.finditer(target):
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
    protected += [(t.start, t.end) for t in titles]

    tokens = _mark_names(target, source, _token_classes(target, source_words, protected))
    alpha = [t for t in tokens if any(ch.isalpha() for ch in target[t[0]:t[1]])]
    lower_tokens = [t for t in alpha if t[2] not in ("c", "p", "n")]
    french = [t for t in lower_tokens if t[2] in "Ff" and t[2]]
    content = [t for t in lower_tokens if t[2] == "F"]

    # Whole segment in French: most lowercase words French, few everyday English
    # words, and lingua agrees.
    fr_lean, en_lean = [], []
    for t in lower_tokens:
        w = _content_part(target[t[0]:t[1]])
        fr, en = langid.zipf_fr(w), langid.zipf_en(w)
        if t[2] in ("F", "f") or fr - en >= 1.0:
            fr_lean.append(t)
        elif en >= 3.0 and en >= fr:
            en_lean.append(t)
    whole = None
    if (len(lower_tokens) >= 2 and (content or len(fr_lean) > len(french))
            and len(fr_lean) >= 0.6 * len(lower_tokens) and len(en_lean) <= 0.35 * len(lower_tokens)):
        conf = langid.french_confidence(target)
        if conf >= 0.9:
            whole = conf
    if whole is not None:
        return Analysis(whole, (), ())

    # Words and phrases: runs of French tokens with at least one content word.
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
    return Analysis(None, tuple(titles), tuple(words))


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
