"""Markdown summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment.

Totals, scores, counts by code, and the findings GitHub annotations could not
show (beyond the per-step limits, or with no file to point at). Everything
taken from the translations is escaped so it renders as text.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from ..types import SegmentResult
from ._common import locate, span_text
from .base import Formatter
from .github import AnnotationBudget, level_for
from ..io.errors import plural

MAX_ROWS = 200
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md(text: str, limit: int = 160) -> str:
    """Inline text safe in a table cell: no HTML, no markup, one line."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


class MarkdownFormatter(Formatter):
    name = "markdown"
    extension = ".md"

    def begin(self) -> None:
        self.fail_on = self.options.get("fail_on")
        self.budget = AnnotationBudget()
        self.unshown: list[str] = []
        self.unshown_total = 0

    def add(self, result: SegmentResult) -> None:
        for f in result.findings:
            loc = locate(result, f, self.inputs)
            why = self.budget.take(level_for(f.severity, self.fail_on), loc)
            if why is None:
                continue
            self.unshown_total += 1
            if len(self.unshown) >= MAX_ROWS:
                continue
            where = loc.path or result.segment.id
            if loc.line is not None:
                where += f":{loc.line}"
                if loc.column is not None:
                    where += f":{loc.column}"
            self.unshown.append(
                f"| {md(where)} | {f.code} | {f.severity} | {md(f.message)} | {md(span_text(result, f), 60)} | {md(why)} |"
            )

    def end(self, summary: Mapping[str, Any], scores: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        w = self.stream.write
        sev = summary.get("by_severity", {})
        status = "✅ no findings" if not summary.get("findings") else f"⚠️ {plural(summary.get('findings'), 'finding')}"
        w(f"## mtqa: {status}\n\n")
        w("| Segments | Flagged | Critical | Major | Minor | MQM |\n|---:|---:|---:|---:|---:|---:|\n")
        mqm = summary.get("mqm", {}).get("mqm", "")
        w(f"| {summary.get('segments', 0)} | {summary.get('flagged_segments', 0)} | {sev.get('critical', 0)} "
          f"| {sev.get('major', 0)} | {sev.get('minor', 0)} | {mqm} |\n\n")
        numeric = {k: v for k, v in scores.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        if numeric:
            w("**Corpus scores:** " + ", ".join(f"{md(k)} {v:.2f}" for k, v in numeric.items()) + "\n\n")
        by_code = summary.get("by_code", {})
        if by_code:
            from ..detectors import REGISTRY

            w("| Code | Rule | Category | Findings |\n|---|---|---|---:|\n")
            for code, n in sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0])):
                cls = REGISTRY.get(code)
                name = cls.name if cls else "internal-error"
                cat = cls.category if cls else "other"
                w(f"| {code} | {name} | {cat} | {n} |\n")
            w("\n")
        if self.unshown_total:
            w(f"### Not shown as annotations ({self.unshown_total})\n\n")
            w("| Where | Code | Severity | Message | Span | Why |\n|---|---|---|---|---|---|\n")
            w("\n".join(self.unshown) + "\n")
            if self.unshown_total > len(self.unshown):
                w(f"\n…and {self.unshown_total - len(self.unshown)} more; see the full report.\n")
            w("\n")
        notices = list((extra or {}).get("notices", []))
        if notices:
            w("### Notices\n\n" + "".join(f"- {md(n, 300)}\n" for n in notices) + "\n")
