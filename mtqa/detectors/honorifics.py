"""French honorifics left untranslated in English: "Mme Joly", "M. Legault"."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .. import data
from ..types import Finding, Segment
from .base import Context, Detector
from .options import RuleOption

_NAME = r"[A-ZÀ-Ý][\w'’\-]*"


@lru_cache(maxsize=1)
def _honorifics() -> dict[str, tuple[str, bool]]:
    out = {}
    for row in data.table("fr_honorifics.tsv"):
        french, english, evidence = (list(row) + ["", ""])[:3]
        out[french] = (english, evidence == "yes")
    return out


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    # Longest first so "Mmes" wins over "Mme" and "MM." over "M.".
    words = sorted(_honorifics(), key=len, reverse=True)
    alts = "|".join(re.escape(w) + (r"\.?" if not w.endswith(".") else "") for w in words)
    return re.compile(rf"(?<![\w.])({alts})(?=[ \u00a0]+({_NAME}))")


def _english_form(english: str, style: str) -> str:
    return english.rstrip(".") if style == "uk" and english else english


# What "Mme" becomes, when a house style says so (option `form`); the default
# follows `style`: "Ms." (us) or "Ms" (uk).
MME_FORMS = ("Ms.", "Ms", "Mrs.", "Mrs")
# English honorifics already in the text: without a `style` option, suggestions
# follow the first one of the document ("Mr Kishida" → "Ms Joly"), so that a fix
# never makes the document inconsistent.
_ENGLISH = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Messrs)(\.?)(?=[ \u00a0]+[A-Z])")


class FrenchHonorific(Detector):
    """French honorific left in English (Mme, Mlle, M., Me, Mgr, Mmes, MM.)."""

    code = "U101"
    name = "french-honorific"
    category = "accuracy/untranslated"
    severity = "minor"
    fix = "safe"
    severity_reason = "Readers understand it, but it marks the text as machine-translated."
    triggers = "M"
    examples = (("Mme Joly a promis", "Mme Joly promised"),
                ("M. Legault a dit", "M. Legault said"))
    traps = (("M. Kishida", "Mr Kishida"), ("J. M. Barrie", "J. M. Barrie"),
             ("Ils m'ont dit", "Me and him went"), ("Dre Tam", "Dr. Tam"))
    declared_options = (
        RuleOption("style", str, "us (Ms. Joly) or uk (Ms Joly); default: the document's first English honorific",
                   ("us", "uk")),
        RuleOption("form", str, "what Mme becomes, whatever the style", MME_FORMS),
    )

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.reset()

    def reset(self) -> None:
        self._doc_style: str | None = None  # "us" / "uk" from the document's first English honorific

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        table = _honorifics()
        if self._doc_style is None:
            first = _ENGLISH.search(text)
            if first:
                self._doc_style = "us" if first.group(1) else "uk"
        style = str(self.options.get("style") or self._doc_style or "us")
        for m in _pattern().finditer(text):
            word, name = m.group(1), m.group(2)
            key = word if word in table else word.rstrip(".")
            english, needs_evidence = table.get(key, ("", True))
            start = m.start(1)
            before = text[max(0, start - 40):start]
            if key in ("M.", "MM.", "Me"):
                # "J. M. Barrie", "Jean M. Dupont": an initial, not an honorific.
                if re.search(r"(?:\b[A-Z]\.|[A-Z][a-z]+)[ \u00a0]*$", before):
                    continue
            if needs_evidence and not re.search(
                rf"(?<![\w.]){re.escape(key)}[ \u00a0]+{re.escape(name)}", segment.source
            ):
                continue
            suggestion = _english_form(english, style) or None
            if key == "Mme" and self.options.get("form"):
                suggestion = str(self.options["form"])
            yield self.finding(
                start, m.end(1),
                f"French honorific {word!r} left untranslated before {name!r}",
                suggestion,
            )


DETECTORS = (FrenchHonorific,)
