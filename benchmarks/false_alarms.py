"""False alarms on real human translations: how often each rule fires on references.

    python benchmarks/false_alarms.py ../shared/corpora/wmt14-fr-en-systems.jsonl.gz [--select P,U] [--show CODE]

Runs the rule detectors over (source, human reference) for every unique
segment of the WMT14 news test set (3,003) and, for comparison, over the
system outputs. A rule that fires on many references is wrong: the report
prints per-code counts and the share of reference segments flagged.
The data is not part of the repository; pass its path.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtqa.engine import Engine, select_detectors  # noqa: E402
from mtqa.types import Segment  # noqa: E402


def load(path: str):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def show(where: str, f, source: str, target: str) -> None:
    # A finding's span is on the side it names: omissions point into the source.
    text = source if f.side == "source" else target
    span = text[f.start:f.end] if f.start is not None else ""
    print(f"--- {where} {f.code} ({f.side}) {f.message} [{span}]\n  FR: {source}\n  EN: {target}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path")
    ap.add_argument("--select", default="")
    ap.add_argument("--ignore", default="")
    ap.add_argument("--show", default="", help="print the segments a code (or code prefix) fires on: references, and system outputs with --systems")
    ap.add_argument("--systems", action="store_true", help="also run over system outputs")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    select = [s for s in args.select.split(",") if s]
    ignore = [s for s in args.ignore.split(",") if s]
    rows = list(load(args.path))
    refs = {}
    for r in rows:
        refs.setdefault((r["doc_id"], r["seg"]), r)
    engine = Engine(select_detectors(select, ignore))
    ref_codes: Counter = Counter()
    flagged = 0
    shown = 0
    items = sorted(refs.items(), key=lambda kv: (kv[0][0], int(kv[0][1])))
    if args.limit:
        items = items[: args.limit]
    for (doc, seg), r in items:
        found = engine.findings(Segment(f"{doc}:{seg}", r["source"], r["reference"], doc=doc))
        if found:
            flagged += 1
        for f in found:
            ref_codes[f.code] += 1
            if args.show and f.code.startswith(args.show) and shown < 40:
                shown += 1
                show(f"{doc}:{seg}", f, r["source"], r["reference"])
    n = len(items)
    print(f"references: {n} segments, {flagged} flagged ({100 * flagged / max(1, n):.2f}%)")
    for code, c in sorted(ref_codes.items()):
        print(f"  {code}: {c} ({100 * c / max(1, n):.2f}%)")
    if args.systems:
        sys_codes: Counter = Counter()
        sys_flagged = 0
        engine = Engine(select_detectors(select, ignore))
        shown = 0
        for r in rows:
            found = engine.findings(Segment("s", r["source"], r["target"], doc=f"{r['system']}:{r['doc_id']}"))
            sys_flagged += bool(found)
            for f in found:
                sys_codes[f.code] += 1
                if args.show and f.code.startswith(args.show) and shown < 40:
                    shown += 1
                    show(f"{r['system']}:{r['doc_id']}:{r['seg']}", f, r["source"], r["target"])
        print(f"system outputs: {len(rows)} segments, {sys_flagged} flagged ({100 * sys_flagged / len(rows):.2f}%)")
        for code, c in sorted(sys_codes.items()):
            print(f"  {code}: {c} ({100 * c / len(rows):.2f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
