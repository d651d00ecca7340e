"""Dev-set recall: how many artifact cases of tests/cases/*.yml the detectors find.

    python benchmarks/devset_recall.py [--select P2,P3,Q1,E1,U2,L1,C1,S1] [--show]

A fail case counts as found when every finding it expects is reported (same
code and, where given, the same span); a trap or pass case counts as silent
when none of its file's codes fires. The cases are the same data the test
suite runs, so this is a summary for people, not a second test: it prints
recall per code, silence on traps per file, and the cases missed with --show.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa.engine import Engine  # noqa: E402
from mtqa.types import Segment  # noqa: E402

CASES = ROOT / "tests" / "cases"


def _run(engine: Engine, case: dict, doc: str):
    segs = case.get("segments") or [{"source": case.get("source", ""), "target": case["target"]}]
    found = ()
    for i, s in enumerate(segs):
        seg = Segment(str(i), s.get("source", ""), s["target"], reference=case.get("reference"), doc=doc)
        found = engine.findings(seg)
    return seg, found


def _matches(seg: Segment, finding, exp: dict) -> bool:
    if finding.code != exp["code"]:
        return False
    text = seg.target if finding.side == "target" else seg.source
    if "span" in exp and (finding.start is None or text[finding.start:finding.end] != exp["span"]):
        return False
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--select", default="", help="code prefixes, comma-separated (default: all)")
    ap.add_argument("--show", action="store_true", help="list the cases missed and the traps that fired")
    args = ap.parse_args()
    prefixes = [p for p in args.select.split(",") if p]
    engine = Engine()
    hit: Counter = Counter()
    total: Counter = Counter()
    traps: Counter = Counter()
    traps_silent: Counter = Counter()
    misses: list[str] = []
    for path in sorted(CASES.glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        codes = [c for c in doc["codes"] if not prefixes or any(c.startswith(p) for p in prefixes)]
        if not codes:
            continue
        for n, case in enumerate(doc["cases"]):
            cid = f"{path.stem}:{case.get('id', n)}"
            seg, found = _run(engine, case, cid)
            mine = [f for f in found if any(f.code.startswith(c) for c in codes)]
            if case.get("kind", "fail") == "fail":
                for exp in case.get("expect", []):
                    if exp["code"] not in codes:
                        continue
                    total[exp["code"]] += 1
                    if any(_matches(seg, f, exp) for f in mine):
                        hit[exp["code"]] += 1
                    else:
                        misses.append(f"missed {cid}: {exp}")
            else:
                traps[path.stem] += 1
                if mine:
                    misses.append(f"fired on trap {cid}: {[(f.code, f.message) for f in mine]}")
                else:
                    traps_silent[path.stem] += 1
    all_hit, all_total = sum(hit.values()), sum(total.values())
    print(f"expected findings: {all_total}, found {all_hit} ({100 * all_hit / max(1, all_total):.1f}%)")
    for code in sorted(total):
        print(f"  {code}: {hit[code]}/{total[code]}")
    print(f"traps and pass cases: {sum(traps.values())}, silent {sum(traps_silent.values())}")
    for stem in sorted(traps):
        print(f"  {stem}: {traps_silent[stem]}/{traps[stem]}")
    if args.show:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
