"""Detector cases as data: tests/cases/*.yml.

Each file names the codes it covers and lists cases:

    codes: [P101]
    cases:
      - id: seed-doubled-period
        kind: fail            # fail | pass | trap
        source: "…"
        target: "…"
        expect:               # findings of the file's codes, exactly
          - {code: P101, span: ". ."}          # span text on the finding's side
          - {code: P101, start: 10, end: 13, side: target, suggestion: "."}

Document-level cases give `segments:` (a list of source/target pairs, one
document) instead of source/target; findings are compared on the last one.
Glossary cases (G1xx) give `glossary:` rows [source, target, status, note?].

Only findings whose code is in `codes` are compared, so a file tests its own
detectors whatever else fires. pass and trap cases expect no finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mtqa import Segment
from mtqa.detectors import REGISTRY
from mtqa.engine import Engine

CASES_DIR = Path(__file__).parent / "cases"


def _load():
    out = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        codes = doc["codes"]
        for i, case in enumerate(doc["cases"]):
            cid = f"{path.stem}:{case.get('id', i)}"
            out.append(pytest.param(codes, case, id=cid))
    return out


CASES = _load()
ENGINE = Engine()


def _glossary_engine(rows):
    """An engine whose glossary detectors (G1xx) read the case's `glossary:` rows
    ([source, target, status, note?]); other detectors run as usual."""
    from mtqa.glossary import glossary_entry

    entries = tuple(glossary_entry("case", i + 1, r[0], r[1], r[2], r[3] if len(r) > 3 else "") for i, r in enumerate(rows))
    return Engine(options={"G101": {"glossary": entries}, "G102": {"glossary": entries}})


def _run(case):
    segments = case.get("segments")
    if segments:  # document-level cases: several segments, findings on the last
        seg_objs = [Segment(str(i), s["source"], s["target"], doc="case") for i, s in enumerate(segments)]
    else:
        seg_objs = [Segment("1", case.get("source", ""), case["target"], reference=case.get("reference"), doc="case",
                            meta=case.get("meta"))]
    engine = _glossary_engine(case["glossary"]) if case.get("glossary") else ENGINE
    engine._doc = object()  # new document for each case
    results = [engine.findings(s) for s in seg_objs]
    return seg_objs[-1], results[-1]


@pytest.mark.parametrize("codes,case", CASES)
def test_case(codes, case):
    for code in codes:
        assert code in REGISTRY, f"unknown code {code} in case file"
    kind = case.get("kind", "fail")
    assert kind in ("fail", "pass", "trap")
    seg, findings = _run(case)
    got = [f for f in findings if any(f.code.startswith(c) for c in codes)]
    expect = case.get("expect", [])
    if kind != "fail":
        assert not expect, "pass/trap cases expect nothing"
        assert got == [], f"false alarm: {[(f.code, f.message) for f in got]}"
        return
    assert expect, "a fail case must expect at least one finding"
    assert len(got) == len(expect), f"expected {expect}, got {[(f.code, f.start, f.end, f.message) for f in got]}"
    remaining = list(got)
    for exp in expect:
        match = None
        for f in remaining:
            if f.code != exp["code"]:
                continue
            text = seg.target if f.side == "target" else seg.source
            if "side" in exp and f.side != exp["side"]:
                continue
            if "span" in exp and (f.start is None or text[f.start:f.end] != exp["span"]):
                continue
            if "start" in exp and (f.start, f.end) != (exp["start"], exp["end"]):
                continue
            if "suggestion" in exp and f.suggestion != exp["suggestion"]:
                continue
            match = f
            break
        assert match is not None, f"no finding matches {exp}; got {[(f.code, f.start, f.end, f.suggestion) for f in remaining]}"
        remaining.remove(match)
        if match.start is not None:
            text = seg.target if match.side == "target" else seg.source
            assert 0 <= match.start <= match.end <= len(text)


def test_every_detector_has_fail_and_trap_cases():
    covered: dict[str, set[str]] = {}
    for param in CASES:
        codes, case = param.values
        kind = case.get("kind", "fail")
        if kind == "fail":
            for exp in case.get("expect", []):
                covered.setdefault(exp["code"], set()).add("fail")
        else:
            for code in codes:
                covered.setdefault(code, set()).add("trap")
    # ML1xx findings come from the model scorer, not from `check`: their
    # fire/stay-silent cases are in tests/test_scores.py.
    missing = [
        code for code in REGISTRY
        if not code.startswith("ML") and not {"fail", "trap"} <= covered.get(code, set())
    ]
    assert not missing, f"detectors without both fail and pass/trap cases: {missing}"
