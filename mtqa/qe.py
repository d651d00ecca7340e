"""The learned quality estimator: heads over the QE backbone's states.

Two small linear heads, fitted by `training/fit.py` on human judgments
(MLQE-PE direct assessments and word tags, LIG French→English post-edits) and
shipped in `mtqa/data/qe_head.npz` with their normalisation:

- the **segment head** (ridge regression) reads the pooled backbone states
  of the source and target tokens, their product and difference, and three
  length scalars, and predicts a standardised human score; a linear map fitted
  on MLQE-PE direct assessments turns it into `quality`: **the expected
  direct-assessment score (0–100) that bilingual raters would give**, clipped
  to 0–100;
- the **token head** (logistic regression) reads each target token's state
  and gives the probability that a post-editor changed it. Word spans above
  the shipped thresholds become ML201 findings (mtqa/scorers/spans.py);
- the **source token head** (logistic regression) reads each source token's
  state in a second pass that reads the target first (a left-to-right LM's
  source states have not seen the target otherwise) and gives the
  probability that the translation does not carry it (MLQE-PE source tags:
  mistranslated or left out); ML202 findings.

Pure numpy: this module never imports torch; the backbone lives in
mtqa/models/qe.py.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources
from typing import Any, Sequence

from .text import WORD as _WORD

HEAD_FILE = "qe_head.npz"


def segment_features(source_mean: Any, target_mean: Any, n_source: Any, n_target: Any) -> Any:
    """The segment head's input rows (numpy arrays, one row per pair)."""
    import numpy as np

    s = np.atleast_2d(np.asarray(source_mean, dtype=np.float32))
    t = np.atleast_2d(np.asarray(target_mean, dtype=np.float32))
    ns = np.log1p(np.atleast_1d(np.asarray(n_source, dtype=np.float32)))[:, None]
    nt = np.log1p(np.atleast_1d(np.asarray(n_target, dtype=np.float32)))[:, None]
    return np.concatenate([t, s, t * s, np.abs(t - s), nt, ns, nt - ns], axis=1)


@lru_cache(maxsize=1)
def head() -> dict[str, Any]:
    """The shipped heads and normalisation (mtqa/data/qe_head.npz)."""
    import numpy as np

    with resources.files("mtqa.data").joinpath(HEAD_FILE).open("rb") as fh:
        data = np.load(fh, allow_pickle=False)
        return {k: data[k] for k in data.files}


def predict_z(states: Sequence[Any], params: dict[str, Any] | None = None) -> list[float]:
    """Standardised predicted human score of each pair (higher is better)."""
    import numpy as np

    if not states:
        return []
    p = params or head()
    x = segment_features(
        np.stack([s.source_mean for s in states]), np.stack([s.target_mean for s in states]),
        [s.n_source_tokens for s in states], [len(s.target_offsets) for s in states],
    )
    x = (x - p["seg_mean"]) / p["seg_sd"]
    return [float(v) for v in x @ p["seg_w"] + float(p["seg_b"])]


def quality_from_z(z: float, params: dict[str, Any] | None = None) -> float:
    """Expected direct-assessment score (0–100) for a predicted z."""
    p = params or head()
    da = float(p["da_a"]) + float(p["da_b"]) * z
    return max(0.0, min(100.0, da))


def _token_probs(rows: Sequence[Any], prefix: str, params: dict[str, Any] | None) -> list[list[float]]:
    import numpy as np

    p = params or head()
    w, b, mean, sd = p[f"{prefix}_w"], float(p[f"{prefix}_b"]), p[f"{prefix}_mean"], p[f"{prefix}_sd"]
    out = []
    for states in rows:
        x = (np.asarray(states, dtype=np.float32) - mean) / sd
        logits = x @ w + b
        out.append([1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, float(v))))) for v in logits])
    return out


def token_bad(states: Any, params: dict[str, Any] | None = None) -> list[list[float]]:
    """P(token needs editing) for each target token of each pair."""
    return _token_probs([s.target_states for s in states], "tok", params)


def has_source_head(params: dict[str, Any] | None = None) -> bool:
    """Whether the heads include the source token head (ML202)."""
    return "src_w" in (params or head())


def source_bad(states: Any, params: dict[str, Any] | None = None) -> list[list[float]]:
    """P(the translation does not carry this source token) for each source
    token of each pair (`QEBackbone.source_states`: source read after the target)."""
    return _token_probs([s.states for s in states], "src", params)


def word_probs(target: str, offsets: Sequence[tuple[int, int]], probs: Sequence[float]) -> list[tuple[int, int, float]]:
    """(start, end, max token probability) for each word of the target."""
    out = []
    for m in _WORD.finditer(target):
        ws, we = m.start(), m.end()
        best = 0.0
        for (a, b), pr in zip(offsets, probs):
            if a < we and b > ws:
                best = max(best, pr)
        out.append((ws, we, best))
    return out


def bad_spans(target: str, offsets: Sequence[tuple[int, int]], probs: Sequence[float], threshold: float) -> list[tuple[int, int, float]]:
    """Runs of adjacent words whose probability reaches `threshold`, merged."""
    spans: list[list[Any]] = []
    last_end = -1
    for ws, we, pr in word_probs(target, offsets, probs):
        if pr >= threshold:
            if spans and target[last_end:ws].strip() == "":
                spans[-1][1] = we
                spans[-1][2] = max(spans[-1][2], pr)
            else:
                spans.append([ws, we, pr])
        last_end = we
    return [(a, b, c) for a, b, c in spans]
