"""Rules-only throughput on real pairs, against pofilter and sentence chrF++, in one run.

    python benchmarks/throughput.py ../shared/corpora/wmt14-fr-en-systems.jsonl.gz [--limit N] [--repeat 3]

The WMT14 fr-en system outputs (24,024 pairs) are written once as a
line-aligned pair of files and once as a PO file (msgctxt = pair id, so
duplicates stay distinct). Then, each in this one process, best of
`--repeat` runs:

- mtqa: `mtqa check SOURCE TARGET -f jsonl -o FILE --no-models` done through
  the same code path (read, every rule detector, MQM, JSONL report written);
- pofilter: Translate Toolkit's `pofilter -i FILE.po -o OUT.po` with its
  default checks (read, check, write the failing units);
- chrF++: sacrebleu `sentence_chrf(target, [reference], word_order=2)` for
  every pair (a metric, not a checker: a familiar yardstick of cost).

It prints pairs/s and the ratio mtqa / peer. The data is not part of the
repository; pass its path. Timings on a shared machine are noisy: compare the
ratios, which come from the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtqa.pipeline import CheckConfig, check_segments  # noqa: E402
from mtqa.io import read_pair  # noqa: E402


def load(path: str, limit: int = 0) -> list[dict]:
    opener = gzip.open if path.endswith(".gz") else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def one_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


def write_inputs(rows: list[dict], folder: str) -> tuple[str, str, str]:
    import polib

    src, tgt, po_path = (os.path.join(folder, n) for n in ("src.fr", "tgt.en", "pairs.po"))
    with open(src, "w", encoding="utf-8") as fs, open(tgt, "w", encoding="utf-8") as ft:
        for r in rows:
            fs.write(one_line(r["source"]) + "\n")
            ft.write(one_line(r["target"]) + "\n")
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for r in rows:
        po.append(polib.POEntry(msgctxt=r["id"], msgid=one_line(r["source"]), msgstr=one_line(r["target"])))
    po.save(po_path)
    return src, tgt, po_path


def best_of(repeat: int, fn) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pairs")
    ap.add_argument("--repeat", type=int, default=3, help="runs per tool; the best is kept")
    ap.add_argument("--jobs", type=int, default=1, help="mtqa --jobs (the target is for 1)")
    args = ap.parse_args()

    from translate.filters import pofilter
    import sacrebleu

    rows = load(args.path, args.limit)
    n = len(rows)
    with tempfile.TemporaryDirectory(prefix="mtqa-bench-") as tmp:
        src, tgt, po_path = write_inputs(rows, tmp)
        out_jsonl = os.path.join(tmp, "out.jsonl")
        out_po = os.path.join(tmp, "out.po")

        def run_mtqa() -> None:
            config = CheckConfig(outputs=[("jsonl", out_jsonl)], models=False, fail_on="never", jobs=args.jobs)
            check_segments(read_pair(src, tgt), config)

        def run_pofilter() -> None:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                argv = sys.argv
                sys.argv = ["pofilter", "--progress=none", "-i", po_path, "-o", out_po]
                try:
                    pofilter.main()
                except SystemExit:
                    pass
                finally:
                    sys.argv = argv

        def run_chrf() -> None:
            for r in rows:
                sacrebleu.sentence_chrf(r["target"], [r["reference"]], word_order=2)

        run_mtqa()  # warm up: data files, regex compilation, imports
        t_mtqa = best_of(args.repeat, run_mtqa)
        t_po = best_of(args.repeat, run_pofilter)
        if not os.path.exists(out_po):
            print("pofilter wrote no output: the comparison is void", file=sys.stderr)
            return 1
        t_chrf = best_of(args.repeat, run_chrf)
        with open(out_jsonl, encoding="utf-8") as fh:
            lines = sum(1 for _ in fh)
        assert lines == n, f"mtqa wrote {lines} results for {n} pairs"

    rate = {name: n / t for name, t in (("mtqa", t_mtqa), ("pofilter", t_po), ("chrF++", t_chrf))}
    print(f"{n} pairs; {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}; best of {args.repeat}; mtqa --jobs {args.jobs}")
    print(f"{'tool':<10} {'seconds':>8} {'pairs/s':>10} {'mtqa/x':>8}")
    for name, t in (("mtqa", t_mtqa), ("pofilter", t_po), ("chrF++", t_chrf)):
        print(f"{name:<10} {t:>8.2f} {rate[name]:>10.0f} {rate['mtqa'] / rate[name]:>7.1f}x")
    ratio = rate["mtqa"] / rate["pofilter"]
    # Issue 18 asks for 3x (the earlier aim was 10x): both are printed.
    for target in (3, 10):
        print(f"target mtqa >= {target}x pofilter: {'met' if ratio >= target else 'NOT met'} ({ratio:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
