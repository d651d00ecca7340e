"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`.

GitHub shows at most 10 annotations of each level (error, warning, notice) per
step; the rest are in the log only. `AnnotationBudget` decides which findings
get a visible annotation, so the markdown summary can list the others.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..types import SEVERITY_RANK, Finding, SegmentResult
from ._common import Location, locate
from .base import Formatter
from ..io.errors import plural

# https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions
PER_LEVEL_LIMIT = 10


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def level_for(severity: str, fail_on: str | None) -> str:
    """At or above --fail-on: error; otherwise major warning, minor notice."""
    rank = SEVERITY_RANK.get(severity, 1)
    if fail_on in SEVERITY_RANK and rank >= SEVERITY_RANK[fail_on]:
        return "error"
    if fail_on is None and severity == "critical":
        return "error"
    return "warning" if rank >= SEVERITY_RANK["major"] else "notice"


class AnnotationBudget:
    """Tracks which findings GitHub will show: those with a file, within the
    per-level limit, in input order. `take` says whether one is shown and why not."""

    def __init__(self, limit: int = PER_LEVEL_LIMIT) -> None:
        self.limit = limit
        self.used = {"error": 0, "warning": 0, "notice": 0}

    def take(self, level: str, loc: Location) -> str | None:
        if not loc.path:
            return "no file to point at"
        if self.used[level] >= self.limit:
            self.used[level] += 1
            return f"beyond GitHub's limit of {self.limit} {level} annotations per step"
        self.used[level] += 1
        return None


def command(level: str, loc: Location, f: Finding) -> str:
    props = []
    if loc.path:
        props.append(f"file={escape_property(loc.path)}")
    if loc.line is not None:
        props.append(f"line={loc.line}")
        if loc.column is not None:
            props.append(f"col={loc.column}")
            props.append(f"endColumn={loc.end_column}")
    props.append(f"title={escape_property(f'{f.code} {f.name} [{f.severity}]')}")
    message = f.message if f.suggestion is None else f"{f.message} (suggestion: {f.suggestion!r})"
    return f"::{level} {','.join(props)}::{escape_data(message)}"


class GitHubFormatter(Formatter):
    """One workflow command per finding, then a notice about hidden ones."""

    name = "github"
    extension = ".github.txt"

    def begin(self) -> None:
        self.fail_on = self.options.get("fail_on")
        self.budget = AnnotationBudget()
        self.hidden = 0

    def add(self, result: SegmentResult) -> None:
        for f in result.findings:
            loc = locate(result, f, self.inputs)
            level = level_for(f.severity, self.fail_on)
            if self.budget.take(level, loc):
                self.hidden += 1
            self.stream.write(command(level, loc, f) + "\n")

    def end(self, summary: Mapping[str, Any], scores: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        for line in (extra or {}).get("notices", []):
            self.stream.write(f"::notice title=mtqa::{escape_data(line)}\n")
        if self.hidden:
            self.stream.write(
                f"::notice title=mtqa::{plural(self.hidden, 'finding has', 'findings have')} no visible annotation "
                f"(GitHub shows {PER_LEVEL_LIMIT} per level per step); see the markdown summary\n"
            )
        sev = summary.get("by_severity", {})
        self.stream.write(
            f"mtqa: {plural(summary.get('segments', 0), 'segment')}, {plural(summary.get('findings', 0), 'finding')} "
            f"({sev.get('critical', 0)} critical, {sev.get('major', 0)} major, {sev.get('minor', 0)} minor)\n"
        )
