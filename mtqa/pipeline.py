"""The check pipeline: segments -> detectors -> scorers -> formatters -> exit code.

Segments are processed in chunks so that batched scorers (models) see many
segments at once while memory stays bounded; output order is input order.
"""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from .engine import DEFAULT_TIME_BUDGET, Engine, select_detectors
from .hooks import BatchDetector, Filter, Gate, Scorer
from .parallel import Executor, executor_for
from .report import FORMATTERS, open_output
from .scorers.mqm import penalty, score as mqm_score, source_words
from .summary import Summary
from .types import SEVERITY_RANK, Finding, Segment, SegmentResult

FAIL_ON = ("minor", "major", "critical", "never")
CHUNK = 256


@dataclass(frozen=True)
class CheckConfig:
    """One run's configuration, built once (by `mtqa check` from its merged
    RunOptions, or by a caller) and never changed during the run."""

    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    fail_on: str = "major"
    severities: Mapping[str, str] = field(default_factory=dict)
    detector_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # (format name, output path or None for stdout)
    outputs: Sequence[tuple[str, str | None]] = (("text", None),)
    models: bool = True
    keep_going: bool = False
    scorers: Sequence[Scorer] = ()
    # Run on each (segment, findings) before output: baselines etc.
    filters: Sequence[Filter] = ()
    formatter_options: Mapping[str, Any] = field(default_factory=dict)
    # Worker processes for the rule detectors (1 = in process; 0 = auto: one
    # per free core, one process for small inputs, see mtqa/parallel.py).
    jobs: int = 1
    # Seconds of detector time per segment before the rest are skipped (X001).
    time_budget: float | None = DEFAULT_TIME_BUDGET
    # Model scorers may reuse scores from the user cache (mtqa/cache.py); --no-cache.
    cache: bool = True
    # Score thresholds, baselines (stale entries): a failure fails the run.
    gates: Sequence[Gate] = ()


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
    executor: Executor | None = None,
) -> CheckOutcome:
    """Run a whole check and write every requested report.

    `executor` runs the rule detectors (mtqa/parallel.py); by default the one
    `config.jobs` names. The Dask executor reads its own segments (shards)."""
    engine = Engine(
        select_detectors(config.select, config.ignore),
        options=config.detector_options,
        severities=config.severities,
        time_budget=config.time_budget,
        batch_detectors=batch_detectors(config.scorers),
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
        found_chunks = (executor or executor_for(config.jobs)).run(engine, _chunks(segments, CHUNK))
        for chunk, found in found_chunks:
            found, per_seg_scores = score_chunk(engine, scorers, chunk, found)
            # Scores rest on every finding; filters (the baseline) only decide what is reported.
            for filt in config.filters:
                found = [filt(seg, fs) for seg, fs in zip(chunk, found)]
            for seg, fs, sc in zip(chunk, found, per_seg_scores):
                result = SegmentResult(seg, fs, sc)
                summary.add(result)
                for gate in config.gates:
                    gate.observe(result)
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
        for gate in config.gates:
            gate_notices, gate_failures = gate.finish(summary_dict, corpus_scores)
            notices.extend(gate_notices)
            notices.extend(gate_failures)
            if gate_failures:
                failed = True
                summary_dict.setdefault("gate_failures", []).extend(gate_failures)
        if engine.unused_suppressions:
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


def batch_detectors(scorers: Sequence[Any]) -> list[BatchDetector]:
    """The scorers that also find (the model scorer): its findings come from
    the models it scores with, so one object does both, on the same chunk."""
    return [s for s in scorers if isinstance(s, BatchDetector)]


def score_chunk(
    engine: Engine, scorers: Sequence[Any], chunk: Sequence[Segment], found: list[tuple[Finding, ...]]
) -> tuple[list[tuple[Finding, ...]], list[dict[str, Any]]]:
    """One chunk's batch (model) findings, finished with the rules' reported
    ones, and its scores (MQM, then each scorer's) resting on them all: the
    same here and on a Dask worker (`distributed.check_bag`)."""
    found = engine.detect_batches(chunk, found)
    per_seg_scores: list[dict[str, Any]] = [
        {"mqm": mqm_score(penalty(fs), source_words(seg.source))} for seg, fs in zip(chunk, found)
    ]
    for scorer in scorers:
        for acc, sc in zip(per_seg_scores, scorer.score(chunk, found)):
            acc.update(sc)
    return found, per_seg_scores
