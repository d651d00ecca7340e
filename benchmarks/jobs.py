"""`--jobs N` speed-up over one process, with byte-identical output in input order.

    python benchmarks/jobs.py ../shared/corpora/wmt14-fr-en-systems.jsonl.gz [--jobs 2] [--limit N]

Writes the WMT14 fr-en system outputs as a line-aligned pair, runs
`mtqa check SOURCE TARGET --no-models -f jsonl -o FILE --jobs J` in a child
process for J = 1 and J = N (alternating, best of `--repeat`), compares the
reports byte for byte and prints the wall times and the speed-up. A child
process per run keeps the comparison honest (start-up, pool start included).
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
        best = {1: float("inf"), args.jobs: float("inf")}
        for _ in range(args.repeat):
            for jobs in (1, args.jobs):
                out = os.path.join(tmp, f"out-{jobs}.jsonl")
                t0 = time.perf_counter()
                proc = subprocess.run([sys.executable, "-m", "mtqa", "check", src, tgt, "--no-models", "-f", "jsonl",
                                       "-o", out, "--fail-on", "never", "--jobs", str(jobs)],
                                      cwd=ROOT, capture_output=True, text=True)
                if proc.returncode:
                    raise SystemExit(proc.stderr)
                best[jobs] = min(best[jobs], time.perf_counter() - t0)
        same = filecmp.cmp(os.path.join(tmp, "out-1.jsonl"), os.path.join(tmp, f"out-{args.jobs}.jsonl"),
                           shallow=False)
        with open(os.path.join(tmp, f"out-{args.jobs}.jsonl"), encoding="utf-8") as fh:
            lines = sum(1 for _ in fh)
    print(f"{n} pairs; {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"best of {args.repeat}, wall time of the whole command")
    print(f"--jobs 1: {best[1]:.2f} s ({n / best[1]:.0f} pairs/s)")
    print(f"--jobs {args.jobs}: {best[args.jobs]:.2f} s ({n / best[args.jobs]:.0f} pairs/s)")
    print(f"speed-up {best[1] / best[args.jobs]:.2f}x; output byte-identical: {same}; "
          f"{lines} lines for {n} pairs")
    return 0 if same and lines == n else 1


if __name__ == "__main__":
    sys.exit(main())
