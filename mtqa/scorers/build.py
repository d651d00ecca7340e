"""Which scorers a check runs: sacrebleu with references, models or rules-only quality."""

from __future__ import annotations

import sys
from typing import Any

_NOTIFIED: set[str] = set()


def _note(message: str) -> None:
    """Say something on stderr once per process."""
    if message not in _NOTIFIED:
        _NOTIFIED.add(message)
        print(f"mtqa: note: {message}", file=sys.stderr)


def build_scorers(
    *,
    models: bool = True,
    encoder: str | None = None,
    lm: str | None = None,
    comet: str | None = None,
    cache: bool = True,
    tier: str | None = None,
    device: str | None = None,
) -> list[Any]:
    """The scorers for one run. With `models`, the model scorer when its
    packages and models are there; otherwise one note on stderr and the
    rules-only quality. Explicitly requested user models (encoder, lm, comet)
    that cannot be loaded are errors (ModelsUnavailable), not notes."""
    from ..models import ModelSettingError, ModelsUnavailable, missing_packages
    from .reference import ReferenceScorer

    if device:
        import os

        # Read by the model loaders (and part of their cache key).
        os.environ["MTQA_DEVICE"] = device

    scorers: list[Any] = [ReferenceScorer()]
    if comet:
        # An explicitly named COMET checkpoint runs even with --no-models,
        # which only turns off the default model signals.
        from ..models.comet import CometScorer

        scorers.append(CometScorer(comet))
    if not models:
        scorers.append(_rules_quality())
        return scorers
    missing = missing_packages()
    if missing:
        _note(f"model signals are off: {', '.join(missing)} not installed (pip install 'mtqa[models]'); running rules only")
        scorers.append(_rules_quality())
        return scorers
    from .estimator import ModelScorer

    try:
        scorers.append(ModelScorer(encoder=encoder, lm=lm, cache=cache, tier=model_tier(tier)))
    except ModelsUnavailable as exc:
        if encoder or lm or isinstance(exc, ModelSettingError):
            raise
        _note(f"model signals are off: {exc}; running rules only")
        scorers.append(_rules_quality())
    return scorers


def model_tier(requested: str | None) -> str:
    """`--models`, else MTQA_MODELS, else "full" (rules + encoder + LM + learned QE)."""
    import os

    return (requested or os.environ.get("MTQA_MODELS") or "full").strip().lower()


def _rules_quality() -> Any:
    from .estimator import RulesQualityScorer

    return RulesQualityScorer()
