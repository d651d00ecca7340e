"""Derive the length-ratio thresholds of O101/O102 from human references.

    python benchmarks/calibrate_length.py ../shared/corpora/wmt14-fr-en-systems.jsonl.gz > mtqa/data/length_ratio.tsv

For every unique segment of the WMT14 French→English news test set (3,003
source sentences with their human reference) it computes two smoothed log
ratios, target over source:

    char  = log((len(target) + 10) / (len(source) + 10))
    token = log((words(target) + 2) / (words(source) + 2))

grouped by source length in characters. For each group the lower threshold
is the 0.1% quantile minus a margin of 0.10 and the upper threshold the 99.9%
quantile plus 0.10, so that human translations, however free, stay inside;
the detectors fire only when *both* ratios are outside. The data file is what
ships; the corpus itself does not.
"""

from __future__ import annotations

import gzip
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtqa.detectors.length import BINS, MARGIN, ratios  # noqa: E402


def quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    pos = q * (len(values) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def main() -> int:
    path = sys.argv[1]
    opener = gzip.open if path.endswith(".gz") else open
    refs = {}
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            refs.setdefault((r["doc_id"], r["seg"]), r)
    groups: dict[int, list[tuple[float, float]]] = {i: [] for i in range(len(BINS))}
    for r in refs.values():
        n = len(r["source"])
        i = max(j for j, lo in enumerate(BINS) if n >= lo)
        groups[i].append(ratios(r["source"], r["reference"]))
    print("# Length-ratio thresholds for O101 (too short) and O102 (too long), derived by")
    print(f"# benchmarks/calibrate_length.py from {len(refs)} WMT14 fr-en human references:")
    print(f"# 0.1% / 99.9% quantiles of each log ratio, widened by {MARGIN}.")
    print("# min_source_chars\tsegments\tchar_low\tchar_high\ttoken_low\ttoken_high")
    for i, lo in enumerate(BINS):
        vals = groups[i]
        chars = [c for c, _ in vals]
        toks = [t for _, t in vals]
        print(f"{lo}\t{len(vals)}\t{quantile(chars, 0.001) - MARGIN:.3f}\t{quantile(chars, 0.999) + MARGIN:.3f}\t"
              f"{quantile(toks, 0.001) - MARGIN:.3f}\t{quantile(toks, 0.999) + MARGIN:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
