"""Model-based findings (ML1xx, ML2xx), produced by the model scorer, not by `detect`.

These classes carry the metadata (`mtqa rules`, --select/--ignore, severity
overrides); their `detect` yields nothing. The findings themselves come from
`mtqa/scorers/estimator.py` (ML101, ML102) and `mtqa/scorers/spans.py` (ML201,
ML202, the learned estimator's spans), which need the `models` extra and run
unless `--no-models` is given. They are deliberately conservative: tuned so that they
stay silent on human references (see tests/test_scores.py).
"""

from __future__ import annotations

from typing import Iterable

from ..types import Finding, Segment
from .base import Context, Detector


class ModelFinding(Detector):
    """Base of the model scorer's findings: metadata only, no rule pass."""

    model_finding = True

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        return ()


class UnlikelySpan(ModelFinding):
    """A short span the fluency LM finds far less likely than its context (model scorer)."""

    code = "ML101"
    name = "unlikely-span"
    category = "fluency/grammar"
    severity = "minor"
    severity_reason = "a statistical signal from a small LM: it points at a break, it does not prove one"
    examples = (
        ("Il a parlé de l'avenir du projet.", "He spoke about the the future of the project."),
        ("Le développement futur de la région.", "The development. future of the region."),
    )
    traps = (("Il a parlé de l'avenir du projet.", "He spoke about the future of the project."),)


class LowSimilarity(ModelFinding):
    """Source and target sentence embeddings are far apart: unrelated or gutted target (model scorer)."""

    code = "ML102"
    name = "low-similarity"
    category = "accuracy/mistranslation"
    severity = "major"
    severity_reason = "a target that says something else misleads the reader"
    examples = (("Le musée a accueilli neuf millions de visiteurs.", "The plant will be running at full capacity from June."),)
    traps = (("Le musée a accueilli neuf millions de visiteurs.", "The museum welcomed nine million visitors."),)


class ErrorSpan(ModelFinding):
    """Words the learned quality estimator says a post-editor would change (model scorer)."""

    code = "ML201"
    name = "model-error-span"
    category = "accuracy/mistranslation"
    severity = "major"
    severity_reason = ("major when the token head is very sure (p >= 0.97) in a segment it scores poorly, "
                       "minor from p >= 0.9: learned from post-edits, it points at a likely error, it does not prove one")
    examples = (("Le maire a refusé de commenter la hausse des impôts.", "The mayor agreed to comment on the tax cut."),)
    traps = (("Le maire a refusé de commenter la hausse des impôts.", "The mayor declined to comment on the tax increase."),)


class SourceSpan(ModelFinding):
    """Source words the learned estimator says the translation does not carry (model scorer)."""

    code = "ML202"
    name = "model-source-lost"
    category = "accuracy/omission"
    severity = "minor"
    severity_reason = ("learned from post-editors' source tags (a source word mistranslated or left out): "
                       "weaker than ML201, it points at the source words to compare, it does not prove an omission")
    examples = (("Le ministre, qui était malade depuis des semaines, a démissionné hier soir.", "The minister resigned."),)
    traps = (("Le ministre, qui était malade depuis des semaines, a démissionné hier soir.",
              "The minister, who had been ill for weeks, resigned last night."),)


DETECTORS = (UnlikelySpan, LowSimilarity, ErrorSpan, SourceSpan)
