"""`--jobs N` speed-up over one process, with byte-identical output in input order.

    python benchmarks/jobs.py ../shared/corpora/wmt14-fr-en-systems.jsonl.gz [--jobs 2] [--limit N]

Writes the WMT14 fr-en system outputs as a line-aligned pair, runs
`mtqa check SOURCE TARGET --no-models -f jsonl -o FILE --jobs J` in a child
process for J = 1, J = N and J = 0 (auto; alternating, best of `--repeat`),
compares the reports byte for byte and prints the wall times, the speed-ups
and the worker counts --jobs 0 chose (mtqa.parallel.free_cores() just before
each run: the load average decides). A child process per run keeps the
comparison honest (start-up, pool start included).
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    opener = gzip.open if args.path.endswith(".gz") else open
    with tempfile.TemporaryDirectory(prefix="mtqa-jobs-") as tmp:
        src, tgt = os.path.join(tmp, "fr.txt"), os.path.join(tmp, "en.txt")
        n = 0
        with opener(args.path, "rt", encoding="utf-8") as fh, open(src, "w", encoding="utf-8") as fs, \
                open(tgt, "w", encoding="utf-8") as ft:
            for line in fh:
                row = json.loads(line)
                fs.write(row["source"].replace("\n", " ").replace("\r", " ") + "\n")
                ft.write(row["target"].replace("\n", " ").replace("\r", " ") + "\n")
                n += 1
                if args.limit and n >= args.limit:
                    break
        from mtqa.parallel import AUTO_MIN_SEGMENTS, free_cores

        variants = list(dict.fromkeys((1, args.jobs, 0)))
        best = {j: float("inf") for j in variants}
        chosen: list[int] = []
        for _ in range(args.repeat):
            for jobs in variants:
                out = os.path.join(tmp, f"out-{jobs}.jsonl")
                if jobs == 0:
                    chosen.append(free_cores() if n >= AUTO_MIN_SEGMENTS else 1)
                t0 = time.perf_counter()
                proc = subprocess.run([sys.executable, "-m", "mtqa", "check", src, tgt, "--no-models", "-f", "jsonl",
                                       "-o", out, "--fail-on", "never", "--jobs", str(jobs)],
                                      cwd=ROOT, capture_output=True, text=True)
                if proc.returncode:
                    raise SystemExit(proc.stderr)
                best[jobs] = min(best[jobs], time.perf_counter() - t0)
        same = all(filecmp.cmp(os.path.join(tmp, "out-1.jsonl"), os.path.join(tmp, f"out-{j}.jsonl"), shallow=False)
                   for j in variants)
        with open(os.path.join(tmp, f"out-{args.jobs}.jsonl"), encoding="utf-8") as fh:
            lines = sum(1 for _ in fh)
    print(f"{n} pairs; {platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, Python "
          f"{platform.python_version()}; best of {args.repeat}, wall time of the whole command")
    for jobs in variants:
        label = f"--jobs {jobs}" + (f" (auto: {', '.join(map(str, chosen))} workers)" if jobs == 0 else "")
        print(f"{label}: {best[jobs]:.2f} s ({n / best[jobs]:.0f} pairs/s; {best[1] / best[jobs]:.2f}x --jobs 1)")
    print(f"output byte-identical: {same}; {lines} lines for {n} pairs")
    return 0 if same and lines == n else 1


if __name__ == "__main__":
    sys.exit(main())
