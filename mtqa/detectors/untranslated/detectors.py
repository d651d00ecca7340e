"""U201 untranslated-segment, U202 untranslated-words, U203 french-title."""

from __future__ import annotations

import re
from typing import Iterable

from ...types import Finding, Segment
from ..base import Context, Detector
from .analysis import Span, analyse_segment


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

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        a = ctx.memo(analyse_segment)
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

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for s in ctx.memo(analyse_segment).words:
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

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for s in ctx.memo(analyse_segment).titles:
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
