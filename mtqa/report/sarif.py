"""SARIF 2.1.0, for code-scanning UIs (GitHub code scanning, VS Code SARIF viewer).

Rules carry their docs from the detector registry; each finding is a result
located at the target file and line, with code-point columns where the line is
the segment text. Results are streamed; the run's tail follows them.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..codes import INTERNAL_ERROR_CODE, RESERVED_CODES
from ..types import Finding, SegmentResult
from ._common import locate, span_text, tool_version
from .base import Formatter

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"critical": "error", "major": "error", "minor": "warning"}
INFO_URI = "https://github.com/mtqa/mtqa"


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def rule_descriptors() -> tuple[list[dict[str, Any]], dict[str, int]]:
    from ..detectors import REGISTRY

    rules: list[dict[str, Any]] = []
    for cls in REGISTRY.values():
        help_lines = [cls.doc()]
        if cls.severity_reason:
            help_lines.append(f"Why {cls.severity}: {cls.severity_reason}")
        help_lines.append(f"MQM category: {cls.category}. Fix: {cls.fix}. See `mtqa explain {cls.code}`.")
        rules.append({
            "id": cls.code,
            "name": cls.name,
            "shortDescription": {"text": cls.doc()},
            "fullDescription": {"text": " ".join(help_lines[:2])},
            "help": {"text": "\n".join(help_lines)},
            "defaultConfiguration": {"level": LEVELS[cls.severity]},
            "properties": {"category": cls.category, "severity": cls.severity, "fix": cls.fix,
                           "tags": [cls.category.split("/")[0], cls.category]},
        })
    for code, entry in RESERVED_CODES.items():
        rules.append({
            "id": code,
            "name": entry.name,
            "shortDescription": {"text": entry.doc},
            "defaultConfiguration": {"level": LEVELS[entry.severity]},
            "properties": {"category": entry.category, "severity": entry.severity, "reserved": entry.reserved},
        })
    return rules, {r["id"]: i for i, r in enumerate(rules)}


class SARIFFormatter(Formatter):
    """SARIF 2.1.0 log with one run; one result per finding."""

    name = "sarif"
    extension = ".sarif"

    def begin(self) -> None:
        self.rules, self.index = rule_descriptors()
        head = {
            "$schema": SCHEMA,
            "version": "2.1.0",
        }
        driver = {
            "name": "mtqa",
            "semanticVersion": tool_version(),
            "version": tool_version(),
            "informationUri": INFO_URI,
            "rules": self.rules,
        }
        self.stream.write(_dumps(head)[:-1] + ',"runs":[{"tool":{"driver":' + _dumps(driver) + "},")
        self.stream.write('"columnKind":"unicodeCodePoints","results":[')
        self._first = True

    def _result(self, result: SegmentResult, f: Finding) -> dict[str, Any]:
        loc = locate(result, f, self.inputs)
        physical: dict[str, Any] = {}
        if loc.path:
            physical["artifactLocation"] = {"uri": loc.path}
        if loc.line is not None:
            region: dict[str, Any] = {"startLine": loc.line}
            if loc.column is not None:
                region["startColumn"] = loc.column
                region["endColumn"] = loc.end_column
                region["snippet"] = {"text": span_text(result, f)}
            physical["region"] = region
        text = f.message if f.suggestion is None else f"{f.message} (suggestion: {f.suggestion!r})"
        out: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": self.index.get(f.code, self.index.get(INTERNAL_ERROR_CODE, len(self.rules) - 1)),
            "level": LEVELS.get(f.severity, "warning"),
            "message": {"text": text},
            "properties": {"severity": f.severity, "category": f.category, "side": f.side,
                           "segment": result.segment.id},
        }
        if physical:
            out["locations"] = [{"physicalLocation": physical}]
        if result.segment.place:
            out.setdefault("locations", [{}])[0]["logicalLocations"] = [
                {"name": result.segment.id, "fullyQualifiedName": result.segment.place, "kind": "segment"}
            ]
        if f.suggestion is not None and f.start is not None and loc.column is not None:
            out["fixes"] = [{
                "description": {"text": f"replace with {f.suggestion!r}"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": loc.path},
                    "replacements": [{
                        "deletedRegion": {"startLine": loc.line, "startColumn": loc.column,
                                          "endColumn": loc.end_column},
                        "insertedContent": {"text": f.suggestion},
                    }],
                }],
            }]
        return out

    def add(self, result: SegmentResult) -> None:
        for f in result.findings:
            self.stream.write(("\n" if self._first else ",\n") + _dumps(self._result(result, f)))
            self._first = False

    def end(self, summary: Mapping[str, Any], scores: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        notices = list((extra or {}).get("notices", []))
        invocation: dict[str, Any] = {
            "executionSuccessful": not summary.get("internal_errors"),
            "toolExecutionNotifications": [{"level": "note", "message": {"text": n}} for n in notices],
        }
        props = {"summary": dict(summary), "scores": dict(scores)}
        self.stream.write("\n],\"invocations\":[" + _dumps(invocation) + "],\"properties\":" + _dumps(props) + "}]}\n")
