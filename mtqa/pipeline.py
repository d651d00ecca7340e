"""The check pipeline: segments -> detectors -> scorers -> formatters -> exit code.

Segments are processed in chunks so that batched scorers (models) see many
segments at once while memory stays bounded; output order is input order.
"""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from .engine import Engine, select_detectors
from .report import FORMATTERS, open_output
from .scorers.mqm import penalty, score as mqm_score, source_words
from .summary import Summary
from .types import SEVERITY_RANK, Finding, Segment, SegmentResult

FAIL_ON = ("minor", "major", "critical", "never")
CHUNK = 256


@dataclass
class CheckConfig:
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    fail_on: str = "major"
    severities: Mapping[str, str] = field(default_factory=dict)
    detector_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # (format name, output path or None for stdout)
    outputs: Sequence[tuple[str, str | None]] = (("text", None),)
    models: bool = True
    keep_going: bool = False
    # Extra scorers (objects with .name, .score(batch) and .corpus()) added by callers.
    scorers: Sequence[Any] = ()
    # Callables run on each (segment, findings) before output: baselines etc.
    filters: Sequence[Callable[[Segment, tuple[Finding, ...]], tuple[Finding, ...]]] = ()
    formatter_options: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class CheckOutcome:
    summary: dict[str, Any]
    scores: dict[str, Any]
    exit_code: int
    notices: list[str]


def _chunks(it: Iterable[Segment], size: int) -> Iterator[list[Segment]]:
    it = iter(it)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


def check_segments(
    segments: Iterable[Segment],
    config: CheckConfig,
    *,
    inputs: Mapping[str, Any] | None = None,
    on_result: Callable[[SegmentResult], None] | None = None,
) -> CheckOutcome:
    """Run a whole check and write every requested report."""
    engine = Engine(
        select_detectors(config.select, config.ignore),
        options=config.detector_options,
        severities=config.severities,
    )
    summary = Summary()
    scorers = list(config.scorers)
    fail_rank = SEVERITY_RANK.get(config.fail_on, 99)
    failed = False
    with contextlib.ExitStack() as stack:
        formatters = []
        for fmt, path in config.outputs:
            stream = stack.enter_context(open_output(path))
            formatter = FORMATTERS[fmt](stream, inputs=inputs, **config.formatter_options)
            formatter.begin()
            formatters.append(formatter)
        for chunk in _chunks(segments, CHUNK):
            found = [engine.check(seg) for seg in chunk]
            for filt in config.filters:
                found = [filt(seg, fs) for seg, fs in zip(chunk, found)]
            per_seg_scores: list[dict[str, Any]] = [
                {"mqm": mqm_score(penalty(fs), source_words(seg.source))} for seg, fs in zip(chunk, found)
            ]
            for scorer in scorers:
                for acc, sc in zip(per_seg_scores, scorer.score(chunk, found)):
                    acc.update(sc)
            for seg, fs, sc in zip(chunk, found, per_seg_scores):
                result = SegmentResult(seg, fs, sc)
                summary.add(result)
                if any(SEVERITY_RANK[f.severity] >= fail_rank for f in fs):
                    failed = True
                if on_result is not None:
                    on_result(result)
                for formatter in formatters:
                    formatter.add(result)
        corpus_scores: dict[str, Any] = {}
        for scorer in scorers:
            corpus_scores.update(scorer.corpus())
        notices = []
        if engine.unused_suppressions:
            for place, code in engine.unused_suppressions:
                notices.append(f"{place}: unused suppression of {code}")
        summary_dict = summary.to_dict()
        summary_dict["internal_errors"] = engine.internal_errors
        if notices:
            summary_dict["unused_suppressions"] = [
                {"place": p, "code": c} for p, c in engine.unused_suppressions
            ]
        for formatter in formatters:
            formatter.end(summary_dict, corpus_scores, {"notices": notices})
    if engine.internal_errors and not config.keep_going:
        code = 2
    else:
        code = 1 if failed else 0
    return CheckOutcome(summary_dict, corpus_scores, code, notices)
