"""Equivalence harness: every finding of every rule detector on real text, and per-detector cost.

    python benchmarks/equivalence.py ../shared/corpora/wmt14-fr-en-systems.jsonl.gz -o /tmp/base.tsv
    python benchmarks/equivalence.py ../shared/corpora/wmt14-fr-en-systems.jsonl.gz -o /tmp/new.tsv --compare /tmp/base.tsv

Segments: every system output (24,024 for WMT14 fr-en), then every unique
human reference (3,003) as a target of its source. `doc` is set per
system + doc_id (and per doc_id for the references), in document order, so
document-level detectors see whole documents.

Findings come from `Engine().detect_many` over chunks of 256 (as `mtqa check`
does: chunk gating by triggers/prefilter included) and are written one per
line, in detector order: segment index, code, side, start, end, message,
suggestion. `--compare OLD` lists every line that differs (order counts).

`--timing` (default on) then runs a profiler-style loop: one Context per
segment, each detector's applies() + check() timed on its own, ungated (the
"raw" cost), plus the same with the detector's gates searched first
("gated", what the engine pays). The data is not part of the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtqa.detectors import Context, Detector  # noqa: E402
from mtqa.engine import Engine  # noqa: E402
from mtqa.types import Segment  # noqa: E402


def load_segments(path: str) -> list[Segment]:
    opener = gzip.open if path.endswith(".gz") else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
    # System outputs: grouped by system, then document, in segment order.
    rows.sort(key=lambda r: (r["system"], r["doc_id"], r["seg"]))
    segs = [
        Segment(id=r["id"], source=r["source"], target=r["target"], doc=f"{r['system']}/{r['doc_id']}")
        for r in rows
    ]
    refs: dict[tuple[str, int], dict] = {}
    for r in rows:
        if r.get("reference") is not None:
            refs.setdefault((r["doc_id"], r["seg"]), r)
    for (doc_id, seg), r in sorted(refs.items()):
        segs.append(Segment(id=f"ref-{doc_id}-{seg}", source=r["source"], target=r["reference"], doc=f"ref/{doc_id}"))
    return segs


def esc(value: object) -> str:
    if value is None:
        return "-"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def dump(segs: list[Segment], out: str) -> tuple[int, float]:
    engine = Engine(time_budget=None)
    n = 0
    t0 = time.perf_counter()
    lines = []
    for base in range(0, len(segs), 256):
        chunk = segs[base:base + 256]
        for k, found in enumerate(engine.detect_many(chunk)):
            for f in found:
                lines.append("\t".join(esc(v) for v in (base + k, f.code, f.side, f.start, f.end, f.message, f.suggestion)))
                n += 1
    elapsed = time.perf_counter() - t0
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + ("\n" if lines else ""))
    return n, elapsed


def compare(old: str, new: str, show: int) -> int:
    with open(old, encoding="utf-8") as fh:
        a = fh.read().splitlines()
    with open(new, encoding="utf-8") as fh:
        b = fh.read().splitlines()
    if a == b:
        print(f"IDENTICAL: {len(a)} findings")
        return 0
    import difflib
    from collections import Counter

    diff = [d for d in difflib.unified_diff(a, b, "old", "new", n=0, lineterm="") if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    by_code = Counter((d[0], d.split("\t")[1]) for d in diff)
    same_set = sorted(a) == sorted(b)
    print(f"DIFFERENT: {len(a)} old vs {len(b)} new findings; {len(diff)} differing lines"
          f"{' (same multiset, order differs)' if same_set else ''}")
    for (sign, code), c in sorted(by_code.items()):
        print(f"  {sign}{code}: {c}")
    for d in diff[:show]:
        print(d)
    return 1


def timing(segs: list[Segment], only: list[str] | None) -> None:
    engine = Engine(time_budget=None)
    dets = [d for d in engine.detectors if not only or d.code in only]
    raw = {d.code: 0.0 for d in dets}
    gated = {d.code: 0.0 for d in dets}
    pc = time.perf_counter
    for pass_ in ("raw", "gated"):
        acc = raw if pass_ == "raw" else gated
        doc = object()
        for seg in segs:
            if seg.doc != doc:
                doc = seg.doc
                for d in dets:
                    d.reset()
            ctx = Context(seg)
            target = seg.target
            for d in dets:
                t = pc()
                if pass_ == "gated" and not all(g.search(target) for g in engine._gates[id(d)]):
                    acc[d.code] += pc() - t
                    continue
                if type(d).applies is Detector.applies or d.applies(seg):
                    list(d.check(seg, ctx))
                acc[d.code] += pc() - t
    n = len(segs)
    print(f"{'code':<6} {'raw ms/seg':>11} {'gated ms/seg':>13}")
    for code in sorted(raw, key=lambda c: -raw[c]):
        print(f"{code:<6} {raw[code] / n * 1e3:>11.4f} {gated[code] / n * 1e3:>13.4f}")
    print(f"{'total':<6} {sum(raw.values()) / n * 1e3:>11.4f} {sum(gated.values()) / n * 1e3:>13.4f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path")
    ap.add_argument("-o", "--output", default="/tmp/mtqa-equivalence.tsv")
    ap.add_argument("--compare", metavar="OLD", help="a previous dump to compare with")
    ap.add_argument("--show", type=int, default=40, help="differing lines to print")
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--only", nargs="*", help="time only these codes")
    args = ap.parse_args()

    segs = load_segments(args.path)
    n, elapsed = dump(segs, args.output)
    print(f"{len(segs)} segments, {n} findings -> {args.output} ({elapsed:.1f}s, {len(segs) / elapsed:.0f} seg/s in detect_many)")
    rc = compare(args.compare, args.output, args.show) if args.compare else 0
    if not args.no_timing:
        timing(segs, args.only)
    return rc


if __name__ == "__main__":
    sys.exit(main())
