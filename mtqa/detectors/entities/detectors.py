"""N201 name-altered, N202 name-missing, N203 name-added."""

from __future__ import annotations

from typing import Iterable

from ...types import Finding, Segment
from ..base import Context, Detector
from .alignment import analyse


class _EntityBase(Detector):
    category = "accuracy/mistranslation"
    severity = "major"
    fix = "reviewable"
    severity_reason = "A wrong, missing or invented name changes who or where the text is about."


class NameAltered(_EntityBase):
    """A name from the source spelled differently in the target ("Dominic LeBlanc" → "Dominique Leblanc")."""

    code = "N201"
    name = "name-altered"
    examples = (("Dominic LeBlanc a annoncé", "Dominique Leblanc announced"),)
    traps = (("Montréal", "Montreal"), ("Moubarak", "Mubarak"), ("Pékin", "Beijing"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for start, end, word, tok in ctx.memo(analyse).altered:
            yield self.finding(start, end, f"name {word!r} is spelled {tok!r} in the source", tok)


class NameMissing(_EntityBase):
    """A name, place, institution or acronym of the source absent from the target."""

    code = "N202"
    name = "name-missing"
    category = "accuracy/omission"
    examples = (("Mélanie Joly a rencontré Yoshimasa Hayashi.", "Mélanie Joly met her counterpart."),)
    traps = (("l'OTAN", "NATO"), ("les États-Unis", "the U.S."), ("Statistique Canada", "Statistics Canada"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        names = ctx.memo(analyse)
        missing_known, missing_names = names.missing_known, names.missing_names
        for start, end, ent, text in missing_known:
            yield self.finding(start, end, f"{text!r} is not rendered in the target (expected "
                               f"{' / '.join(ent.english[:3])})", side="source")
        for start, end, tok in missing_names:
            yield self.finding(start, end, f"name {tok!r} is missing from the target", side="source")


class NameAdded(_EntityBase):
    """A place or institution in the target that the source never names."""

    code = "N203"
    name = "name-added"
    category = "accuracy/addition"
    examples = (("Le ministre a visité l'usine.", "The minister visited the plant in Germany."),)
    traps = (("le gouvernement américain", "the U.S. government"), ("à Pékin", "in Beijing"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for start, end, text in ctx.memo(analyse).added:
            yield self.finding(start, end, f"{text!r} is not named in the source")


DETECTORS = (NameAltered, NameMissing, NameAdded)
