"""What in a target is still French: words, phrases and titles (`analyse`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from ... import langid
from ..base import WORD_RE, Context
from .english_forms import english_form
from .lexicon import (
    ELISION, ENGLISH_TOO, FOLD_UNSAFE, WEB, function_words, gate_fold, gated_titles, loan_pattern,
    may_hold_loan, minimal_title_prefixes, title_prefixes
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
    appears verbatim in the source. (Returns `tokens` itself when nothing is marked.)
    """
    out = tokens
    caps = [k for k, t in enumerate(tokens) if t[2] == "c"]
    # Only the next capitalised word can close a name opened at i, and only
    # with a word between and within seven words: the pairs of consecutive
    # capitals say where to look, instead of a scan after every capital.
    for i, j in zip(caps, caps[1:]):
        if not 1 < j - i < 8:
            continue
        start = tokens[i][0]
        if not all(_gap_ok(target, tokens[k - 1][1], tokens[k][0]) for k in range(i + 1, j + 1)):
            continue
        if target[start:tokens[j][1]] in source:
            words = {target[a:b].lower() for a, b, _ in tokens[i + 1:j]}
            # Whether the name opens a sentence is asked last: it scans the prefix.
            if not words & _AUXILIARIES and not _SENTENCE_START.search(target[:start]):
                if out is tokens:
                    out = list(tokens)
                for k in range(i + 1, j):
                    out[k] = (tokens[k][0], tokens[k][1], "n")
    return out


def _content_part(word: str) -> str:
    el = ELISION.match(word)
    return (el.group(2) if el else word).lower()


def _gap_ok(text: str, a: int, b: int) -> bool:
    return text[a:b] in ("", " ", "\u00a0", "'", "’", "-")


def _is_pre_french(word: str) -> bool:
    """The word-only part of "French content word": French-only by the lexicons.
    A content word must also be in the source's words, or so French that
    English never uses it (`is_french_word(strict=True)`)."""
    lower = word.lower()
    if lower in function_words() or len(lower) < 3:
        return False
    # British spellings, plurals and compounds of English words score low in
    # wordfreq's English list ("militarisation", "destructions"): English all the same.
    return langid.is_french_word(lower) and not english_form(lower)


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
    fw = function_words()
    lower = word.lower()
    capital = word[:1].isupper()
    el = ELISION.match(word)
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
# Every WEB match holds "@", "#" or "://", or one of these.
_WEB_GATE = re.compile(r"www\.|\.(?:com|ca|org|net|fr|qc|gouv)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _title_start() -> re.Pattern[str] | None:
    """The first letter runs of the title prefixes (`minimal_title_prefixes`:
    "ambassad", "chef", "juge", ...), at the start of a word or after an
    apostrophe in it; None when a prefix opens otherwise (no pre-check)."""
    keys = {m.group() if (m := _LETTER_RUN.match(p)) else "" for p in minimal_title_prefixes()}
    if "" in keys:
        return None
    return re.compile(r"(?:^|(?<=['’]))(?:" + "|".join(map(re.escape, sorted(keys))) + ")", re.IGNORECASE)


_LETTER_RUN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def _may_open_title(word: str) -> bool:
    """Whether a title match may start in this word (`WORD_RE` token).

    A title's core follows a character that is not a word character nor a
    hyphen (its look-behind, or the article's space or apostrophe), so it
    starts the word or follows an apostrophe inside it ("l'ambassadeur"), and
    there it matches its literal prefix case-insensitively, as `_title_start`
    matches the prefix's first letter run (lowercase, also case-insensitively)."""
    pattern = _title_start()
    return pattern is None or pattern.search(word) is not None


# Words that change no analysis (`_plainness` 0), most of any English text: a
# set, so that a whole target is checked at once (`_nothing_to_find`). New
# words stop being added at _PLAIN_LIMIT; those are then asked about each time.
_PLAIN_WORDS: set[str] = set()
_PLAIN_LIMIT = 1 << 17


@lru_cache(maxsize=65536)
def _plainness(word: str) -> int:
    """2 for a word that may matter (see `_word_info`) or where a title may
    start (`_may_open_title`), 1 for a capitalised word leaning French (it
    matters beside a "#@/._\\"), 0 for the rest."""
    info = _word_info(word)
    if info[3] or _may_open_title(word):
        return 2
    return 1 if info[4] else 0


def _nothing_to_find(target: str, words: list[str]) -> bool:
    """Whether `_analyse` finds nothing in `target` for want of a word that
    could change that: no title can start (`_may_open_title`), and the test
    after the titles in `_analyse` returns at once."""
    if _PLAIN_WORDS.issuperset(words):
        return True
    marked = None
    # The words not yet known plain, each once (the answer does not depend on
    # their order; only which of them are remembered as plain may).
    for w in set(words).difference(_PLAIN_WORDS):
        kind = _plainness(w)
        if kind == 2:
            return False
        if kind == 1:
            if marked is None:
                marked = _BESIDE_MARK.search(target) is not None
            if marked:
                return False
        elif len(_PLAIN_WORDS) < _PLAIN_LIMIT:
            _PLAIN_WORDS.add(w)
    return True


_NOTHING = Analysis(None, (), ())


@lru_cache(maxsize=16)
def _source_wordset(source: str) -> frozenset[str]:
    source_words = frozenset(w.lower() for w in WORD_RE.findall(source))
    for w in list(source_words):
        el = ELISION.match(w)
        if el:
            source_words |= {el.group(2).lower()}
    return source_words


@lru_cache(maxsize=512)
def analyse(source: str, target: str) -> Analysis:
    """Untranslated French in `target` (see `_analyse`)."""
    words = WORD_RE.findall(target)
    if _nothing_to_find(target, words):
        return _NOTHING
    return _analyse(source, target, words)


def analyse_segment(ctx: Context) -> Analysis:
    """`analyse` of the context's segment, with the words the Context already
    holds (`ctx.target_word_strings` is `WORD_RE.findall(target)`); the U2xx
    detectors read it once through `ctx.memo(analyse_segment)`."""
    segment = ctx.segment
    words = ctx.target_word_strings
    if _nothing_to_find(segment.target, words):
        return _NOTHING  # the usual case
    return _analyse(segment.source, segment.target, words)


def _analyse(source: str, target: str, target_words: list[str]) -> Analysis:
    """Untranslated French in `target`, whose words (WORD_RE.findall) are `target_words`.
    The callers have settled the usual case first (`_nothing_to_find`: one set
    lookup a word).

    Word-level decisions are memoised (`_word_info`), the source's words are
    built only when a decision needs them, and the loanword and title patterns
    run only where an exact pre-check says they may match.
    """
    source_words: frozenset[str] | None = None
    folded = gate_fold(target) if FOLD_UNSAFE.search(target) is None else None
    titles = _find_titles(target, source, folded)

    # Without a word that may be French content, nor one leaning French that may
    # count as a lowercase word, there is no whole-French segment and no French
    # words: the result is the titles alone. (A capitalised word counts only
    # when a "#@/._\\" beside it makes it plain, see below.)
    infos = list(map(_word_info, target_words))
    if not any(map(_MAY_MATTER, infos)) and (not any(map(_CAPITAL_LEANS_FRENCH, infos))
                                             or not _BESIDE_MARK.search(target)):
        return Analysis(None, tuple(titles), ())

    if folded is None or may_hold_loan(folded):
        protected = [m.span() for m in loan_pattern().finditer(target)]
    else:
        protected = []
    if "@" in target or "#" in target or "://" in target or _WEB_GATE.search(target):
        for m in WEB.finditer(target):
            protected.append(m.span())
    if titles:
        protected += [(t.start, t.end) for t in titles]

    # Token classes (see _word_info) and, for U201, the counts of
    # lowercase tokens leaning French or English. (The offsets come from
    # finditer's spans: ctx.target_words would also build each word's string.)
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
        if not any(p in folded for p in minimal_title_prefixes()):
            return titles  # no title prefix at all (the usual case)
        hit = {p for p in title_prefixes() if p in folded}
    for pattern, english, prefixes in gated_titles():
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
        while lo < hi and tokens[lo][2] == "f" and target[tokens[lo][0]:tokens[lo][1]].lower() in ENGLISH_TOO:
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
