"""Peak memory of `mtqa check` on 100,000 and 1,000,000 pairs: it must stay flat.

    python benchmarks/memory.py [--pairs 1000000] [--small 100000] [--select CODES] [--format jsonl]
    python benchmarks/memory.py --models

With `--models`: the peak resident set of a 1-segment check with the default
models (`--no-cache`) and without (`--no-models`), and what each model costs
on its own: a child imports torch and transformers, then loads one model and
scores one segment with it; its peak less that of a child that stops after
the imports.

Builds a line-aligned pair of files (sentences from the seed article and
variations with numbers, names and punctuation, so detectors fire on many
lines) in a temporary folder, then runs `mtqa check SOURCE TARGET --no-models
-f FORMAT -o FILE` in a child process for each size and reads the child's
peak resident set size (getrusage). Streaming means the two peaks are about
equal: memory does not grow with the input. The report file is checked to
have one entry per pair, then deleted.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "lapresse-canada-japan"

CHILD = r"""
import resource, sys
from mtqa.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def build(folder: str, n: int) -> tuple[str, str]:
    fr_lines = (SEED / "fr.txt").read_text(encoding="utf-8").splitlines()
    en_lines = (SEED / "en-mt.txt").read_text(encoding="utf-8").splitlines()
    src, tgt = os.path.join(folder, f"fr-{n}.txt"), os.path.join(folder, f"en-{n}.txt")
    k = len(fr_lines)
    with open(src, "w", encoding="utf-8") as fs, open(tgt, "w", encoding="utf-8") as ft:
        for i in range(n):
            j = i % k
            # Vary the text so no two lines are equal (no accidental caching).
            fs.write(f"{fr_lines[j]} ({i} $)\n")
            ft.write(f"{en_lines[j]} ({i:,} $)\n")
    return src, tgt


def peak(src: str, tgt: str, out: str, fmt: str, select: str, jobs: int) -> tuple[float, float, int]:
    args = [sys.executable, "-c", CHILD, "check", src, tgt, "--no-models", "-f", fmt, "-o", out,
            "--fail-on", "never", "--jobs", str(jobs)]
    if select:
        args += ["--select", select]
    t0 = time.perf_counter()
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    rss = [line for line in proc.stderr.splitlines() if line.startswith("MAXRSS_KB")]
    if not rss or proc.returncode:
        raise SystemExit(f"mtqa failed: {proc.stderr[-2000:]}")
    with open(out, "rb") as fh:
        entries = sum(1 for _ in fh)
    os.unlink(out)
    return int(rss[0].split()[1]) / 1024, wall, entries


# One model in a child: its peak resident set (KB) after scoring one segment.
MODEL_CHILD = r"""
import resource, sys
import mtqa.models as m
m.configure_torch()
import transformers
which = sys.argv[1]
if which == "encoder":
    m.load_encoder().similarity(["Le Canada et le Japon."], ["Canada and Japan."])
elif which == "lm":
    m.load_lm().score(["Canada and Japan have launched talks."])
elif which == "qe":
    m.load_qe().states([("Le Canada et le Japon.", "Canada and Japan.")])
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _child_peak(args: list[str]) -> float:
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True)
    rss = [line for line in proc.stderr.splitlines() if line.startswith("MAXRSS_KB")]
    if not rss or proc.returncode not in (0, 1):
        raise SystemExit(f"child failed: {proc.stderr[-2000:]}")
    return int(rss[0].split()[1]) / 1024


def models_memory() -> int:
    """Peak memory of a 1-segment check with and without models, and per model."""
    with tempfile.TemporaryDirectory(prefix="mtqa-mem-") as tmp:
        src, tgt = build(tmp, 1)
        check = ["-c", CHILD, "check", src, tgt, "-q", "--fail-on", "never", "-o", os.devnull]
        with_models = _child_peak([*check, "--no-cache"])
        rules = _child_peak([*check, "--no-models"])
    base = _child_peak(["-c", MODEL_CHILD, "none"])
    print(f"1 segment with the default models (--no-cache): peak RSS {with_models:,.0f} MB "
          f"({'under' if with_models < 1024 else 'OVER'} 1 GB)")
    print(f"1 segment --no-models: peak RSS {rules:,.0f} MB")
    print(f"python + torch + transformers imported: {base:,.0f} MB; each model, loaded and scoring one segment:")
    for which in ("encoder", "lm", "qe"):
        mb = _child_peak(["-c", MODEL_CHILD, which])
        print(f"  {which:<8} {mb:,.0f} MB peak, +{mb - base:,.0f} MB")
    return 0


def main() -> int:
    if "--models" in sys.argv[1:]:
        return models_memory()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=1_000_000)
    ap.add_argument("--small", type=int, default=100_000)
    ap.add_argument("--select", default="", help="limit the detectors (faster; memory flatness is the point)")
    ap.add_argument("--format", default="jsonl")
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    print(f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"-f {args.format}, --jobs {args.jobs}, detectors: {args.select or 'all'}")
    results = []
    with tempfile.TemporaryDirectory(prefix="mtqa-mem-") as tmp:
        for n in (args.small, args.pairs):
            src, tgt = build(tmp, n)
            size = os.path.getsize(src) + os.path.getsize(tgt)
            mb, wall, entries = peak(src, tgt, os.path.join(tmp, "out"), args.format, args.select, args.jobs)
            if args.format == "jsonl":
                assert entries == n, f"{entries} report lines for {n} pairs"
            results.append((n, mb, wall))
            print(f"{n:>10,} pairs ({size / 1e6:,.0f} MB of input): peak RSS {mb:,.0f} MB, "
                  f"{wall:,.0f} s, {n / wall:,.0f} pairs/s")
            os.unlink(src)
            os.unlink(tgt)
    (n0, m0, _), (n1, m1, _) = results
    print(f"{n1 / n0:.0f}x the pairs, {m1 / m0:.2f}x the peak memory "
          f"({'flat' if m1 <= m0 * 1.25 else 'GROWS'})")
    return 0 if m1 <= m0 * 1.25 else 1


if __name__ == "__main__":
    sys.exit(main())
