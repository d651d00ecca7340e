"""Would the default pipeline's other model signals add to the segment head?

    python training/stack_probe.py      # after extract.py (fit.py's heads are read from mtqa/data)

The default pipeline already runs SmolLM2 over every target (for the
unlikely-span findings) and the sentence encoder; their signals (SmolLM2's
mean token log-prob and the mean of the three lowest, the encoder's cosine)
cost nothing more to feed into `quality`. This probe computes them for the
dev and test rows of `training/cache/`, stacks them with the shipped head's
prediction by a ridge fit on dev rows only, and prints dev and test figures,
overall and on short segments (at most 12 target words: the nearest these
sets come to conversational lines). Nothing is written to mtqa/data; the
signals are cached in training/cache/stack_signals.npz.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import fit  # noqa: E402
from depth import figures  # noqa: E402

from mtqa import qe  # noqa: E402

SIGNALS = HERE / "cache" / "stack_signals.npz"
NAMES = ("lm_mean", "lm_low3", "lm_min", "cosine")


def signals(rows, idx) -> np.ndarray:
    """(rows, NAMES) signals for the rows in idx (NaN elsewhere), cached on disk."""
    if SIGNALS.exists():
        d = np.load(SIGNALS)
        if list(d["ids"]) == [rows[i]["id"] for i in idx]:
            out = np.full((len(rows), len(NAMES)), np.nan, np.float32)
            out[idx] = d["values"]
            return out
    from mtqa.models import load_encoder, load_lm

    out = np.full((len(rows), len(NAMES)), np.nan, np.float32)
    lm, enc = load_lm(), load_encoder()
    t0 = time.time()
    for start in range(0, len(idx), 256):
        part = idx[start : start + 256]
        scores = lm.score([rows[i]["target"] for i in part])
        sims = enc.similarity([rows[i]["source"] for i in part], [rows[i]["target"] for i in part])
        for i, ts, sim in zip(part, scores, sims):
            lp = np.sort(np.asarray(ts.logprobs, float)) if ts.logprobs else np.zeros(1)
            out[i] = (lp.mean(), lp[:3].mean(), lp[0], sim)
        print(f"{start + len(part)}/{len(idx)} rows, {(start + len(part)) / (time.time() - t0):.1f} rows/s", flush=True)
    np.savez(SIGNALS, ids=np.array([rows[i]["id"] for i in idx]), values=out[idx])
    return out



def main() -> int:
    rows, x, _, _ = fit.load()
    idx = [i for i, r in enumerate(rows) if r["split"] in ("dev", "test")]
    p = qe.head()
    z = ((x - p["seg_mean"]) / p["seg_sd"]) @ p["seg_w"] + float(p["seg_b"])
    sig = signals(rows, idx)
    split = np.array([r["split"] for r in rows]); sets = np.array([r["set"] for r in rows])
    label = np.array([r["label"] for r in rows], float)
    words = np.array([len(r["target"].split()) for r in rows])
    dev, test = split == "dev", split == "test"
    y = np.zeros(len(rows))
    for s in set(sets):
        m = sets == s
        y[m] = (label[m] - label[m & dev].mean()) / (label[m & dev].std() + 1e-9)
    ident = {"seg_mean": 0.0, "seg_sd": 1.0, "seg_w": np.ones(1), "seg_b": 0.0}

    def show(name, pred):
        pred = np.asarray(pred, float)
        f = figures(rows, pred[:, None], ident)
        # Poor against good within each set's test rows (bottom and top thirds of its label), short rows only.
        aucs = []
        for s in ("mlqe", "lig", "mqm"):
            m = test & np.char.startswith(sets.astype(str), s) & (words <= 12)
            lo, hi = np.quantile(y[m], [1 / 3, 2 / 3])
            keep = m & ((y <= lo) | (y >= hi))
            aucs.append(f"{s} {fit.auc(pred[keep], y[keep] >= hi):.3f} ({int(keep.sum())})")
        print(f"{name:34s} " + " | ".join(f"{sp} MLQE-PE {f[sp]['mlqe']:.3f} LIG {f[sp]['lig']:.3f} MQM {f[sp]['mqm']:.3f}"
                                         for sp in ("dev", "test")) + " | short test AUC " + ", ".join(aucs), flush=True)

    show("shipped head", z)
    for k, name in enumerate(NAMES):
        show(f"{name} alone", sig[:, k])
    for combo in (("lm_mean", "lm_low3"), ("lm_low3",), ("lm_mean", "lm_low3", "lm_min"), ("cosine",), NAMES):
        cols = np.column_stack([z] + [sig[:, NAMES.index(c)] for c in combo])
        keep = dev | test
        mu, sd = cols[dev].mean(0), cols[dev].std(0) + 1e-9
        xs = np.where(keep[:, None], (cols - mu) / sd, 0.0)
        for lam in (1.0, 100.0):
            coef = np.linalg.solve(xs[dev].T @ xs[dev] + lam * np.eye(xs.shape[1]), xs[dev].T @ y[dev])
            show(f"head + {'+'.join(combo)} l{lam:g}", xs @ coef)
            print("    coef " + " ".join(f"{v:+.3f}" for v in coef))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
