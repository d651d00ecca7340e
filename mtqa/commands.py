"""What the CLI commands do. cli.py only maps arguments onto these functions."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import sys
import threading
from typing import Any, Callable, Iterator, Sequence

from .detectors import REGISTRY
from .errors import MtqaError, UsageError
# Format resolution lives in io.open, for check and fix alike; re-exported here
# for the callers that read inputs as `check` does.
from .io.open import open_segments
from .pipeline import FAIL_ON, CheckConfig, check_segments
from .ci import attach_ci, finish_run, run_with_progress
from .config import load_settings
from .report import FORMATTERS
from .types import Segment
from .io.errors import plural


def fail(message: str) -> int:
    print(f"mtqa: error: {message}", file=sys.stderr)
    return 2


_FR_WORDS = frozenset("le la les des du un une et est sont pas que qui dans pour sur avec au aux ce cette "
                      "il elle ils ont été leur mais par plus ne se son sa ses nous vous".split())
_EN_WORDS = frozenset("the and of to is are was were that which in for on with this it not have has be by "
                      "from will would their but an they he she its at as".split())
SWAP_SAMPLE = 50


def _looks(text: str) -> str | None:
    """"fr", "en" or None for one line, by its most common function words."""
    words = [w.lower() for w in text.replace("’", "'").replace("'", " ").split()]
    if len(words) < 3:
        return None
    fr = sum(w in _FR_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if fr == en:
        return None
    return "fr" if fr > en else "en"


def guard_swapped(segments: Iterator[Segment], source: str, target: str | None, force: bool) -> Iterator[Segment]:
    """Refuse (exit 2) when most of SOURCE looks English and most of TARGET
    French: the arguments are swapped, and every line would get a critical
    U201. Reads ahead a few segments; `force` checks anyway."""
    import itertools

    segments = iter(segments)
    if force:
        return segments
    head = list(itertools.islice(segments, SWAP_SAMPLE))
    src = [_looks(seg.source) for seg in head]
    tgt = [_looks(seg.target) for seg in head]
    n = len(head)
    if n and src.count("en") * 2 > n and tgt.count("fr") * 2 > n:
        what = f"SOURCE ({source}) looks English and TARGET ({target}) French" if target else \
            f"{source}: the source side looks English and the target side French"
        raise UsageError(f"{what}: are the arguments swapped? (--force to check anyway)")
    return itertools.chain(head, segments)


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


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an interruption so that reports are cleaned up."""


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C: temporary report files are removed and the
    run ends with one line, not a traceback. Signal handlers can only be set in
    the main thread; elsewhere (an embedding app) SIGTERM keeps its default."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_term(signum: int, frame: Any) -> None:
        raise Terminated("terminated by SIGTERM")

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interruptible(func: Callable[..., int]) -> Callable[..., int]:
    """Run a command with SIGTERM treated as Ctrl-C: one line, exit 2, no report left."""

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> int:
        try:
            with _terminate_as_interrupt():
                return func(*args, **kwargs)
        except KeyboardInterrupt as exc:
            what = exc.args[0] if exc.args else "interrupted"
            return fail(f"{what}; no report was written")

    return run


@_interruptible
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
    engine: str = "local",
    scheduler: str | None = None,
    config_file: str | None = None,
    baseline: str | None = None,
    write_baseline: str | None = None,
    verbosity: int = 0,
    glossary: str | None = None,
    model_options: dict[str, Any] | None = None,
    force: bool = False,
    doc_ids: str | None = None,
) -> int:
    try:
        # Project config ([tool.mtqa] / mtqa.toml); command-line flags win.
        settings = load_settings(config_file)
        if settings.path and verbosity > 0:
            print(f"mtqa: using config {settings.path}", file=sys.stderr)
        fail_on = fail_on or settings.fail_on or "major"
        select = select or settings.select
        ignore = ignore or settings.ignore
        formats = formats or settings.formats
        report_dir = report_dir or settings.report_dir
        if models and settings.models is False:
            models = False
        baseline = baseline or settings.baseline
        if jobs < 0:
            raise UsageError(f"--jobs must be 0 (one per core) or more, not {jobs}")
        if time_budget is not None and time_budget < 0:
            raise UsageError(f"--time-budget must be 0 (no budget) or more seconds, not {time_budget:g}")
        if engine not in ("local", "dask"):
            raise UsageError(f"--engine must be local or dask, not {engine!r}")
        if fail_on not in FAIL_ON:
            raise UsageError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        config = CheckConfig(
            select=split_codes(select),
            ignore=split_codes(ignore),
            fail_on=fail_on,
            outputs=parse_outputs(formats, outputs, report_dir),
            models=models,
            keep_going=keep_going,
            jobs=jobs,
            cache=cache,
        )
        if time_budget is not None:
            config.time_budget = time_budget or None
        glossary = glossary or getattr(settings, "glossary", None)
        if glossary:  # G101/G102 read it; a bad file ends here with FILE:LINE
            from .detectors.terminology import load_glossary

            entries = load_glossary(str(glossary))
            opts = dict(config.detector_options)
            for code in ("G101", "G102"):
                opts[code] = {**dict(opts.get(code, {})), "glossary": entries}
            config.detector_options = opts
        # Scores: sacrebleu with references; model signals + quality (or rules-only quality).
        from .scorers.build import build_scorers

        config.scorers = [*config.scorers, *build_scorers(models=models, cache=config.cache, **(model_options or {}))]
        writer = attach_ci(config, settings, fail_on=fail_on, baseline=baseline, write_baseline=write_baseline)
        inputs = {"source": source, "target": target, "reference": reference}
        if engine == "dask":
            from .distributed import check_dask

            from .io.text import split_encoding

            outcome = check_dask(source, target, config, inputs=inputs, scheduler=scheduler,
                                 input_format=input_format, encoding=split_encoding(encoding)[0])
            return finish_run(outcome, config, writer=writer, verbosity=verbosity)
        if scheduler:
            raise UsageError("--scheduler needs --engine dask")
        segments = guard_swapped(open_segments(
            source, target, reference, input_format=input_format, encoding=encoding, models=models,
            encoder=(model_options or {}).get("encoder"), doc_ids=doc_ids,
        ), source, target, force)
        return run_with_progress(segments, config, inputs, writer=writer, verbosity=verbosity)
    # MtqaError: the errors a user can cause. ValueError is still caught
    # because a user can still cause a few plain ones (listed in mtqa/errors.py).
    except (MtqaError, ValueError) as exc:
        return fail(str(exc))
    except BrokenPipeError:
        return 0


def split_codes(values: Sequence[str]) -> list[str]:
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
    from .codes import RESERVED_CODES

    rows += [
        {"code": code, "name": e.name, "category": e.category, "severity": e.severity, "fix": e.fix,
         "doc": f"(reserved: about the run, no MQM weight) {e.doc}", "reserved": e.reserved}
        for code, e in RESERVED_CODES.items()
    ]
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if fmt != "text":
        return fail(f"unknown --format {fmt!r} for rules; use text or json")
    for r in rows:
        print(f"{r['code']:<6} {r['name']:<28} {r['category']:<34} {r['severity']:<8} {r['fix']:<10} {r['doc']}")
    return 0


def explain(code: str, fmt: str = "text") -> int:
    """`mtqa explain CODE`: the rule's doc, severity reason, and its examples
    and traps run through the detector."""
    from .explain import explain_data, explain_text, find_rule

    if fmt not in ("text", "json"):
        return fail(f"unknown --format {fmt!r} for explain; use text or json")
    cls = find_rule(code)
    if cls is None:
        return fail(f"no rule {code!r}; `mtqa rules` lists them")
    data = explain_data(cls)
    if fmt == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(explain_text(data))
    return 0


def compare(
    systems: Sequence[str],
    reference: str,
    *,
    names: Sequence[str] = (),
    metrics: str = "bleu,chrf,ter",
    bootstrap: int = 1000,
    randomization: int = 10000,
    alpha: float = 0.05,
    fmt: str = "text",
    encoding: str = "utf-8",
) -> int:
    """`mtqa compare`: systems against the same references, with significance."""
    from .io.text import iter_lines
    from .scorers.compare import compare_systems, format_text

    try:
        if len(systems) < 2:
            raise UsageError(f"compare needs two or more system files, got {len(systems)}")
        if names and len(names) != len(systems):
            raise UsageError(f"{len(names)} --name values for {len(systems)} systems")
        if fmt not in ("text", "json"):
            raise UsageError(f"unknown --format {fmt!r} for compare; use text or json")
        if bootstrap < 1 or randomization < 1:
            raise UsageError("--bootstrap and --randomization must be at least 1")
        if not 0 < alpha < 1:
            raise UsageError(f"--alpha must be between 0 and 1, not {alpha:g}")
        wanted = [m.strip() for m in metrics.split(",") if m.strip()]
        bad = [m for m in wanted if m not in ("bleu", "chrf", "ter")]
        if bad or not wanted:
            raise UsageError(f"--metrics: unknown {', '.join(bad) or '(none)'}; use bleu, chrf, ter")
        refs = [t for _, t in iter_lines(reference, encoding)]
        loaded = []
        labels = list(names) or [os.path.basename(p) for p in systems]
        if len(set(labels)) != len(labels):
            labels = list(systems)
        for label, path in zip(labels, systems):
            hyps = [t for _, t in iter_lines(path, encoding)]
            if len(hyps) != len(refs):
                raise UsageError(f"{path} has {plural(len(hyps), 'line')} but {reference} has {len(refs)}")
            loaded.append((label, hyps))
        if not refs:
            raise UsageError(f"{reference}: no segments")
        results = compare_systems(loaded, refs, metrics=wanted, bootstrap=bootstrap,
                                  randomization=randomization, alpha=alpha)
    except (MtqaError, ValueError) as exc:  # ValueError: scorers/compare.py raises plain ones
        return fail(str(exc))
    if fmt == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print(format_text(results, wanted))
    return 0
