"""Dropped content: a source clause or complement with no counterpart in the target.

A501 checks relative clauses (", qui était à Paris mardi,") and appositions
between commas (", l'ancien ministre des Finances,"); A502 complements opened
by "malgré", "selon", "d'ici", "dans", "lors de", "après", "avant". One fires
only when, at once: most of the candidate's content words (see
`fr_function_words.txt`, `fr_light_words.txt`) have no counterpart in the
target (cognate, number, `fr_en_content_words.tsv` or the other bilingual
data: entities, term variants, polarity axes, units, time expressions); the
rest of the source is rendered well enough for that search to be trusted; the
target has no unrendered words where the candidate's translation would be;
and the target is shorter than a full translation. Each test alone is weak on
free human translations; precision comes first. Dropped names are N202's.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from .. import data, langid
from ..types import Finding, Segment
from ._memo import memo_by_text
from .base import WORD_RE, Context, Detector


def fold(text: str) -> str:
    """Lowercase, accents off, curly apostrophe straight."""
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


# Length gate: target chars <= CHAR_RATIO * (source - LENGTH_SHARE * candidate).
# A full translation is ~0.876 of its source (WMT14 reference median).
CHAR_RATIO = 0.95
LENGTH_SHARE = 0.5
# Content words a candidate needs, and the share of them without a counterpart.
MIN_CONTENT = 2
MIN_MISSING_SHARE = 0.75
# How well the rest of the source must be rendered for the search to be trusted.
MIN_COVERED_ELSEWHERE = 0.4
# Unrendered target words allowed, per missing word, beyond those the
# unrendered rest of the source accounts for (globally and in the window
# where the candidate's translation would stand).
UNEXPLAINED_SHARE = 0.75
MAX_CANDIDATE_WORDS = 14
# Longer sources are several sentences (or hostile input): the length gate
# means nothing there and the word-by-word search would grow quadratically.
MAX_SOURCE_CHARS = 1200

_ELISION = re.compile(r"^(?:[ldjnmstc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)
# A chunk ends at punctuation; a comma or point between digits ("3,5") does not end it.
_BOUNDARY = re.compile(r"[,.;:!?()«»\"“”—–\[\]]")
# Compared lowercased, accents kept: folded, "où" would be the conjunction "ou".
_RELATIVE = frozenset(w.replace("’", "'") for w in "qui que qu' qu’ dont où lequel laquelle lesquels lesquelles auquel auxquels auxquelles "
                      "duquel desquels desquelles".split())
_APPOSITION_START = frozenset(fold(w) for w in "le la les l' l’ un une son sa ses leur leurs cet cette ancien ancienne "
                              "anciens ex".split())
_COMPLEMENT = re.compile(r"(?<![\w'’-])(?:(?:malgré|selon|d['’]ici|dans|lors\s+d(?:e|u|es)|après|avant)(?![\w'’-])"
                         r"|lors\s+d['’](?=\w))",
                         re.IGNORECASE)
_PREPOSITION_RELATIVE = re.compile(r"\s+(?:lequel|laquelle|lesquels|lesquelles|quoi|qui)\b", re.IGNORECASE)
# A complement goes on with a determiner, a number, a name or an infinitive.
_COMPLEMENT_OPENS = re.compile(r"\s*(?:(?:l[ea]s?|une?|des|du|de|aux?|s[ao]n|ses|leurs?|ce[st]?|cette|m[ao]n|mes|no(?:tre|s)|"
                               r"vo(?:tre|s)|que|avoir|être|plusieurs|quelques|certaine?s|toute?s?|tous|chaque|deux|trois|"
                               r"quatre|cinq|dix|cent|mille)\b|(?:l|d|qu)['’]|\d|[A-ZÀ-Þ])", re.IGNORECASE)
# Words after which a complement stops: another clause begins.
_COMPLEMENT_STOP = frozenset(fold(w) for w in "et ou mais qui que qu' qu’ dont où car puis lorsque quand si tandis lequel laquelle "
                                                     "lesquels lesquelles auquel auxquels duquel".split())


@lru_cache(maxsize=1)
def _light_words() -> frozenset[str]:
    words = data.wordset("fr_function_words.txt") | data.wordset("fr_light_words.txt")
    return frozenset(fold(w) for w in words)


def _forms(cell: str) -> tuple[str, ...]:
    return tuple(f for f in (fold(x.strip()) for x in cell.split("|")) if f)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """French stem -> English forms, and the stems longest first (a prefix
    table: "annonc" serves annonce, annoncé, annonçait)."""
    table: dict[str, set[str]] = {}
    for row in data.table("fr_en_content_words.tsv"):
        if len(row) < 2:
            continue
        en = _forms(row[1])
        for fr in _forms(row[0]):
            table.setdefault(fr, set()).update(en)
    return {k: tuple(sorted(v)) for k, v in table.items()}, tuple(sorted(table, key=len, reverse=True))


def _stem_matches(stem: str, word: str, endings: tuple[str, ...]) -> bool:
    # A long stem is a prefix ("story" also renders "stories"); a short one takes an ending.
    if len(stem) >= 4:
        return word.startswith(stem) or (len(stem) >= 5 and stem[-1] in "ye" and word.startswith(stem[:-1]))
    return word == stem or any(word == stem + e for e in endings)


_FR_ENDINGS, _EN_ENDINGS = ("s", "e", "es", "x"), ("s", "es", "ed", "d", "ing", "ly")


@lru_cache(maxsize=1)
def _phrase_pairs() -> tuple[tuple[bool, re.Pattern[str], re.Pattern[str]], ...]:
    """(on folded text, French pattern, English pattern) from the other
    bilingual data: a French match is rendered when the English pattern occurs
    in the target. Entities and terms are folded forms; the polarity, unit and
    time patterns are written with accents."""
    def words(forms: Iterable[str]) -> str:
        return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True) if f)

    def compile_pair(fr: str, en: str, tail: str = "") -> tuple[bool, re.Pattern[str], re.Pattern[str]] | None:
        return (True, re.compile(rf"(?<![\w])(?:{fr}){tail}(?![\w])", re.IGNORECASE),
                re.compile(rf"(?<![\w])(?:{en})", re.IGNORECASE)) if fr and en else None

    pairs = []
    for row in data.table("fr_en_entities.tsv"):
        fr, en, stems = (_forms(row[i]) if len(row) > i else () for i in range(3))
        pairs.append(compile_pair(words(fr), words(en + fr)))
        if stems:  # derived words: "américain" renders the United States
            pairs.append(compile_pair(words(stems), words(en), r"\w*"))
    for fr_key, en in _lexicon()[0].items():
        if " " in fr_key:
            pairs.append(compile_pair(re.escape(fr_key) + r"s?", words(en)))
    for row in data.table("fr_en_term_variants.tsv"):
        en = [fold(f) for cell in row[1:] for f in re.split(r"[|;]", cell)]
        pairs.append(compile_pair(words([fold(row[0])]), words(f.strip() for f in en)))
    # Polarity axes and unit kinds: any word of the axis or kind renders any
    # other (a reversal or a conversion is another detector's finding).
    groups: dict[tuple[str, str], dict[str, list[str]]] = {}
    for row in data.table("fr_en_polarity.tsv"):
        groups.setdefault(("pol", row[0]), {}).setdefault(row[2], []).append(row[3])
    for row in data.table("units.tsv"):
        groups.setdefault(("unit", row[0]), {}).setdefault(row[2], []).append(row[3])
    for row in data.table("time_expressions.tsv"):
        groups.setdefault(("time", row[1]), {}).setdefault(row[0], []).append(row[2])
    for langs in groups.values():
        if "fr" in langs and "en" in langs:
            pairs.append((False, re.compile(r"(?<![\w-])(?:" + "|".join(langs["fr"]) + r")(?![\w])", re.IGNORECASE),
                          re.compile(r"(?<![\w-])(?:" + "|".join(langs["en"]) + r")(?![\w])", re.IGNORECASE)))
    return tuple(p for p in pairs if p)


class _Target:
    """The target's words, folded, with their positions for the counterpart search."""

    __slots__ = ("folded", "words", "starts", "by_word")

    def __init__(self, text: str):
        self.folded = fold(text)
        words, starts = [], []
        for m in WORD_RE.finditer(self.folded):
            pos = m.start()
            for part in re.sub(r"'s$", "", m.group()).split("-"):
                if part:
                    words.append(part)
                    starts.append(pos)
                pos += len(part) + 1
        self.words = tuple(words)
        self.starts = tuple(starts)
        self.by_word: dict[str, list[int]] = {}
        for i, w in enumerate(words):
            self.by_word.setdefault(w, []).append(i)

    def form_positions(self, form: str) -> list[int]:
        """Indices of the target words that render an English form (a phrase: its first word)."""
        if " " in form:
            parts = form.split()
            n = len(parts)
            return [i for i in self.by_word.get(parts[0], ())
                    if tuple(self.words[i:i + n - 1]) == tuple(parts[:-1])
                    and i + n - 1 < len(self.words) and self.words[i + n - 1].startswith(parts[-1])]
        if not form.isalnum():
            # "p.m." is the words "p" "m"; "ex-" begins a word
            parts = [p for p in re.split(r"[.\-']", form) if p]
            if len(parts) > 1:
                return self.form_positions(" ".join(parts))
            return [i for i, w in enumerate(self.words) if parts and w.startswith(parts[0])]
        return [i for w, idx in self.by_word.items() if _stem_matches(form, w, _EN_ENDINGS) for i in idx]

    def span_positions(self, start: int, end: int) -> list[int]:
        return [i for i, s in enumerate(self.starts) if start <= s < end]


def _cognate(fr: str, en: str) -> bool:
    if fr == en:
        return True
    n = 0
    for a, b in zip(fr, en):
        if a != b:
            break
        n += 1
    shorter = min(len(fr), len(en))
    if n >= 5 or (shorter >= 4 and n >= shorter - 1):
        return True
    if len(fr) >= 5 and len(en) >= 5 and fr[:1] == en[:1]:
        return difflib.SequenceMatcher(None, fr, en).ratio() >= 0.78
    return False


def _variants(word: str) -> tuple[str, ...]:
    """The word and its usual English spellings: "état" -> "stat", "-ique" -> "-ic"."""
    out = [word]
    if word.startswith("e") and len(word) > 4 and word[1] not in "aeiou":
        out.append("s" + word[1:])  # état/state, étude/study, école/school
    for fr, en in (("ique", "ic"), ("eur", "or"), ("if", "ive"), ("ie", "y"), ("ee", "ed"), ("ienne", "ian"),
                   ("iens", "ian"), ("ien", "ian"), ("aise", "ese"), ("ais", "ese"), ("aine", "an"), ("ain", "an")):
        if word.endswith(fr):
            out.append(word[: -len(fr)] + en)
    return tuple(out)


@lru_cache(maxsize=65536)
def _lexicon_forms(word: str) -> tuple[str, ...]:
    table, stems = _lexicon()
    forms: list[str] = []
    for stem in stems:
        if _stem_matches(stem, word, _FR_ENDINGS):
            forms.extend(table[stem])
    return tuple(forms)


def _positions(word: str, target: _Target) -> list[int]:
    """Indices of the target words that render the folded French content word."""
    if word.isdigit():
        # "les années 80" is "the 1980s": a two-digit decade stands for its full year
        # and "15 heures" is "3 p.m."
        # a digit group of "50 000" stands inside "50000"
        alts = [word] + ([str(int(word) - 12)] if 13 <= int(word) <= 23 else [])
        pattern = (rf"(?<!\d)(?:19|20)?(?:{'|'.join(alts)})(?!\d)" if len(word) == 2
                   else rf"(?<!\d){word}(?!\d)")
        return [i for i, t in enumerate(target.words)
                if re.search(pattern, t) or (len(word) >= 2 and t.isdigit() and word in t)]
    out = list(target.by_word.get(word, ()))
    if word in ("annee", "annees"):
        out.extend(i for i, t in enumerate(target.words) if re.fullmatch(r"(?:\d\d)?\d0s", t))
    for form in _lexicon_forms(word):
        out.extend(target.form_positions(form))
    variants = _variants(word)
    for t, idx in target.by_word.items():
        if len(t) >= 3 and any(_cognate(v, t) for v in variants):
            out.extend(idx)
    return out


def _content_words(source: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(folded word, start, end) of the content words between start and end."""
    light = _light_words()
    out = []
    for m in WORD_RE.finditer(source, start, end):
        raw = m.group()
        w = fold(raw)
        el = _ELISION.match(w)
        s = m.start()
        if el and w != "aujourd'hui":
            w, s = w[el.end():], s + el.end()
        for part in (w.split("-") if "-" in w and not w.startswith("porte-") else [w]):
            if part in light or (len(part) < 3 and not part.isdigit()):
                continue
            out.append((part, s, m.end()))
    return out


def _chunks(source: str) -> list[tuple[int, int, str, str]]:
    """(start, end, opening mark, closing mark) of the stretches between punctuation."""
    marks = [(m.start(), m.group()) for m in _BOUNDARY.finditer(source) if not _decimal(source, m.start())]
    out, prev, prev_mark = [], 0, ""
    for pos, mark in marks + [(len(source), "")]:
        out.append((prev, pos, prev_mark, mark))
        prev, prev_mark = pos + 1, mark
    return out


_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-Z]|M|MM|Mme|Mmes|Dr|Me|Mgr|St|Ste|av|etc)$")


def _decimal(text: str, i: int) -> bool:
    """A comma or point inside a number ("3,5"), or the point of "M." or "Dr."."""
    if text[i] not in ",." or i == 0:
        return False
    if i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return True
    return text[i] == "." and bool(_ABBREVIATION.search(text, max(0, i - 6), i))


# An apposition is a noun phrase: a chunk with one of these verbs or
# pronouns is a clause of its own ("le temps devrait se réchauffer").
# (Accents kept: folded, "à" would be "a".)
_FINITE = frozenset(w for w in "est sont était étaient a ont avait avaient sera seront serait seraient "
                    "aura auront aurait auraient fut peut peuvent pourrait pourraient doit doivent devait "
                    "devrait devraient va vont allait fait font il elle ils elles on nous vous ne".split())
_REFLEXIVE = re.compile(r"(?<![\w'’])(?:[snm]['’]|se\s|ne\s)", re.IGNORECASE)
# Words that open the clause after a relative "que": its subject.
_QUE_SUBJECT = frozenset("le la les l' un une son sa ses leur leurs ce cet cette ces il elle ils elles on nous vous "
                         "je j' tout tous mon ma mes notre nos votre vos".split())


def _relative_que(words: list[str]) -> bool:
    """Whether "que" opens a relative clause (", que le gouvernement a commandé,"):
    its subject follows, a determiner, a pronoun or a name."""
    parts = re.split(r"['’]", words[0], maxsplit=1)
    nxt = parts[1] if len(parts) > 1 and parts[1] else (words[1] if len(words) > 1 else "")
    low = fold(nxt)
    return bool(nxt) and (low in _QUE_SUBJECT or low.split("'")[0] + "'" in _QUE_SUBJECT or nxt[:1].isupper())


@memo_by_text(maxsize=4096)
def candidates(source: str) -> tuple[tuple[str, int, int], ...]:
    """(kind, start, end) of the source stretches A501/A502 check: "relative
    clause", "apposition" and "complement" (spans without their commas)."""
    out: list[tuple[str, int, int]] = []
    for cstart, cend, opening, closing in _chunks(source):
        start = cstart + len(source[cstart:cend]) - len(source[cstart:cend].lstrip())
        end = start + len(source[start:cend].rstrip())
        words = WORD_RE.findall(source, start, end)
        if not words or opening != "," or len(words) > MAX_CANDIDATE_WORDS:
            continue
        first = fold(words[0])
        head = first.split("'")[0] + "'" if "'" in first else first
        low = words[0].lower().replace("’", "'")
        low_head = low.split("'")[0] + "'" if "'" in low else low
        if low in _RELATIVE or low_head in _RELATIVE:
            if head in ("que", "qu'") and not _relative_que(words):
                continue  # a conjunction or a comparison: ", qu'au fond", ", ou que quiconque"
            if closing in (",", ".", ";", ")", "—", "–", ""):
                out.append(("relative clause", start, end))
        elif ((first in _APPOSITION_START or head in _APPOSITION_START) and closing == ","
              and not any(w.lower() in _FINITE for w in words) and not _REFLEXIVE.search(source, start, end)):
            out.append(("apposition", start, end))
    taken = [(s, e) for _, s, e in out]
    ends = [c[1] for c in _chunks(source)]
    for m in _COMPLEMENT.finditer(source):
        start = m.start()
        if _PREPOSITION_RELATIVE.match(source, m.end()) or not _COMPLEMENT_OPENS.match(source, m.end()):
            continue  # "dans lequel se concentrera ..." (a clause), "les sièges avant pouvaient" (an adjective)
        stop = next((p for p in ends if p > start), len(source))
        end, count = m.end(), 0
        for w in WORD_RE.finditer(source, m.end(), stop):
            low = w.group().lower().replace("’", "'")
            elided = low.split("'")[0] + "'" if "'" in low else ""
            if count >= 2 and (fold(low) in _COMPLEMENT_STOP or fold(elided) in _COMPLEMENT_STOP or low in _FINITE
                               or elided in ("s'", "n'") or low in ("se", "ne")):
                break  # another clause, or the sentence's own verb: "... de la région s'avère essentielle"
            if count >= MAX_CANDIDATE_WORDS - 4:
                break
            end, count = w.end(), count + 1
        if count < 2 or any(s <= start and end <= e for s, e in taken):
            continue
        out.append(("complement", start, end))
    return tuple(out)


def _short_enough(source: str, target: str, start: int, end: int) -> bool:
    """Whether the target is short enough to lack the candidate (see CHAR_RATIO)."""
    return len(target.strip()) <= CHAR_RATIO * (len(source.strip()) - LENGTH_SHARE * (end - start))


_french = lru_cache(maxsize=8192)(lambda word: langid.zipf_fr(word.lower()) >= 2.0)


def _coverage(source: str, target: _Target, words: list[tuple[str, int, int]]) -> tuple[list[list[int]], set[int]]:
    """For each source content word, the target words that render it; and the
    target content words nothing in the source renders. A clause rendered in
    words the data does not know leaves such words in the target, a clause
    left out does not."""
    src_hits: list[tuple[int, int, list[int]]] = []
    folded = fold(source)
    if len(folded) != len(source):
        folded = source  # a ligature or a dotted capital: offsets must stay the source's
    for on_folded, fr, en in _phrase_pairs():
        fr_spans = [(m.start(), m.end()) for m in fr.finditer(folded if on_folded else source)]
        if not fr_spans:
            continue
        en_pos = [i for m in en.finditer(target.folded) for i in target.span_positions(m.start(), m.end())]
        if en_pos:
            src_hits.extend((s, e, en_pos) for s, e in fr_spans)
    matched = []
    for w, s, e in words:
        pos = _positions(w, target)
        for hs, he, en_pos in src_hits:
            if hs <= s and e <= he:
                pos.extend(en_pos)
        matched.append(sorted(set(pos)))
    explained = {i for pos in matched for i in pos}
    light = data.wordset("en_light_words.txt")
    unexplained = {i for i, t in enumerate(target.words)
                   if i not in explained and len(t) >= 3 and t not in light}
    return matched, unexplained


def _window(words: list[tuple[str, int, int]], matched: list[list[int]], start: int, end: int,
            size: int) -> range | None:
    """The target words between the renderings of the nearest rendered source
    words on each side of the candidate: where its translation would stand.
    None when the anchors cross (a reordered sentence: no place to look)."""
    left = [pos for (w, s, e), pos in zip(words, matched) if e <= start and pos]
    right = [pos for (w, s, e), pos in zip(words, matched) if s >= end and pos]
    lo = max(left[-1]) if left else -1
    after = [i for i in right[0] if i > lo] if right else [size]
    return range(lo + 1, min(after)) if after else None


def dropped(segment: Segment, ctx: Context) -> tuple[tuple[str, int, int, int, tuple[str, ...]], ...]:
    """(kind, start, end, content word count, missing words) of the candidates
    the target drops; cached on the Context for the two detectors."""
    cached = ctx.__dict__.get("_omission")
    if cached is not None:
        return cached
    source, text = segment.source, segment.target
    found: list[tuple[str, int, int, int, tuple[str, ...]]] = []
    if text.strip() and source.strip() and len(source) <= MAX_SOURCE_CHARS and len(text) <= 2 * MAX_SOURCE_CHARS:
        gated = [c for c in candidates(source) if _short_enough(source, text, c[1], c[2])]
        if gated:
            target = _Target(text)
            words = _content_words(source, 0, len(source))
            matched, unexplained = _coverage(source, target, words)
            for kind, start, end in gated:
                # An unrendered word French does not know is a name or a foreign
                # term (N202's, or translated: "Pražský Dopravní podnik" ->
                # "Prague Transport Company"): it proves nothing here.
                inside = [(w, bool(pos)) for (w, s, e), pos in zip(words, matched) if start <= s < end
                          and (pos or w.isdigit() or _french(source[s:e]))]
                outside = [bool(pos) for (w, s, e), pos in zip(words, matched) if not start <= s < end]
                missing = tuple(w for w, c in inside if not c)
                # "dans" opens idioms more than anything ("dans une moindre mesure",
                # "dans le cas contraire"): it needs one content word more.
                least = MIN_CONTENT + (fold(source[start:start + 5]) == "dans ")
                if (len(inside) < least or len(missing) < least
                        or len(missing) < MIN_MISSING_SHARE * len(inside)):
                    continue
                if len(outside) < 2 or sum(outside) < MIN_COVERED_ELSEWHERE * len(outside):
                    continue
                # Target words nothing renders, beyond what the unrendered rest
                # of the source accounts for: the candidate may be there, in words
                # the data does not know. Counted over the whole target, and
                # where the candidate's translation would stand.
                allowed = UNEXPLAINED_SHARE * len(missing)
                if len(unexplained) - (len(outside) - sum(outside)) >= allowed:
                    continue
                window = _window(words, matched, start, end, len(target.words))
                if window is None or sum(i in unexplained for i in window) >= allowed:
                    continue
                found.append((kind, start, end, len(inside), missing))
    # Report each stretch once: a complement inside a flagged clause is the clause's.
    kept = tuple(f for f in found if not any(o is not f and o[1] <= f[1] and f[2] <= o[2]
                                             and (o[2] - o[1]) > (f[2] - f[1]) for o in found))
    ctx.__dict__["_omission"] = kept
    return kept


class _OmissionBase(Detector):
    category = "accuracy/omission"
    severity = "major"
    fix = "none"
    severity_reason = ("The reader misses a fact the source gives; major when the stretch carries three "
                       "or more content words, minor for shorter ones.")
    kinds: tuple[str, ...] = ()

    def check(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for kind, start, end, n, missing in (d for d in dropped(segment, ctx) if d[0] in self.kinds):
            yield self.finding(
                start, end,
                f"{kind} {segment.source[start:end]!r} has no counterpart in the target "
                f"({len(missing)} of {n} content words missing: {', '.join(missing[:5])})",
                side="source", severity="major" if n >= 3 else "minor")


class ClauseDropped(_OmissionBase):
    """A source relative clause or apposition between commas that the target leaves out."""

    code = "A501"
    name = "clause-dropped"
    kinds = ("relative clause", "apposition")
    examples = (("Le ministre, qui était à Paris mardi, a rencontré les maires de la région.",
                 "The minister met the mayors of the region."),)
    traps = (("Le ministre, qui était à Paris mardi, a rencontré les maires de la région.",
              "The minister, who was in Paris on Tuesday, met the region's mayors."),)


class ComplementDropped(_OmissionBase):
    """A source complement ("malgré …", "selon …", "d'ici …", "lors de …") that the target leaves out."""

    code = "A502"
    name = "complement-dropped"
    kinds = ("complement",)
    examples = (("Le projet de loi a été adopté malgré l'opposition farouche des syndicats enseignants.",
                 "The bill was passed."),)
    traps = (("Le projet de loi a été adopté malgré l'opposition farouche des syndicats enseignants.",
              "The bill was passed despite fierce opposition from teachers' unions."),)


DETECTORS = (ClauseDropped, ComplementDropped)
