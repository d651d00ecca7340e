"""Glue between the CLI and the pipeline for CI use: config settings,
baselines, score thresholds, progress and notices on stderr."""

from __future__ import annotations

import sys
from typing import Any, Iterable, Mapping

from .baseline import Baseline, BaselineWriter, check_writable
from .config import Settings, Thresholds
from .pipeline import CheckConfig, check_segments
from .progress import Progress
from .types import Segment
from .io.errors import plural


def attach_ci(
    config: CheckConfig,
    settings: Settings,
    *,
    fail_on: str,
    baseline: str | None = None,
    write_baseline: str | None = None,
) -> BaselineWriter | None:
    """Put the config file's severities, rule options and thresholds, and the
    baseline filter, onto a CheckConfig. Returns the baseline writer, if any."""
    if settings.severities:
        config.severities = {**settings.severities, **dict(config.severities)}
    if settings.rules:
        merged: dict[str, dict[str, Any]] = {k: dict(v) for k, v in settings.rules.items()}
        for k, v in dict(config.detector_options).items():
            merged.setdefault(k, {}).update(v)
        config.detector_options = merged
    config.formatter_options = {"fail_on": fail_on, **dict(config.formatter_options)}
    filters = list(config.filters)
    gates = list(config.gates)
    writer = None
    if write_baseline:
        check_writable(write_baseline)
        writer = BaselineWriter(write_baseline)
        filters.insert(0, writer)  # records every finding, before the old baseline hides any
    if baseline:
        base = Baseline(baseline)
        filters.append(base)
        gates.append(base)
    if settings.thresholds:
        gates.append(Thresholds(settings.thresholds))
    config.filters = filters
    config.gates = gates
    return writer


def _total(inputs: Mapping[str, Any]) -> int | None:
    from .io.text import count_lines, is_regular_file

    target = inputs.get("target")
    if target and is_regular_file(str(target)):
        try:
            return count_lines(str(target))
        except Exception:  # noqa: BLE001 - a progress total is a nicety
            return None
    return None


def run_with_progress(
    segments: Iterable[Segment],
    config: CheckConfig,
    inputs: Mapping[str, Any],
    *,
    writer: BaselineWriter | None = None,
    verbosity: int = 0,
) -> int:
    """check_segments with a progress line (stderr terminals only, not with
    --quiet), notices on stderr when no text report shows them, and the
    baseline written at the end. Returns the exit code."""
    progress = Progress()
    if verbosity < 0:
        progress.enabled = False
    elif progress.enabled:
        progress.total = _total(inputs)
    try:
        outcome = check_segments(segments, config, inputs=inputs, on_result=progress.update)
    finally:
        progress.close()
    return finish_run(outcome, config, writer=writer, verbosity=verbosity)


def finish_run(outcome: Any, config: CheckConfig, *, writer: BaselineWriter | None = None,
               verbosity: int = 0) -> int:
    """After a run (local or Dask): notices on stderr when no text report
    shows them, the summary line with -v, the baseline written. Returns the
    exit code."""
    text_on_stdout = any(fmt == "text" and path is None for fmt, path in config.outputs)
    if verbosity >= 0 and (not text_on_stdout or verbosity > 0):
        for line in outcome.notices:
            print(f"mtqa: {line}", file=sys.stderr)
    if verbosity > 0:
        s = outcome.summary
        print(f"mtqa: {plural(s.get('segments', 0), 'segment')}, {plural(s.get('findings', 0), 'finding')}, "
              f"exit {outcome.exit_code}",
              file=sys.stderr)
    if writer is not None:
        n = writer.write()
        if verbosity >= 0:
            print(f"mtqa: wrote {plural(n, 'finding')} to the baseline {writer.path}", file=sys.stderr)
        return 2 if outcome.exit_code == 2 else 0
    return outcome.exit_code
