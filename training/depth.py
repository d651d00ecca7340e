"""How many backbone layers the heads should read: dev quality per depth.

    python training/depth.py extract [--depths 4,5,6,7,8,9]   # one pass, a cache per depth
    python training/depth.py compare [--depths 6,9]           # fit the heads per depth

Fewer layers cost proportionally less (issue 16's speed aim), so the depth
is a setting to pick on dev like the others. `extract` runs the backbone once
over the training rows of `extract.py` and writes, for each depth, a cache in
`extract.py`'s format (`training/cache-l{depth}/`, its `more/` beside it), the
states as a backbone cut to that depth gives them. `compare` fits the heads
on each cache as `fit.py` does (nothing written to mtqa/data) and prints the
dev figures that decide and the test figures for the record.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import extract as ex  # noqa: E402
import fit  # noqa: E402

from mtqa.models.qe import make_backbone  # noqa: E402


def cache_of(depth: int) -> Path:
    return HERE / f"cache-l{depth}"


def extract(qe_dir: Path, depths: list[int]) -> None:
    bb = make_backbone()
    rows, more = ex.training_rows(qe_dir)
    for part_rows, sub in ((rows, ""), (more, "more")):
        dirs = {d: cache_of(d) / sub for d in depths}
        for folder in dirs.values():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "rows.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part_rows),
                                               encoding="utf-8")
        t0, done = time.time(), 0
        for start in range(0, len(part_rows), ex.CHUNK):
            part = part_rows[start : start + ex.CHUNK]
            name = f"{start // ex.CHUNK:04d}.npz"
            # The source file is written last: when it is there for every depth, the chunk is done.
            if not all((dirs[d] / f"source{name}").exists() for d in depths):
                states = bb.states_by_depth([(r["source"], r["target"]) for r in part], depths)
                tagged = ex.source_tagged(part)
                src = bb.source_states_by_depth([(part[k]["source"], part[k]["target"]) for k in tagged], depths)
                for d in depths:
                    ex.write_chunk(states[d], part, start, dirs[d] / f"chunk{name}", bb.hidden)
                    ex.write_source(src[d], part, start, dirs[d] / f"source{name}", bb.hidden)
            done += len(part)
            print(f"{sub or 'first'}: {done}/{len(part_rows)} {done / (time.time() - t0):.1f} rows/s", flush=True)


def figures(rows, x, params) -> dict[str, dict[str, float]]:
    """Segment-head figures per split: MLQE-PE mean Pearson, LIG and MQM Spearman, fit.py's dev score."""
    split = np.array([r["split"] for r in rows]); sets = np.array([r["set"] for r in rows])
    label = np.array([r["label"] for r in rows], float)
    pred = ((x - params["seg_mean"]) / params["seg_sd"]) @ params["seg_w"] + float(params["seg_b"])
    out = {}
    for sp in ("dev", "test"):
        m = split == sp
        mlqe = float(np.nanmean([fit.pearson(pred[m & (sets == s)], label[m & (sets == s)])
                                 for s in sorted(set(sets)) if s.startswith("mlqe")]))
        lig = fit.spearman(pred[m & (sets == "lig")], label[m & (sets == "lig")])
        mqm = fit.spearman(pred[m & (sets == "mqm")], label[m & (sets == "mqm")])
        out[sp] = {"mlqe": mlqe, "lig": lig, "mqm": mqm, "score": 0.4 * mlqe + 0.4 * lig + 0.2 * np.nan_to_num(mqm)}
    return out


def compare(depths: list[int]) -> None:
    for d in depths:
        rows, x, target, source = fit.load(cache_of(d))
        first = np.array([r["draw"] == "first" for r in rows])
        with contextlib.redirect_stdout(io.StringIO()):
            params = fit.fit_segment(rows, x)
            params.update(fit.best_tokens(rows, target, first))
            params.update(fit.best_tokens(rows, source, first, prefix="src", select_sets=("mlqe",)))
        f = figures(rows, x, params)
        print(f"{d} layers: " + " | ".join(
            f"{sp} score {f[sp]['score']:.3f} (MLQE-PE {f[sp]['mlqe']:.3f}, LIG {f[sp]['lig']:.3f}, MQM {f[sp]['mqm']:.3f})"
            for sp in ("dev", "test")) + f"; token dev MCC {float(params['tok_dev_mcc']):.3f}, "
              f"source token dev MCC {float(params['src_dev_mcc']):.3f}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=("extract", "compare"))
    ap.add_argument("--depths", default="4,5,6,7,8,9")
    ap.add_argument("--qe-dir", default=str(HERE.parent.parent / "shared" / "qe"))
    args = ap.parse_args()
    depths = sorted({int(v) for v in args.depths.split(",")})
    if args.step == "extract":
        extract(Path(args.qe_dir), depths)
    else:
        compare(depths)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
