"""Extract and cache backbone features for the QE training rows.

    python training/extract.py [--qe-dir ../shared/qe] [--out training/cache]

Writes one .npz per (set, split) chunk: pooled source/target states, counts,
and for rows with word tags the per-token states and token labels. Chunks
already on disk are skipped, so an interrupted run resumes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from qe_data import lig, mlqe  # noqa: E402

from mtqa.models.qe import make_backbone  # noqa: E402

# Sizes chosen to fit the feature extraction in ~10 minutes on 2 cores.
MLQE_PER_PAIR = {"train": 300, "dev": 100, "test": 200}
LIG_LIMITS = {"train": 1500, "dev": 300, "test": 700}
CHUNK = 250


def token_labels(offsets, words):
    """1 for a backbone token overlapping a BAD word, 0 for OK, -1 for none."""
    out = []
    for a, b in offsets:
        lab = -1
        for ws, we, bad in words:
            if a < we and b > ws:
                lab = max(lab, int(bad))
        out.append(lab)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--qe-dir", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "qe"))
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "cache"))
    args = ap.parse_args()
    qe_dir, out = Path(args.qe_dir), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = mlqe(qe_dir, MLQE_PER_PAIR) + lig(qe_dir, LIG_LIMITS)
    (out / "rows.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    bb = make_backbone()
    print(f"{len(rows)} rows; backbone {bb.id}", flush=True)
    t0 = time.time()
    done = 0
    for start in range(0, len(rows), CHUNK):
        path = out / f"chunk{start // CHUNK:04d}.npz"
        part = rows[start : start + CHUNK]
        if path.exists():
            done += len(part)
            continue
        states = bb.states([(r["source"], r["target"]) for r in part])
        tok_states, tok_labels, tok_row = [], [], []
        for k, (r, st) in enumerate(zip(part, states)):
            if "words" in r:
                labs = token_labels(st.target_offsets, r["words"])
                for j, lab in enumerate(labs):
                    if lab >= 0:
                        tok_states.append(st.target_states[j].astype(np.float16))
                        tok_labels.append(lab)
                        tok_row.append(start + k)
        np.savez(
            path,
            index=np.arange(start, start + len(part)),
            src=np.stack([s.source_mean for s in states]).astype(np.float32),
            tgt=np.stack([s.target_mean for s in states]).astype(np.float32),
            n_src=np.array([s.n_source_tokens for s in states]),
            n_tgt=np.array([len(s.target_offsets) for s in states]),
            tok=np.stack(tok_states) if tok_states else np.zeros((0, bb.hidden), np.float16),
            tok_label=np.array(tok_labels, dtype=np.int8),
            tok_row=np.array(tok_row, dtype=np.int32),
        )
        done += len(part)
        print(f"{done}/{len(rows)} {done / (time.time() - t0):.1f} rows/s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
