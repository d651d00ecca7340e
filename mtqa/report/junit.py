"""JUnit XML, for CI test tabs: one test case per segment; a segment with
findings fails, carrying its findings; a detector crash is an error."""

from __future__ import annotations

from typing import Any, Mapping

from ..codes import is_reserved
from ..types import SegmentResult
from ._common import copy_spool, locate, spool, span_text, xml_attr, xml_text
from .base import Formatter


class JUnitFormatter(Formatter):
    """<testsuites><testsuite name="mtqa">: one <testcase> per segment."""

    name = "junit"
    extension = ".xml"

    def begin(self) -> None:
        self._buf = spool()
        self.tests = self.failures = self.errors = 0

    def add(self, result: SegmentResult) -> None:
        seg = result.segment
        self.tests += 1
        loc = locate(result, None, self.inputs)
        classname = (loc.path or "mtqa").replace("/", ".")
        name = seg.place or seg.id
        attrs = f'classname="{xml_attr(classname)}" name="{xml_attr(name)}"'
        if loc.path:
            attrs += f' file="{xml_attr(loc.path)}"'
        if loc.line is not None:
            attrs += f' line="{loc.line}"'
        # A run finding (X000, X001) is a JUnit error: the test could not run, it did not fail.
        crashes = [f for f in result.findings if is_reserved(f.code)]
        real = [f for f in result.findings if not is_reserved(f.code)]
        if not result.findings:
            self._buf.write(f"<testcase {attrs}/>\n")
            return
        self._buf.write(f"<testcase {attrs}>\n")
        if real:
            self.failures += 1
            codes = sorted({f.code for f in real})
            worst = max(real, key=lambda f: ("minor", "major", "critical").index(f.severity)).severity
            message = f"{len(real)} finding{'s' if len(real) != 1 else ''} ({worst}): {', '.join(codes)}"
            lines = []
            for f in real:
                where = f"{f.side} {f.start + 1}-{f.end}" if f.start is not None else f.side
                span = span_text(result, f)
                line = f"{f.code} [{f.severity}] {f.name} at {where}: {f.message}"
                if span:
                    line += f" [{span}]"
                if f.suggestion is not None:
                    line += f" (suggestion: {f.suggestion!r})"
                lines.append(line)
            lines += ["", f"source: {seg.source}", f"target: {seg.target}"]
            self._buf.write(
                f'<failure message="{xml_attr(message)}" type="{xml_attr(",".join(codes))}">'
                f"{xml_text(chr(10).join(lines))}</failure>\n"
            )
        if crashes:
            self.errors += 1
            self._buf.write(
                f'<error message="{xml_attr(crashes[0].message)}" type="{crashes[0].code}">'
                f"{xml_text(chr(10).join(f.message for f in crashes))}</error>\n"
            )
        self._buf.write("</testcase>\n")

    def end(self, summary: Mapping[str, Any], scores: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        counts = f'tests="{self.tests}" failures="{self.failures}" errors="{self.errors}" skipped="0"'
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(f'<testsuites name="mtqa" {counts}>\n<testsuite name="mtqa" {counts}>\n')
        props = [(k, v) for k, v in scores.items() if isinstance(v, (int, float))]
        mqm = summary.get("mqm", {})
        if isinstance(mqm, Mapping) and "mqm" in mqm:
            props.insert(0, ("mqm", mqm["mqm"]))
        if props:
            self.stream.write("<properties>\n")
            for k, v in props:
                self.stream.write(f'<property name="{xml_attr(str(k))}" value="{xml_attr(str(v))}"/>\n')
            self.stream.write("</properties>\n")
        copy_spool(self._buf, self.stream)
        notices = list((extra or {}).get("notices", []))
        if notices:
            self.stream.write(f"<system-out>{xml_text(chr(10).join(notices))}</system-out>\n")
        self.stream.write("</testsuite>\n</testsuites>\n")
