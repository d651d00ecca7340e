"""Extract and cache backbone features for the QE training rows.

    python training/extract.py [--qe-dir ../shared/qe] [--out training/cache]

Writes, per chunk of rows, `chunkNNNN.npz` (pooled source/target states,
counts, and for rows with word tags the target-token states and labels:
ML201) and `sourceNNNN.npz` (for rows with source tags, the source-token
states of the reversed prompt and their labels: ML202). Chunks
already on disk are skipped, so an interrupted run resumes. A second draw of
training rows (`MORE_LIMITS`) goes to `cache/more/` the same way.
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

from qe_data import MQM_CLASSES, lig, mlqe, mqm  # noqa: E402

from mtqa.models.qe import make_backbone  # noqa: E402

# Sizes chosen to fit the feature extraction in ~30 minutes on 2 cores.
# French→English (LIG) is the product's pair, so it gets the most rows; the
# test samples are the same rows as in the first version of the head.
MLQE_PER_PAIR = {"train": 300, "dev": 100, "test": 200}
LIG_LIMITS = {"train": 4000, "dev": 300, "test": 700}
MQM_LIMITS = {"train": 1500, "dev": 200, "test": 400}
CHUNK = 250
# A second, larger draw of training rows (the same seeded samples taken
# further), cached apart in `more/` so the first cache stays valid: rows
# already in the first draw are left out by id.
MORE_LIMITS = {"mlqe": {"train": 500}, "lig": {"train": 7650}, "mqm": {"train": 4500}}


def token_labels(offsets, words):
    """Per backbone token: (1 BAD / 0 OK / -1 no word, class index of the error or -1).

    MLQE-PE words are (start, end, bad); MQM words add the error's class."""
    out = []
    for a, b in offsets:
        lab, cls = -1, -1
        for w in words:
            if a < w[1] and b > w[0]:
                lab = max(lab, int(w[2]))
                if len(w) > 3 and w[3] is not None:
                    cls = MQM_CLASSES.index(w[3])
        out.append((lab, cls))
    return out


def forward_chunk(bb, part, start, path) -> None:
    """Pooled states and target-token states of "source, then target"."""
    write_chunk(bb.states([(r["source"], r["target"]) for r in part]), part, start, path, bb.hidden)


def write_chunk(states, part, start, path, hidden: int) -> None:
    """`states` of the rows `part` (starting at row `start`) into `path`."""
    tok_states, tok_labels, tok_class, tok_row = [], [], [], []
    for k, (r, st) in enumerate(zip(part, states)):
        if "words" in r:
            for j, (lab, cls) in enumerate(token_labels(st.target_offsets, r["words"])):
                if lab >= 0:
                    tok_states.append(st.target_states[j].astype(np.float16))
                    tok_labels.append(lab)
                    tok_class.append(cls)
                    tok_row.append(start + k)
    np.savez(
        path,
        index=np.arange(start, start + len(part)),
        src=np.stack([s.source_mean for s in states]).astype(np.float32),
        tgt=np.stack([s.target_mean for s in states]).astype(np.float32),
        n_src=np.array([s.n_source_tokens for s in states]),
        n_tgt=np.array([len(s.target_offsets) for s in states]),
        tok=np.stack(tok_states) if tok_states else np.zeros((0, hidden), np.float16),
        tok_label=np.array(tok_labels, dtype=np.int8),
        tok_class=np.array(tok_class, dtype=np.int8),
        tok_row=np.array(tok_row, dtype=np.int32),
    )


def source_tagged(part) -> list[int]:
    """Indices of the rows in `part` with source tags: the only ones the reversed pass reads."""
    return [k for k, r in enumerate(part) if "src_words" in r]


def source_chunk(bb, part, start, path) -> None:
    """Source-token states read after the target, for rows with source tags (ML202)."""
    tagged = source_tagged(part)
    write_source(bb.source_states([(part[k]["source"], part[k]["target"]) for k in tagged]), part, start, path, bb.hidden)


def write_source(states, part, start, path, hidden: int) -> None:
    """Reversed-pass `states` of the source-tagged rows of `part` into `path`."""
    stok, stok_label, stok_row = [], [], []
    for k, st in zip(source_tagged(part), states):
        for j, (lab, _) in enumerate(token_labels(st.offsets, part[k]["src_words"])):
            if lab >= 0:
                stok.append(st.states[j].astype(np.float16))
                stok_label.append(lab)
                stok_row.append(start + k)
    np.savez(
        path,
        stok=np.stack(stok) if stok else np.zeros((0, hidden), np.float16),
        stok_label=np.array(stok_label, dtype=np.int8),
        stok_row=np.array(stok_row, dtype=np.int32),
    )


def training_rows(qe_dir: Path) -> tuple[list[dict], list[dict]]:
    """The first draw of rows and the second (rows already drawn left out by id)."""
    rows = mlqe(qe_dir, MLQE_PER_PAIR) + lig(qe_dir, LIG_LIMITS) + mqm(qe_dir, MQM_LIMITS)
    seen = {r["id"] for r in rows}
    more = [r for r in mlqe(qe_dir, MORE_LIMITS["mlqe"]) + lig(qe_dir, MORE_LIMITS["lig"]) + mqm(qe_dir, MORE_LIMITS["mqm"])
            if r["id"] not in seen]
    return rows, more


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--qe-dir", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "qe"))
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "cache"))
    args = ap.parse_args()
    qe_dir, out = Path(args.qe_dir), Path(args.out)
    rows, more = training_rows(qe_dir)
    bb = make_backbone()
    extract(bb, rows, out)
    extract(bb, more, out / "more")
    return 0


def extract(bb, rows, out: Path) -> None:
    """Features of `rows` into `out` (rows.jsonl and one npz pair per chunk)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "rows.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} rows; backbone {bb.id}", flush=True)
    t0 = time.time()
    done = 0
    for start in range(0, len(rows), CHUNK):
        path = out / f"chunk{start // CHUNK:04d}.npz"
        part = rows[start : start + CHUNK]
        if not path.exists():
            forward_chunk(bb, part, start, path)
        spath = out / f"source{start // CHUNK:04d}.npz"
        if not spath.exists():
            source_chunk(bb, part, start, spath)
        done += len(part)
        print(f"{out.name}: {done}/{len(rows)} {done / (time.time() - t0):.1f} rows/s", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
