"""GitLab code-quality report (JSON array), shown in merge-request widgets.

Fingerprints are stable across runs while the segment text is unchanged: they
hash the rule, the file, the segment's content and the finding's span, not the
line number, so inserting lines above does not make old findings look new.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Mapping

from ..types import SegmentResult
from ._common import locate
from .base import Formatter

SEVERITY = {"minor": "minor", "major": "major", "critical": "critical"}


def fingerprint(code: str, path: str | None, source: str, target: str, side: str, start: Any, end: Any, n: int) -> str:
    key = "\x1f".join([code, path or "", source, target, side, str(start), str(end), str(n)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


class GitLabFormatter(Formatter):
    name = "gitlab"
    extension = ".gitlab.json"

    def begin(self) -> None:
        self.stream.write("[")
        self._first = True

    def add(self, result: SegmentResult) -> None:
        seg = result.segment
        seen: dict[tuple, int] = {}
        for f in result.findings:
            loc = locate(result, f, self.inputs)
            k = (f.code, f.side, f.start, f.end)
            seen[k] = seen.get(k, 0) + 1
            issue = {
                "type": "issue",
                "check_name": f.code,
                "description": f"{f.code} {f.name}: {f.message}",
                "categories": ["Style" if f.category.startswith(("fluency", "style")) else "Bug Risk"],
                "severity": SEVERITY.get(f.severity, "info"),
                "fingerprint": fingerprint(f.code, loc.path, seg.source, seg.target, f.side, f.start, f.end, seen[k]),
                "location": {"path": loc.path or seg.id, "lines": {"begin": loc.line or 1}},
            }
            self.stream.write(("\n" if self._first else ",\n") + json.dumps(issue, ensure_ascii=False))
            self._first = False

    def end(self, summary: Mapping[str, Any], scores: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        self.stream.write("\n]\n")
