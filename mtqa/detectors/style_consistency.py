"""Consistency inside a document: honorific style, the spelling of French names."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from ..text.folding import fold_name
from ..types import Finding, Segment
from ._memo import Recent, memo_by_text
from .base import WORD_RE, Context, Detector

_HONORIFIC = re.compile(r"(?<![\w.])(Mr|Mrs|Ms|Dr|Messrs|Mmes)(\.?)(?=[ \u00a0]+[A-Z])")
_NAME = re.compile(r"[A-ZÀ-Ý][\w'’]*(?:(?:-|[ \u00a0])[A-ZÀ-Ý][\w'’]*)*")


_WORD_RUN = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def _name_key(name: str) -> tuple[str, bool]:
    """fold_name(name), and whether it is a single run of \\w characters."""
    key = fold_name(name)
    return key, _WORD_RUN.fullmatch(key) is not None


@lru_cache(maxsize=65536)
def _name_parts(whole: str) -> tuple[tuple[str, int, str, bool], ...]:
    """The names S102 checks in a `_NAME` match: the whole name ("Jean-François
    Roberge") and, if it has several words, each of them; as (name, offset
    in `whole`, key, one_run) (see `_name_key`), without those shorter than
    three characters or in capitals (headlines in capitals are not a
    spelling choice). Cached: names recur across a corpus."""
    parts = [(whole, 0)]
    # An all-alphanumeric name ("Obama", the common case) is one WORD_RE
    # word (its class is [^\W_]) and needs no split.
    if not whole.isalnum():
        words = list(WORD_RE.finditer(whole))
        if len(words) > 1:
            parts += [(w.group(), w.start()) for w in words]
    return tuple((name, offset, *_name_key(name)) for name, offset in parts
                 if not (len(name) < 3 or name.isupper()))


@memo_by_text(maxsize=4096)
def _source_folded(source: str) -> tuple[str, frozenset[str]]:
    """fold_name(source) and its maximal runs of \\w characters, once per source.

    A key made of one \\w run is held as a whole word (`_holds_word`) exactly
    when it is one of those runs: a set lookup instead of a scan."""
    folded = fold_name(source)
    return folded, frozenset(_WORD_RUN.findall(folded))


class HonorificStyleMixed(Detector):
    """Honorifics with and without a period in one document ("Mr" and "Mr.")."""

    code = "S101"
    name = "honorific-style-mixed"
    category = "fluency/inconsistency"
    severity = "minor"
    fix = "safe"
    severity_reason = "Both styles are correct English; mixing them looks careless, nothing more."
    triggers = "MD"
    examples = (("M. Legault a parlé. M. Legault a ajouté.", "Mr. Legault spoke. Mr Legault added."),)
    traps = (("M. Legault et Mme Joly", "Mr Legault and Ms Joly"),
             ("M. Legault et Dre Tam", "Mr. Legault and Dr. Tam"))

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.reset()

    def reset(self) -> None:
        self._style: tuple[bool, str] | None = None  # (dotted, first example)

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for m in _HONORIFIC.finditer(segment.target):
            dotted = bool(m.group(2))
            if self._style is None:
                self._style = (dotted, m.group())
                continue
            if dotted != self._style[0]:
                want = m.group(1) + ("." if self._style[0] else "")
                yield self.finding(
                    m.start(), m.end(),
                    f"honorific {m.group()!r} styled unlike the earlier {self._style[1]!r}",
                    want,
                )


class NameVariants(Detector):
    """The same French name rendered two ways in one document ("Québec"/"Quebec", "Jean-Marc"/"Jean Marc")."""

    code = "S102"
    name = "name-variants"
    category = "fluency/inconsistency"
    severity = "minor"
    fix = "reviewable"
    severity_reason = "Readers may wonder whether two people or places are meant; usually a cosmetic slip."
    examples = (("Mélanie Joly a parlé. Mélanie Joly a ajouté.", "Mélanie Joly spoke. Melanie Joly added."),)
    traps = (("Mélanie Joly a parlé.", "Mélanie Joly spoke. Ms. Joly added."),
             ("Montréal", "Montreal"))

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.reset()

    def reset(self) -> None:
        # folded name → first rendering; bounded (see _memo.DOCUMENT_KEYS).
        self._seen: Recent = Recent()

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        src: tuple[str, frozenset[str]] | None = None  # _source_folded(source), when a name needs it
        found: list[Finding] = []
        seen = self._seen
        for m in _NAME.finditer(segment.target):
            parts = _name_parts(m.group())
            if not parts:
                continue
            base = m.start()
            for name, offset, key, one_run in parts:
                start = base + offset
                if src is None:
                    src = _source_folded(segment.source)
                if not (key in src[1] if one_run else _holds_word(src[0], key)):
                    continue  # not a name from the French source
                # Membership first: `Recent.get` (a Python method) is needed,
                # for its recency update, only for a key already seen.
                if key not in seen:
                    seen[key] = name
                    continue  # the first rendering is this one
                first = seen.get(key)
                if first == name:
                    continue
                span = _narrow(name, first)
                if span is None:
                    continue
                (a, b), want = span
                found.append(self.finding(
                    start + a, start + b,
                    f"{name[a:b]!r} is spelt {want!r} earlier in the document",
                    want,
                ))
        if not found:
            return
        # The whole name and its word may report the same slip: keep one.
        found.sort(key=lambda f: (f.start, f.end - f.start))
        last_end = -1
        for f in found:
            if f.start >= last_end:
                yield f
                last_end = f.end


_WORD_CHAR = re.compile(r"\w")


def _holds_word(text: str, key: str) -> bool:
    r"""`re.search(rf"(?<!\w){re.escape(key)}(?!\w)", text)`, without compiling a pattern per key."""
    if not key:
        return re.search(rf"(?<!\w){re.escape(key)}(?!\w)", text) is not None
    word = _WORD_CHAR.match
    n = len(key)
    i = text.find(key)
    while i >= 0:
        if not (i and word(text, i - 1)) and not word(text, i + n):
            return True
        i = text.find(key, i + 1)
    return False


def _narrow(name: str, first: str) -> tuple[tuple[int, int], str] | None:
    """The differing words of two renderings: ("Melanie Joly", "Mélanie Joly") → span of "Melanie", "Mélanie"."""
    a, b = name.split(" "), first.split(" ")
    while len(a) > 1 and len(b) > 1 and a[0] == b[0]:
        a, b = a[1:], b[1:]
    while len(a) > 1 and len(b) > 1 and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    lead = name.index(" ".join(a))
    return (lead, lead + len(" ".join(a))), " ".join(b)

DETECTORS = (HonorificStyleMixed, NameVariants)
