"""The reserved-code table (mtqa/codes.py) and the places that read its flag."""

from __future__ import annotations

from collections import Counter

from mtqa import codes
from mtqa.baseline import Baseline, BaselineWriter, content_hash
from mtqa.detectors import REGISTRY
from mtqa.report.sarif import rule_descriptors
from mtqa.scorers.mqm import penalty
from mtqa.types import Finding, Segment


def _run_finding(code: str) -> Finding:
    return Finding(code, codes.RESERVED_CODES[code].name, "other", "critical", "target", None, None, "run")


def test_table_holds_the_two_reserved_codes():
    assert set(codes.RESERVED_CODES) == {codes.INTERNAL_ERROR_CODE, codes.TIME_BUDGET_CODE} == {"X000", "X001"}
    for code, entry in codes.RESERVED_CODES.items():
        assert entry.reserved and codes.is_reserved(code)
        assert code.startswith(codes.RESERVED_PREFIX)


def test_old_import_paths_still_work():
    from mtqa.detectors import INTERNAL_ERROR_CODE
    from mtqa.engine import RESERVED_CODES, TIME_BUDGET_CODE, is_reserved

    assert (INTERNAL_ERROR_CODE, TIME_BUDGET_CODE) == ("X000", "X001")
    assert RESERVED_CODES is codes.RESERVED_CODES and is_reserved is codes.is_reserved


def test_no_detector_code_is_reserved():
    assert not [c for c in REGISTRY if codes.is_reserved(c) or c.startswith(codes.RESERVED_PREFIX)]
    assert not codes.is_reserved("ML101")


def test_mqm_gives_run_findings_no_weight():
    assert penalty([_run_finding("X000"), _run_finding("X001")]) == 0.0


def test_sarif_marks_reserved_rules():
    rules, index = rule_descriptors()
    for code in codes.RESERVED_CODES:
        assert rules[index[code]]["properties"]["reserved"] is True


def test_baselines_never_record_or_accept_run_findings(tmp_path):
    seg = Segment("1", "Bonjour.", "Hello.")
    writer = BaselineWriter(str(tmp_path / "b.json"))
    writer(seg, (_run_finding("X000"),))
    assert writer.counts == Counter()
    path = tmp_path / "old.json"
    path.write_text('{"tool": "mtqa", "version": 1, "findings": ['
                    f'{{"id": "1", "hash": "{content_hash(seg)}", "code": "X001"}}]}}')
    kept = Baseline(str(path))(seg, (_run_finding("X001"),))
    assert [f.code for f in kept] == ["X001"]
