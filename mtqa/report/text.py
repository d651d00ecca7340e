"""Human-readable report: `place: CODE severity message`, then the marked target."""

from __future__ import annotations

from typing import Any, Mapping

from ..types import SegmentResult
from ._common import file_position
from .base import Formatter
from ..io.errors import plural


def mark(text: str, start: int | None, end: int | None) -> str:
    """The text with the span bracketed: "on Tuesday[. .]"."""
    if start is None or end is None:
        return text
    return f"{text[:start]}[{text[start:end]}]{text[end:]}"


class TextFormatter(Formatter):
    """For people in a terminal; one block per finding."""

    name = "text"
    extension = ".txt"

    def add(self, result: SegmentResult) -> None:
        seg = result.segment
        place = seg.place or seg.id
        for f in result.findings:
            # The file and line (and column, where exact) of the span: the
            # SOURCE file for a source-side finding.
            path, line, col, _ = file_position(result, f, self.inputs)
            if path is not None and line is not None:
                where = f"{path}:{line}" + (f":{col}" if col is not None else "")
            else:
                where = place
            line = f"{where}: {f.code} [{f.severity}] {f.name}: {f.message}"
            if f.suggestion is not None:
                line += f" (suggestion: {f.suggestion!r})"
            self.stream.write(line + "\n")
            text = seg.target if f.side == "target" else seg.source
            self.stream.write(f"    {f.side}: {mark(text, f.start, f.end)}\n")

    def end(self, summary: Mapping[str, Any], scores: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        sev = summary.get("by_severity", {})
        self.stream.write(
            f"{plural(summary.get('segments', 0), 'segment')}, {plural(summary.get('findings', 0), 'finding')} "
            f"({sev.get('critical', 0)} critical, {sev.get('major', 0)} major, {sev.get('minor', 0)} minor) "
            f"in {plural(summary.get('flagged_segments', 0), 'segment')}\n"
        )
        shown = []
        for key, value in scores.items():
            if isinstance(value, (int, float)):
                shown.append(f"{key} {value:.2f}" if isinstance(value, float) else f"{key} {value}")
            elif isinstance(value, Mapping) and "score" in value:
                shown.append(f"{key} {value['score']:.2f}")
        if shown:
            self.stream.write("scores: " + ", ".join(shown) + "\n")
        for line in (extra or {}).get("notices", []):
            self.stream.write(line + "\n")
