"""Would the target's log-probabilities given the source add to the segment head?

    python training/logprob_probe.py      # after extract.py and fit.py

Issue 16 measured that the target's token log-probs under Gemma given the
source (their mean, the mean of the three lowest) carry signal on real MT.
The shipped backbone stops at layer 9 and runs no LM head, so they would cost
the other 9 layers and the 262k-word LM head. This probe computes them for
the dev and test rows of `training/cache/` from all 18 layers and, for
comparison, from layer 9 through the final norm and the LM head (the "logit
lens", which would cost only the head), stacks each with the shipped head's
prediction by a ridge fit on dev rows only, and prints dev and test figures.
Nothing is written to mtqa/data.
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
from mtqa.models import configure_torch  # noqa: E402
from mtqa.models.qe import LAYERS, make_backbone, gemma_folder  # noqa: E402

FULL = 18


def logprob_features(rows, idx):
    """Per row: (depth LAYERS lens, depth FULL) x (mean, mean of the 3 lowest) target log-probs."""
    torch = configure_torch()
    from transformers import AutoModelForCausalLM

    bb = make_backbone()  # its tokenizer and prompt
    lm = AutoModelForCausalLM.from_pretrained(gemma_folder(bb.dtype, layers=FULL), dtype=getattr(torch, bb.dtype)).eval()
    feats = np.zeros((len(rows), 2, 2), np.float32)
    pairs = [(rows[i]["source"], rows[i]["target"]) for i in idx]
    # One forward per chunk; the LM head only on the positions that predict target tokens.
    t0 = time.time()
    for start in range(0, len(pairs), 64):
        chunk = list(range(start, min(start + 64, len(pairs))))
        enc = [bb.encode(*pairs[k]) for k in chunk]
        width = max(len(e[0]) for e in enc)
        ids = torch.full((len(enc), width), bb.pad_id, dtype=torch.long)
        mask = torch.zeros((len(enc), width), dtype=torch.long)
        for r, e in enumerate(enc):
            ids[r, : len(e[0])] = torch.tensor(e[0]); mask[r, : len(e[0])] = 1
        with torch.inference_mode():
            hs = lm.model(input_ids=ids, attention_mask=mask, output_hidden_states=True).hidden_states
            for d, h in enumerate((lm.model.norm(hs[LAYERS]), hs[-1])):
                for r, (k, e) in enumerate(zip(chunk, enc)):
                    seq, t = e[0], e[3]
                    if len(seq) <= t:
                        continue
                    pos = torch.arange(t - 1, len(seq) - 1)
                    lp = torch.log_softmax(lm.lm_head(h[r, pos]).float(), -1)[torch.arange(len(pos)), torch.tensor(seq[t:])]
                    low = np.sort(lp.numpy())
                    feats[idx[k], d] = (low.mean(), low[:3].mean())
        print(f"{chunk[-1] + 1}/{len(pairs)} rows, {(chunk[-1] + 1) / (time.time() - t0):.1f} rows/s", flush=True)
    return feats


def main() -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N dev and N test rows (a quick check)")
    args = ap.parse_args()
    rows, x, _, _ = fit.load()
    idx = [i for i, r in enumerate(rows) if r["split"] in ("dev", "test")]
    if args.limit:
        idx = [i for i in idx if rows[i]["split"] == "dev"][: args.limit] + [i for i in idx if rows[i]["split"] == "test"][: args.limit]
    p = qe.head()
    z = ((x - p["seg_mean"]) / p["seg_sd"]) @ p["seg_w"] + float(p["seg_b"])
    feats = logprob_features(rows, idx)
    split = np.array([r["split"] for r in rows]); sets = np.array([r["set"] for r in rows])
    label = np.array([r["label"] for r in rows], float)
    dev = split == "dev"
    y = np.zeros(len(rows))
    for s in set(sets):
        m = sets == s
        y[m] = (label[m] - label[m & dev].mean()) / (label[m & dev].std() + 1e-9)

    def show(name, pred):
        f = figures(rows, np.asarray(pred)[:, None], {"seg_mean": 0.0, "seg_sd": 1.0, "seg_w": np.ones(1), "seg_b": 0.0})
        print(f"{name:38s} " + " | ".join(f"{sp} MLQE-PE {f[sp]['mlqe']:.3f} LIG {f[sp]['lig']:.3f} MQM {f[sp]['mqm']:.3f}"
                                         for sp in ("dev", "test")))

    if args.limit:
        keep = np.zeros(len(rows), bool); keep[idx] = True
        split = np.where(keep, split, "unused"); dev = split == "dev"
        rows = [dict(r, split=s) for r, s in zip(rows, split)]
    show("shipped head", z)
    for d, name in enumerate((f"layer {LAYERS} lens", f"layer {FULL}")):
        show(f"{name}: mean log-prob alone", feats[:, d, 0])
        show(f"{name}: mean of 3 lowest alone", feats[:, d, 1])
        cols = np.column_stack([z, feats[:, d, 0], feats[:, d, 1]])
        mu, sd = cols[dev].mean(0), cols[dev].std(0) + 1e-9
        xs = (cols - mu) / sd
        coef = np.linalg.solve(xs[dev].T @ xs[dev] + np.eye(3), xs[dev].T @ y[dev])
        show(f"head + {name} (stacked on dev)", xs @ coef)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
