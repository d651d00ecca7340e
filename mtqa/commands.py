"""What the CLI commands do. cli.py only maps arguments onto these functions."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Iterator, Sequence

from .detectors import REGISTRY
from .engine import SelectionError, SuppressionError
from .io import EXTENSIONS, READERS, InputError, read_pair
from .pipeline import FAIL_ON, CheckConfig, check_segments
from .report import FORMATTERS
from .types import Segment


class UsageError(Exception):
    """A bad combination of options; exit 2 with one line."""


def fail(message: str) -> int:
    print(f"mtqa: error: {message}", file=sys.stderr)
    return 2


def open_segments(
    source: str, target: str | None, reference: str | None, *, input_format: str | None, encoding: str
) -> Iterator[Segment]:
    """Segments from a line-aligned pair, or from one bilingual file by format."""
    if target is not None and input_format in (None, "pair", "text"):
        return read_pair(source, target, reference, encoding=encoding)
    fmt = input_format
    if fmt is None:
        ext = os.path.splitext(source)[1].lower()
        fmt = EXTENSIONS.get(ext)
        if fmt is None:
            raise UsageError(
                f"{source}: cannot tell the format from the extension {ext or '(none)'!r}; "
                f"give TARGET for a line-aligned pair or --input-format ({', '.join(sorted(READERS)) or 'none'})"
            )
    reader = READERS.get(fmt)
    if reader is None:
        raise UsageError(f"unknown input format {fmt!r}; known: {', '.join(sorted(READERS)) or 'pair'}")
    if target is not None:
        return reader(source, target, encoding=encoding)
    return reader(source, encoding=encoding)


def parse_outputs(formats: Sequence[str], outputs: Sequence[str], report_dir: str | None) -> list[tuple[str, str | None]]:
    formats = list(formats) or ["text"]
    for fmt in formats:
        if fmt not in FORMATTERS:
            raise UsageError(f"unknown --format {fmt!r}; known: {', '.join(sorted(FORMATTERS))}")
    if len(outputs) > len(formats):
        raise UsageError(f"{len(outputs)} -o paths for {len(formats)} --format values")
    pairs: list[tuple[str, str | None]] = []
    for i, fmt in enumerate(formats):
        if i < len(outputs):
            path: str | None = outputs[i]
        elif report_dir:
            path = os.path.join(report_dir, f"mtqa{FORMATTERS[fmt].extension}")
        else:
            path = None
        pairs.append((fmt, None if path == "-" else path))
    if sum(1 for _, p in pairs if p is None) > 1:
        raise UsageError("more than one format would go to standard output; give -o or --report-dir")
    return pairs


def check(
    source: str,
    target: str | None,
    *,
    reference: str | None = None,
    formats: Sequence[str] = (),
    outputs: Sequence[str] = (),
    report_dir: str | None = None,
    fail_on: str = "major",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    models: bool = True,
    input_format: str | None = None,
    encoding: str = "utf-8",
    keep_going: bool = False,
    extra: dict[str, Any] | None = None,
) -> int:
    try:
        if fail_on not in FAIL_ON:
            raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        config = CheckConfig(
            select=_split(select),
            ignore=_split(ignore),
            fail_on=fail_on,
            outputs=parse_outputs(formats, outputs, report_dir),
            models=models,
            keep_going=keep_going,
        )
        segments = open_segments(source, target, reference, input_format=input_format, encoding=encoding)
        inputs = {"source": source, "target": target, "reference": reference}
        outcome = check_segments(segments, config, inputs=inputs)
        return outcome.exit_code
    except (InputError, UsageError, SelectionError, SuppressionError, ValueError) as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted; no report was written")
    except BrokenPipeError:
        return 0


def _split(values: Sequence[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def rules(fmt: str = "text") -> int:
    rows = [
        {
            "code": cls.code,
            "name": cls.name,
            "category": cls.category,
            "severity": cls.severity,
            "fix": cls.fix,
            "doc": cls.doc(),
        }
        for cls in REGISTRY.values()
    ]
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if fmt != "text":
        return fail(f"unknown --format {fmt!r} for rules; use text or json")
    for r in rows:
        print(f"{r['code']:<6} {r['name']:<28} {r['category']:<34} {r['severity']:<8} {r['fix']:<10} {r['doc']}")
    return 0
