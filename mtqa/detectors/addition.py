"""Added attribution: ", the Prime Minister said" with no counterpart in the source.

MT systems (and LLM post-editors) sometimes append an attribution the source
never gives. A401 fires when the target attributes the sentence to someone
(", X said", "said X", "X told reporters", "according to X") and the source
has no reporting word at all (mtqa/data/fr_reporting_words.txt: dire,
déclarer, affirmer, selon, d'après, "a-t-il", a quotation ...). The list is
broad on purpose: any trace of attribution in the source keeps A401 quiet.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .. import data
from ..types import Finding, Segment
from .base import Context, Detector

_VERBS = r"(?:said|says|told(?:\s+(?:reporters|journalists|the\s+[\w\-]+|[A-Z][\w\-]+))?|added|explained|stated|noted|stressed|insisted|declared|announced|wrote|tweeted|claimed)"
_WHO = (r"(?:he|she|they|it|we|I|the\s+[\w’'\-]+(?:\s+[\w’'\-]+){0,5}|[A-Z][\w’'.\-]*(?:\s+(?:[A-Z][\w’'.\-]*|of|de|du|la|le))"
        r"{0,4}|(?:a|an)\s+[\w’'\-]+(?:\s+[\w’'\-]+){0,4})")
_EN_ATTRIBUTION = re.compile(
    rf"(?:,\s*[\"”’]?\s*|[\"”]\s*)(?P<a>{_WHO}\s+{_VERBS}\b|{_VERBS}\s+{_WHO})(?=\s*(?:[.,;!?\"”]|$|on\s|in\s|at\s|to\s|last\s|yesterday|today|this\s|during\s))"
    r"|(?P<b>\baccording\s+to\s+(?:the\s+)?[\w’'\-]+(?:\s+[\w’'\-]+){0,4})",
)
_FR_QUOTE_OR_INVERSION = re.compile(r"[«»“”\"]|-t-(?:il|elle|on|ils|elles)\b|-(?:il|elle|ils|elles|on)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _fr_reporting() -> re.Pattern[str]:
    alts = data.lines("fr_reporting_words.txt")
    return re.compile(r"(?<![\w])(?:" + "|".join(f"(?:{a})" for a in alts) + ")", re.IGNORECASE)


@lru_cache(maxsize=4096)
def source_attributes(source: str) -> bool:
    """Whether the French source attributes anything to anyone (a reporting
    word, a quotation, an inverted "a-t-il")."""
    return bool(_FR_QUOTE_OR_INVERSION.search(source) or _fr_reporting().search(source))


class AttributionAdded(Detector):
    """The target attributes the text to someone (", X said", "according to X") and the source does not."""

    _recent: tuple[bool, bool]

    code = "A401"
    name = "attribution-added"
    category = "accuracy/addition"
    severity = "major"
    fix = "none"
    severity_reason = "It puts words in someone's mouth: the reader believes a person said this."
    # Not a `prefilter`: the document state below must see every segment.
    cue = re.compile(r"said|says|told|added|explained|stated|noted|stressed|insisted|declared|announced|"
                     r"wrote|tweeted|claimed|according")
    examples = (("Le gouvernement réduira les impôts l'an prochain.",
                 "The government will cut taxes next year, the Prime Minister said."),)
    traps = (("Le gouvernement réduira les impôts l'an prochain, a déclaré le premier ministre.",
              "The government will cut taxes next year, the Prime Minister said."),
             ("« Nous réduirons les impôts », a-t-il lancé.", '"We will cut taxes," he said.'))

    def reset(self) -> None:
        # Whether one of the two previous source segments of the document
        # attributes: a quotation running over several sentences lets a
        # translator repeat "he said" where the French says it once.
        self._recent: tuple[bool, bool] = (False, False)

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        if not hasattr(self, "_recent"):
            self.reset()
        recent = any(self._recent)
        attributes = source_attributes(segment.source)
        self._recent = (self._recent[1], attributes)
        target = segment.target
        if attributes or recent or not self.cue.search(target):
            return
        m = _EN_ATTRIBUTION.search(target)
        if not m:
            return
        group = "a" if m.group("a") else "b"
        end = m.end(group) - (1 if target[m.end(group) - 1] == "." else 0)
        yield self.finding(m.start(group), end,
                           f"attribution {target[m.start(group):end]!r} has no counterpart in the source", None)


DETECTORS = (AttributionAdded,)
