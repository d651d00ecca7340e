"""Equivalence harness: every report format and `mtqa fix` output, byte for byte, before and after a change.

    python benchmarks/equivalence.py --snapshot /tmp/equiv-before     # before the change
    python benchmarks/equivalence.py --compare /tmp/equiv-before      # after: exit 1 on any difference

What is run (each through `python -m mtqa`, one process per command, so a run
sees exactly what a user's shell does), rules only (`--no-models`):

- the seed pair `corpora/lapresse-canada-japan/` (fr.txt en-mt.txt, with and
  without --ref), every bilingual format made from it under `formats/`
  (XLIFF 1.2 and 2.0, TMX, PO, CSV, TSV, JSONL), its documents (`--documents`,
  article and running text), an SRT pair written from it here, the feed pair
  `corpora/feeds/`, the clean pairs `corpora/clean-pairs/`;
- every case of `tests/cases/*.yml`, one JSONL file per case file (one
  document per case; a case file's glossary rows become one --glossary), and
  also each case through `Engine.findings` as `tests/test_cases.py` runs it
  (every finding of every code, meta and per-case glossary included);
- the 24,024 WMT14 system outputs (`../shared/corpora/wmt14-fr-en-systems.jsonl.gz`,
  one document per system and doc_id): a JSONL report (skipped if absent).

Every check writes all report formats at once (`--format X -o FILE`, one per
formatter in `mtqa.report.FORMATTERS`); every fix input is fixed three ways
(safe with the fixed file, a JSON report and a diff; `--unsafe` with a text
report; `--check --unsafe`). The stdout, stderr and exit status of each
command are outputs too. Reports embed no timestamps or durations (only the
version, which does not change here), so nothing is normalised.

Inputs are written to, and commands run in, a fixed work directory (`--work`),
so the paths inside reports are the same on every run; `--snapshot DIR` then
copies the outputs to DIR, `--compare DIR` diffs them with DIR.

The older findings dump is still here: give a corpus path instead, e.g.
`python benchmarks/equivalence.py ../shared/corpora/wmt14-fr-en-systems.jsonl.gz -o /tmp/new.tsv --compare /tmp/base.tsv`
writes every `Engine.detect_many` finding one per line (segment index, code,
side, start, end, message, suggestion) and compares with an older dump; then
(unless --no-timing) times each detector raw and gated. Segments there: every
system output, then every unique human reference as a target of its source.
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# The checkout under test: this one, or MTQA_EQUIVALENCE_ROOT (another copy of
# the tree, e.g. the same tree without one's own changes, when others keep
# working in it: take both copies at once, then snapshot and compare them).
ROOT = Path(os.environ.get("MTQA_EQUIVALENCE_ROOT") or Path(__file__).resolve().parent.parent).resolve()
sys.path.insert(0, str(ROOT))

from mtqa.detectors import Context, Detector  # noqa: E402
from mtqa.engine import Engine  # noqa: E402
from mtqa.types import Segment  # noqa: E402

SEED = "corpora/lapresse-canada-japan"
FORMATS = f"{SEED}/formats"
WMT14 = ROOT.parent / "shared" / "corpora" / "wmt14-fr-en-systems.jsonl.gz"


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
                    list(d.detect(seg, ctx))
                acc[d.code] += pc() - t
    n = len(segs)
    print(f"{'code':<6} {'raw ms/seg':>11} {'gated ms/seg':>13}")
    for code in sorted(raw, key=lambda c: -raw[c]):
        print(f"{code:<6} {raw[code] / n * 1e3:>11.4f} {gated[code] / n * 1e3:>13.4f}")
    print(f"{'total':<6} {sum(raw.values()) / n * 1e3:>11.4f} {sum(gated.values()) / n * 1e3:>13.4f}")


# ---------------------------------------------------------------- the report and fix snapshot


# Every formatter of mtqa.report.FORMATTERS (checked below), written down so that a
# change which adds or drops one shows up as a difference.
REPORT_FORMATS = ("text", "json", "jsonl", "html", "junit", "sarif", "github", "markdown", "gitlab", "csv")


def report_formats() -> dict[str, str]:
    """Every report format, with the file extension its report gets here."""
    from mtqa.report import FORMATTERS

    if set(FORMATTERS) != set(REPORT_FORMATS):
        print(f"note: mtqa.report.FORMATTERS is now {sorted(FORMATTERS)}", file=sys.stderr)
    return {name: name for name in REPORT_FORMATS}


def write_inputs(work: Path) -> None:
    """The inputs that are not files of the repository: the SRT pair, the case
    files as JSONL (and their glossaries), the clean pairs as a line pair, WMT14."""
    import yaml

    inp = work / "inputs"
    inp.mkdir(parents=True)
    fr = (ROOT / SEED / "fr.txt").read_text(encoding="utf-8").split("\n")
    en = (ROOT / SEED / "en-mt.txt").read_text(encoding="utf-8").split("\n")
    for name, lines in (("fr.srt", fr), ("en.srt", en)):
        cues = [f"{i}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 1:02d},500\n{text}\n" for i, text in enumerate(lines, 1)]
        (inp / name).write_text("\n".join(cues), encoding="utf-8")
    src, tgt = [], []
    for line in (ROOT / "corpora/clean-pairs/pairs.tsv").read_text(encoding="utf-8").splitlines():
        s, t = line.split("\t")
        src.append(s)
        tgt.append(t)
    (inp / "clean-fr.txt").write_text("\n".join(src) + "\n", encoding="utf-8")
    (inp / "clean-en.txt").write_text("\n".join(tgt) + "\n", encoding="utf-8")
    for path in sorted((ROOT / "tests/cases").glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows, glossary = [], []
        for i, case in enumerate(doc["cases"]):
            cid = str(case.get("id", i))
            pairs = case.get("segments") or [case]
            for k, s in enumerate(pairs):
                row = {"id": f"{cid}/{k}", "source": s.get("source", ""), "target": s["target"], "doc": cid}
                if s.get("reference") is not None:
                    row["reference"] = s["reference"]
                rows.append(row)
            for g in case.get("glossary") or ():
                glossary.append("\t".join([g[0], g[1], g[2], g[3] if len(g) > 3 else ""]))
        with open(inp / f"case-{path.stem}.jsonl", "w", encoding="utf-8", newline="\n") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        if glossary:
            (inp / f"case-{path.stem}.glossary.tsv").write_text("\n".join(glossary) + "\n", encoding="utf-8")
    if WMT14.exists():
        with gzip.open(WMT14, "rt", encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh]
        rows.sort(key=lambda r: (r["system"], r["doc_id"], r["seg"]))
        with open(inp / "wmt14.jsonl", "w", encoding="utf-8", newline="\n") as fh:
            for r in rows:
                row = {"id": r["id"], "source": r["source"], "target": r["target"], "doc": f"{r['system']}/{r['doc_id']}"}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def jobs(work: Path) -> list[tuple[str, list[str]]]:
    """(name, mtqa arguments) for every command; outputs go to work/out/NAME.*"""
    inp, out = work / "inputs", work / "out"
    fmts = report_formats()
    # (name, input arguments, can fix, extra check arguments)
    inputs: list[tuple[str, list[str], bool, list[str]]] = [
        ("seed", [f"{SEED}/fr.txt", f"{SEED}/en-mt.txt"], True, []),
        ("seed-ref", [f"{SEED}/fr.txt", f"{SEED}/en-mt.txt", "--ref", f"{SEED}/en-ref.txt"], True, []),
        ("seed-glossary", [f"{SEED}/fr.txt", f"{SEED}/en-mt.txt"], False, ["--glossary", "corpora/glossary-example.tsv"]),
        ("xliff-1.2", [f"{FORMATS}/seed-1.2.xlf"], True, []),
        ("xliff-2.0", [f"{FORMATS}/seed-2.0.xlf"], True, []),
        ("tmx", [f"{FORMATS}/seed.tmx"], True, []),
        ("po", [f"{FORMATS}/seed.po"], True, []),
        ("csv", [f"{FORMATS}/seed.csv"], True, []),
        ("tsv", [f"{FORMATS}/seed.tsv"], True, []),
        ("jsonl", [f"{FORMATS}/seed.jsonl"], True, []),
        ("srt", [str(inp / "fr.srt"), str(inp / "en.srt")], True, []),
        ("documents-article", ["--documents", f"{FORMATS}/article-fr.txt", f"{FORMATS}/article-en-mt.txt"], True, []),
        ("documents-running", ["--documents", f"{FORMATS}/running-fr.txt", f"{FORMATS}/running-en-mt.txt"], True, []),
        ("feed", ["--feed", "corpora/feeds/fr.rss", "corpora/feeds/en.rss"], True, []),
        ("clean-pairs", [str(inp / "clean-fr.txt"), str(inp / "clean-en.txt")], True, []),
    ]
    for path in sorted(inp.glob("case-*.jsonl")):
        stem = path.name[: -len(".jsonl")]
        gloss = inp / f"{stem}.glossary.tsv"
        inputs.append((stem, [str(path)], True, ["--glossary", str(gloss)] if gloss.exists() else []))
    out_jobs: list[tuple[str, list[str]]] = []
    for name, args, can_fix, extra in inputs:
        reports: list[str] = []
        for fmt, ext in fmts.items():
            reports += ["--format", fmt, "-o", str(out / f"{name}.check.{ext}")]
        out_jobs.append((f"{name}.check", ["check", *args, *extra, "--no-models", "--no-cache", *reports]))
        if not can_fix:
            continue
        # `fix` has no --documents / --feed: they are input formats there.
        flag = {"--documents": ["--input-format", "documents"], "--feed": ["--input-format", "feed"]}
        fargs = [x for a in args for x in flag.get(a, [a])]
        ext = os.path.splitext([a for a in args if not a.startswith("-")][-1])[1] or ".txt"
        out_jobs.append((f"{name}.fix", ["fix", *fargs, "-o", str(out / f"{name}.fix.fixed{ext}"),
                                         "--report", str(out / f"{name}.fix.report.json"),
                                         "--diff-output", str(out / f"{name}.fix.diff")]))
        out_jobs.append((f"{name}.fix-unsafe", ["fix", *fargs, "--unsafe", "-o", str(out / f"{name}.fix-unsafe.fixed{ext}"),
                                                "--report", str(out / f"{name}.fix-unsafe.report.txt")]))
        out_jobs.append((f"{name}.fix-check", ["fix", *fargs, "--check", "--unsafe", "--diff"]))
    if (inp / "wmt14.jsonl").exists():
        out_jobs.append(("wmt14.check", ["check", str(inp / "wmt14.jsonl"), "--no-models", "--no-cache", "-q",
                                         "--format", "jsonl", "-o", str(out / "wmt14.check.jsonl")]))
    return out_jobs


def run_job(work: Path, name: str, args: list[str]) -> float:
    """One `python -m mtqa` command; its stdout, stderr and exit status become outputs."""
    t0 = time.perf_counter()
    env = dict(os.environ, PYTHONHASHSEED="0", COLUMNS="100", NO_COLOR="1", LC_ALL="C.UTF-8", PYTHONPATH=str(ROOT))
    res = subprocess.run([sys.executable, "-m", "mtqa", *args], cwd=ROOT, env=env, capture_output=True,
                         stdin=subprocess.DEVNULL)
    out = work / "out"
    (out / f"{name}.stdout").write_bytes(res.stdout)
    (out / f"{name}.stderr").write_bytes(res.stderr)
    (out / f"{name}.rc").write_text(f"{res.returncode}\n", encoding="utf-8")
    if b"Traceback (most recent call last)" in res.stderr:
        print(f"warning: {name} crashed: {res.stderr.decode(errors='replace').strip().splitlines()[-1]}", file=sys.stderr)
    return time.perf_counter() - t0


def case_findings(work: Path) -> None:
    """Each case of tests/cases/*.yml through Engine.findings, as tests/test_cases.py runs it."""
    import yaml

    try:
        from mtqa.glossary import glossary_entry as entry
    except ImportError:  # a tree from before mtqa/glossary.py
        from mtqa.detectors import terminology

        entry = getattr(terminology, "glossary_entry", None) or getattr(terminology, "_entry")
    lines = []
    for path in sorted((ROOT / "tests/cases").glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(doc["cases"]):
            cid = f"{path.stem}:{case.get('id', i)}"
            if case.get("segments"):
                segs = [Segment(str(k), s["source"], s["target"], doc="case") for k, s in enumerate(case["segments"])]
            else:
                segs = [Segment("1", case.get("source", ""), case["target"], reference=case.get("reference"),
                                doc="case", meta=case.get("meta"))]
            options = {}
            if case.get("glossary"):
                rows = case["glossary"]
                entries = tuple(entry("case", k + 1, r[0], r[1], r[2], r[3] if len(r) > 3 else "")
                                for k, r in enumerate(rows))
                options = {"G101": {"glossary": entries}, "G102": {"glossary": entries}}
            engine = Engine(options=options)
            # `findings` was `check` before the names were settled (issue 15):
            # the harness snapshots either tree.
            detect = getattr(engine, "findings", None) or engine.check
            for k, seg in enumerate(segs):
                for f in detect(seg):
                    lines.append("\t".join(esc(v) for v in (cid, k, f.code, f.severity, f.side, f.start, f.end,
                                                             f.message, f.suggestion)))
    (work / "out" / "cases.findings.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def snapshot(work: Path, parallel: int, only: str | None) -> int:
    """Run everything into work/out; returns the number of output files."""
    if work.exists():
        shutil.rmtree(work)
    write_inputs(work)
    (work / "out").mkdir()
    todo = [j for j in jobs(work) if not only or only in j[0]]
    t0 = time.perf_counter()
    import mtqa

    if Path(mtqa.__file__).resolve().parent.parent != ROOT:
        raise SystemExit(f"mtqa is imported from {mtqa.__file__}, not from {ROOT}")
    case_findings(work)
    with ThreadPoolExecutor(max(1, parallel)) as pool:
        times = list(pool.map(lambda j: (j[0], run_job(work, *j)), todo))
    slow = sorted(times, key=lambda t: -t[1])[:3]
    n = sum(1 for _ in (work / "out").iterdir())
    print(f"{len(todo)} commands, {n} outputs in {time.perf_counter() - t0:.0f}s "
          f"(slowest: {', '.join(f'{k} {s:.0f}s' for k, s in slow)})")
    return n


def compare_dirs(old: Path, new: Path, show: int) -> int:
    a = {p.name for p in old.iterdir()}
    b = {p.name for p in new.iterdir()}
    missing, extra = sorted(a - b), sorted(b - a)
    differ = [name for name in sorted(a & b) if not filecmp.cmp(old / name, new / name, shallow=False)]
    if not (missing or extra or differ):
        print(f"IDENTICAL: {len(a)} outputs, byte for byte")
        return 0
    print(f"DIFFERENT: {len(differ)} of {len(a & b)} outputs differ; {len(missing)} missing, {len(extra)} new")
    for name in missing:
        print(f"  missing: {name}")
    for name in extra:
        print(f"  new: {name}")
    import difflib

    for name in differ:
        print(f"  differs: {name}")
        x = (old / name).read_text(encoding="utf-8", errors="replace").splitlines()
        y = (new / name).read_text(encoding="utf-8", errors="replace").splitlines()
        for d in list(difflib.unified_diff(x, y, "before", "after", n=0, lineterm=""))[2:show + 2]:
            print(f"    {d[:300]}")
    return 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", help="(findings dump) a corpus JSONL(.gz) to dump Engine findings of")
    ap.add_argument("--snapshot", metavar="DIR", help="run every report and fix, write the outputs to DIR")
    ap.add_argument("--compare", metavar="DIR|OLD",
                    help="run again and diff with a snapshot DIR (or, with PATH, an older findings dump)")
    ap.add_argument("--work", default="/tmp/mtqa-equivalence-work", help="work directory (inputs, outputs)")
    ap.add_argument("--jobs", "-j", type=int, default=2, help="commands run at once")
    ap.add_argument("--only", help="(snapshot) only commands whose name contains this; "
                                   "(findings dump) codes to time", nargs="*")
    ap.add_argument("-o", "--output", default="/tmp/mtqa-equivalence.tsv", help="(findings dump) output file")
    ap.add_argument("--show", type=int, default=40, help="differing lines to print")
    ap.add_argument("--no-timing", action="store_true", help="(findings dump) skip the per-detector timing")
    args = ap.parse_args()

    if args.path is None:
        if bool(args.snapshot) == bool(args.compare):
            ap.error("give --snapshot DIR or --compare DIR (or a corpus PATH for the findings dump)")
        work = Path(args.work)
        only = args.only[0] if args.only else None
        snapshot(work, args.jobs, only)
        if args.snapshot:
            dest = Path(args.snapshot)
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(work / "out", dest)
            print(f"snapshot -> {dest}")
            return 0
        return compare_dirs(Path(args.compare), work / "out", args.show)

    segs = load_segments(args.path)
    n, elapsed = dump(segs, args.output)
    print(f"{len(segs)} segments, {n} findings -> {args.output} ({elapsed:.1f}s, {len(segs) / elapsed:.0f} seg/s in detect_many)")
    rc = compare(args.compare, args.output, args.show) if args.compare else 0
    if not args.no_timing:
        timing(segs, args.only)
    return rc


if __name__ == "__main__":
    sys.exit(main())
