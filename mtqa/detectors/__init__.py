"""The detector registry. Modules are listed explicitly: no discovery magic.

Each module exports `DETECTORS`, a tuple of Detector subclasses. Codes are
stable: once released a code keeps its meaning forever.
"""

from __future__ import annotations

from . import (
    addition,
    alignment,
    capitalisation,
    charset,
    consistency,
    entities,
    honorifics,
    learned,
    length,
    locale,
    markup,
    negation,
    numbers,
    omission,
    polarity,
    punctuation,
    quotes,
    repetition,
    spacing,
    style_consistency,
    tense,
    terminal,
    terminology,
    units,
    untranslated,
)
from .base import Context, Detector

MODULES = (
    punctuation,
    spacing,
    quotes,
    terminal,
    charset,
    honorifics,
    untranslated,
    locale,
    capitalisation,
    style_consistency,
    tense,
    numbers,
    entities,
    length,
    repetition,
    negation,
    polarity,
    units,
    addition,
    omission,
    consistency,
    terminology,
    markup,
    alignment,
    learned,  # ML1xx/ML2xx: metadata only; findings come from the quality estimator (scorers/estimator.py)
)


def _collect() -> dict[str, type[Detector]]:
    registry: dict[str, type[Detector]] = {}
    names: set[str] = set()
    for module in MODULES:
        for cls in module.DETECTORS:
            cls.validate()
            if cls.code in registry or cls.name in names:
                raise RuntimeError(f"duplicate detector code or name: {cls.code} {cls.name}")
            registry[cls.code] = cls
            names.add(cls.name)
    return dict(sorted(registry.items()))


REGISTRY: dict[str, type[Detector]] = _collect()

# Reserved: a detector raised on a segment; the table of reserved codes is mtqa/codes.py.
from ..codes import INTERNAL_ERROR_CODE  # noqa: E402  (re-exported: importable from here as before)

__all__ = ["REGISTRY", "Detector", "Context", "INTERNAL_ERROR_CODE", "MODULES"]
