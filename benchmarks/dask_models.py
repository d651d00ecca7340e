"""`--executor dask` with models against a local run, in one run (issue 18).

    python benchmarks/dask_models.py ../shared/corpora/wmt14-fr-en-systems.jsonl.gz --limit 600 --workers 2
    python benchmarks/dask_models.py ... --tiny      # tiny random models (the test's), no downloads

Takes the first --limit pairs with distinct (source, target), writes them as
--shards JSONL shards, then times (1) a local check with models and (2) a
check_dask run on a LocalCluster of --workers processes (one thread each,
MTQA_THREADS split between them), both without the score cache, after a
warm-up that loads the models in this process and in every worker (model
loading is timed apart). Prints pairs/s of each, the ratio, and the largest
score difference between the two reports; findings must be identical.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def read_pairs(path: str, limit: int) -> list[dict]:
    opener = gzip.open if path.endswith(".gz") else open
    seen, out = set(), []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            key = (obj["source"], obj["target"])
            if key in seen:
                continue
            seen.add(key)
            out.append({"id": str(len(out) + 1), "source": obj["source"], "target": obj["target"],
                        "doc": obj.get("doc_id")})
            if len(out) >= limit:
                break
    return out


def tiny_models(folder: Path, texts: list[str]) -> dict[str, str]:
    """The random models of tests/test_distributed_models.py (vocabulary from `texts`)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import build_tiny_models

    def mktemp(name: str) -> Path:
        p = folder / name
        p.mkdir()
        return p

    return build_tiny_models(mktemp, texts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--limit", type=int, default=600)
    ap.add_argument("--shards", type=int, default=6)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--tiny", action="store_true", help="tiny random models instead of the default ones")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="mtqa-dask-models-"))
    # Both runs go without the score cache (cache=False below); MTQA_CACHE_DIR
    # stays the user's, where the default models' converted weights live.
    pairs = read_pairs(args.corpus, args.limit)
    model_args: dict[str, str] = {}
    if args.tiny:
        models = tiny_models(work, [p["source"] for p in pairs] + [p["target"] for p in pairs])
        os.environ["MTQA_QE_MODEL"] = models["qe"]
        os.environ["MTQA_LM_DTYPE"] = "float32"
        model_args = {"encoder": models["encoder"], "lm": models["lm"]}
    per = -(-len(pairs) // args.shards)
    paths = []
    for n in range(0, len(pairs), per):
        p = work / f"part-{n // per:03d}.jsonl"
        p.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in pairs[n:n + per]), encoding="utf-8")
        paths.append(str(p))

    from distributed import Client, LocalCluster

    from mtqa.distributed import check_dask, read_shard
    from mtqa.pipeline import CheckConfig, check_segments
    from mtqa.scorers.build import build_scorers

    def config(name: str) -> CheckConfig:
        return CheckConfig(outputs=[("jsonl", str(work / f"{name}.jsonl"))], fail_on="never", cache=False,
                           scorers=build_scorers(models=True, cache=False, **model_args))

    t = time.perf_counter()
    check_segments(read_shard(paths[0])[:8], config("warm"))
    load_local = time.perf_counter() - t
    t = time.perf_counter()
    check_segments((s for p in paths for s in read_shard(p)), config("local"))
    local_s = time.perf_counter() - t
    threads = max(1, (os.cpu_count() or 1) // args.workers)
    os.environ.setdefault("MTQA_THREADS", str(threads))
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cl, \
            Client(cl) as client:
        t = time.perf_counter()
        # Warm-up: one small shard per worker loads the models in each process.
        warm = [str(work / f"warm-{i}.jsonl") for i in range(args.workers)]
        for i, w in enumerate(warm):
            Path(w).write_text(json.dumps({"id": "w", "source": f"Bonjour {i}.", "target": f"Hello {i}."}) + "\n",
                               encoding="utf-8")
        check_dask(warm, None, config("dask-warm"), scheduler=client, window=args.workers)
        load_dask = time.perf_counter() - t
        t = time.perf_counter()
        check_dask(paths, None, config("dask"), scheduler=client)
        dask_s = time.perf_counter() - t
    local = [json.loads(line) for line in open(work / "local.jsonl", encoding="utf-8")]
    remote = [json.loads(line) for line in open(work / "dask.jsonl", encoding="utf-8")]
    assert [r["findings"] for r in local] == [r["findings"] for r in remote], "findings differ"
    diff: dict[str, float] = collections.defaultdict(float)
    for a, b in zip(local, remote):
        for k, v in a["scores"].items():
            if isinstance(v, float):
                diff[k] = max(diff[k], abs(v - b["scores"][k]))
    n = len(pairs)
    print(f"{n} pairs, {len(paths)} shards, models: {'tiny random' if args.tiny else 'default'}, "
          f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    print(f"local (1 process):            {n / local_s:7.1f} pairs/s  ({local_s:.1f} s; model load {load_local:.1f} s)")
    print(f"dask ({args.workers} worker processes x {os.environ['MTQA_THREADS']} torch threads): "
          f"{n / dask_s:7.1f} pairs/s  ({dask_s:.1f} s; warm-up {load_dask:.1f} s)")
    print(f"dask / local: {local_s / dask_s:.2f}x; findings identical; largest score difference: "
          + ", ".join(f"{k} {v:.2g}" for k, v in sorted(diff.items())))


if __name__ == "__main__":
    main()
