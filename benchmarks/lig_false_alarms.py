"""Rule findings on the LIG French→English corpus: human translations, and MT judged by post-editors.

    python benchmarks/lig_false_alarms.py [../shared/qe/lig-fr-en-postedit.jsonl.gz] [--select N1,N2] [--show 20]

The LIG post-edition corpus (Potet et al., LREC 2012; news commentary) holds,
for each French sentence, a Moses translation, its human post-edit and, for
most rows, an independent human reference. The rules run, per document in
order (document-state rules see their documents), over:

- the post-edits and the references: human translations, so every major
  finding there is a false alarm or a slip of the translator (read them with
  --show: both occur);
- the Moses output, split by HTER against its post-edit: "good" (≤ 0.1, the
  post-editor changed at most a tenth) and "poor" (≥ 0.4). A useful rule set
  flags poor output far more often than good output.

Moses wrote proper nouns in lower case, so the capitalisation rules fire on
the MT output for reasons of the corpus; read the per-code counts. The data
is not part of the repository; pass its path.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa.engine import Engine, select_detectors  # noqa: E402
from mtqa.types import Segment  # noqa: E402

MAJOR = ("major", "critical")


def run(name, rows, pick, select, show):
    # A fresh engine per set: document-state rules must not read one set's
    # translation as a second translation of another's source.
    engine = Engine(select_detectors(select))
    n = flagged = major = shown = 0
    codes: Counter = Counter()
    majors: Counter = Counter()
    for r in rows:
        target = pick(r)
        if not target:
            continue
        found = engine.findings(Segment(str(r["id"]), r["source"], target, doc=str(r["doc"])))
        n += 1
        flagged += bool(found)
        major += any(f.severity in MAJOR for f in found)
        codes.update({f.code for f in found})
        majors.update({f.code for f in found if f.severity in MAJOR})
        if found and shown < show:
            shown += 1
            print(f"--- {name}\n  FR: {r['source']}\n  EN: {target}")
            for f in found:
                text = r["source"] if f.side == "source" else target
                span = text[f.start:f.end] if f.start is not None else ""
                print(f"  {f.code} {f.severity}: {f.message} [{span}]")
    print(f"{name}: {n} segments, any finding {flagged} ({100 * flagged / max(n, 1):.2f}%), "
          f"major {major} ({100 * major / max(n, 1):.2f}%)")
    print("  major by code: " + ", ".join(f"{c} {k}" for c, k in majors.most_common(20)))
    print("  any by code:   " + ", ".join(f"{c} {k}" for c, k in codes.most_common(20)))
    return n, major


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(ROOT.parent / "shared" / "qe" / "lig-fr-en-postedit.jsonl.gz"))
    ap.add_argument("--select", default="", help="codes or prefixes, comma-separated (default: every rule)")
    ap.add_argument("--show", type=int, default=0, help="print the first N flagged segments of each set")
    args = ap.parse_args()
    select = [s for s in args.select.split(",") if s]
    with gzip.open(args.path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    rows.sort(key=lambda r: (str(r["doc"]), str(r["id"])))
    run("post-edits (human)", rows, lambda r: r["post_edit"], select, args.show)
    run("references (human)", rows, lambda r: r.get("reference"), select, args.show)
    good = run("MT, HTER <= 0.1 (good)", [r for r in rows if r["hter"] <= 0.1], lambda r: r["target"], select, args.show)
    poor = run("MT, HTER >= 0.4 (poor)", [r for r in rows if r["hter"] >= 0.4], lambda r: r["target"], select, args.show)
    g, p = good[1] / max(good[0], 1), poor[1] / max(poor[0], 1)
    print(f"major finding on poor MT / on good MT: {p:.2%} / {g:.2%} = {p / g if g else float('inf'):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
