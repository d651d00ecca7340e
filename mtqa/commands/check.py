"""`mtqa check`: flags and config merged once, the run built, progress,
notices, baselines and score thresholds (the CI side of a run)."""

from __future__ import annotations

import os
import sys
from typing import Any, Iterable, Mapping, Sequence

from ..baseline import Baseline, BaselineWriter, check_writable
from ..config import Thresholds, load_settings
from ..engine import DEFAULT_TIME_BUDGET
from ..errors import MtqaError, UsageError
from ..hooks import Filter, Gate
from ..io.errors import plural
from ..io.open import open_segments
from ..options import RunOptions, merge
from ..pipeline import CheckConfig, check_segments
from ..progress import Progress
from ..report import FORMATTERS
from ..types import Segment
from . import fail, guard_swapped, interruptible


@interruptible
def check(
    source: str,
    target: str | None,
    *,
    reference: str | None = None,
    formats: Sequence[str] = (),
    outputs: Sequence[str] = (),
    report_dir: str | None = None,
    fail_on: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    models: bool = True,
    input_format: str | None = None,
    encoding: Any = "utf-8",  # one name, or (source, target)
    keep_going: bool = False,
    jobs: int = 1,
    cache: bool = True,
    time_budget: float | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    config_file: str | None = None,
    baseline: str | None = None,
    write_baseline: str | None = None,
    verbosity: int = 0,
    glossary: str | None = None,
    model_options: dict[str, Any] | None = None,
    force: bool = False,
    doc_ids: str | None = None,
    options: Sequence[str] = (),
) -> int:
    try:
        settings = load_settings(config_file)
        if settings.path and verbosity > 0:
            print(f"mtqa: using config {settings.path}", file=sys.stderr)
        if jobs < 0:
            raise UsageError(f"--jobs must be 0 (one per core) or more, not {jobs}")
        if time_budget is not None and time_budget < 0:
            raise UsageError(f"--time-budget must be 0 (no budget) or more seconds, not {time_budget:g}")
        if executor not in ("local", "dask"):
            raise UsageError(f"--executor must be local or dask, not {executor!r}")
        opts = merge(settings, select=select, ignore=ignore, fail_on=fail_on, formats=formats,
                     report_dir=report_dir, models=models, baseline=baseline, glossary=glossary, options=options)
        report_outputs = parse_outputs(opts.formats, outputs, opts.report_dir)
        detector_options = {code: dict(v) for code, v in opts.rule_options.items()}
        if opts.glossary:  # G101/G102 read it; a bad file ends here with FILE:LINE
            from ..glossary import load_glossary

            entries = load_glossary(str(opts.glossary))
            for code in ("G101", "G102"):
                detector_options[code] = {**detector_options.get(code, {}), "glossary": entries}
        # Scores: sacrebleu with references; model signals + quality (or rules-only quality).
        from ..scorers.build import build_scorers

        scorers = tuple(build_scorers(models=opts.models, cache=cache, **(model_options or {})))
        filters, gates, writer = ci_hooks(opts, write_baseline=write_baseline)
        config = CheckConfig(
            select=opts.select,
            ignore=opts.ignore,
            fail_on=opts.fail_on,
            severities=dict(opts.severities),
            detector_options=detector_options,
            outputs=report_outputs,
            models=opts.models,
            keep_going=keep_going,
            scorers=scorers,
            filters=filters,
            formatter_options={"fail_on": opts.fail_on},
            jobs=jobs,
            time_budget=DEFAULT_TIME_BUDGET if time_budget is None else (time_budget or None),
            cache=cache,
            gates=gates,
        )
        inputs = {"source": source, "target": target, "reference": reference}
        if executor == "dask":
            from ..distributed import check_dask
            from ..io.text import split_encoding

            outcome = check_dask(source, target, config, inputs=inputs, scheduler=scheduler,
                                 input_format=input_format, encoding=split_encoding(encoding)[0])
            return finish_run(outcome, config, writer=writer, verbosity=verbosity)
        if scheduler:
            raise UsageError("--scheduler needs --executor dask")
        progress = Progress()
        if verbosity < 0:
            progress.enabled = False
        segments = guard_swapped(open_segments(
            source, target, reference, input_format=input_format, encoding=encoding, models=opts.models,
            encoder=(model_options or {}).get("encoder"), doc_ids=doc_ids, on_count=progress.set_total,
        ), source, target, force)
        return run_with_progress(segments, config, inputs, progress, writer=writer, verbosity=verbosity)
    except MtqaError as exc:
        return fail(str(exc))
    except BrokenPipeError:
        return 0


def parse_outputs(formats: Sequence[str], outputs: Sequence[str], report_dir: str | None) -> list[tuple[str, str | None]]:
    formats = list(formats) or ["text"]
    for fmt in formats:
        if fmt not in FORMATTERS:
            raise UsageError(f"unknown --format {fmt!r}; known: {', '.join(sorted(FORMATTERS))}")
    if len(outputs) > len(formats) or (outputs and len(outputs) < len(formats) and not report_dir):
        raise UsageError(
            f"{len(formats)} --format value{'s' if len(formats) != 1 else ''} ({', '.join(formats)}) for "
            f"{len(outputs)} -o path{'s' if len(outputs) != 1 else ''} ({', '.join(outputs)}): "
            "give one -o per --format (or --report-dir)")
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


def ci_hooks(opts: RunOptions, *, write_baseline: str | None = None
             ) -> tuple[tuple[Filter, ...], tuple[Gate, ...], BaselineWriter | None]:
    """The filters and gates of the baseline options and the score thresholds,
    and the baseline writer of --write-baseline, if any."""
    filters: list[Filter] = []
    gates: list[Gate] = []
    writer = None
    if write_baseline:
        check_writable(write_baseline)
        writer = BaselineWriter(write_baseline)
        filters.append(writer)  # records every finding, before the old baseline hides any
    if opts.baseline:
        base = Baseline(opts.baseline)
        filters.append(base)
        gates.append(base)
    if opts.thresholds:
        gates.append(Thresholds(opts.thresholds))
    return tuple(filters), tuple(gates), writer


def run_with_progress(
    segments: Iterable[Segment],
    config: CheckConfig,
    inputs: Mapping[str, Any],
    progress: Progress,
    *,
    writer: BaselineWriter | None = None,
    verbosity: int = 0,
) -> int:
    """check_segments with a progress line (stderr terminals only, not with
    --quiet; its total comes from the reader's own count), notices on stderr
    when no text report shows them, and the baseline written at the end.
    Returns the exit code."""
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
