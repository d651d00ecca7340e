"""Executors: who runs the rule detectors. Serial (`--jobs 1`), a process pool
(`--jobs N`, here) or a Dask cluster (mtqa/distributed.py); the pipeline
takes one (`check_segments(..., executor=...)`) and sees the same stream of
(chunk, findings) from each.

`--jobs N`: the rule detectors over a process pool, results in input order.

Chunks of segments go to N worker processes; at most a few chunks per worker
are in flight, so memory stays bounded on any input size, and results are
taken back in submission order, so every report is byte-identical to
`--jobs 1`.

Detectors with document state (those that override `reset()`) see segments
in input order and must see a whole document; a pair of line-aligned files is
a single document, so documents cannot be split over workers in general.
Those detectors therefore run in the parent process, in order, while the
stateless ones run in the workers; the parent merges both lists and applies
severities, suppressions and the final sort exactly as the serial engine
does (`Finisher`: the one merge, which the Dask executor uses too).
"""

from __future__ import annotations

import collections
import contextlib
import copy
import itertools
import multiprocessing
import os
import signal
from typing import Any, Iterable, Iterator, Protocol, Sequence

from .engine import Engine, has_document_state
from .types import Finding, Segment

# (chunk, finished findings per segment): what an executor yields.
Found = tuple[list[Segment], list[tuple[Finding, ...]]]

# Chunks submitted per worker ahead of the one being consumed.
AHEAD = 4

_WORKER: Engine | None = None


def _init_worker(specs: list[tuple[str, dict[str, Any]]], time_budget: float | None) -> None:
    # Ctrl-C goes to the whole process group: the parent handles it and
    # terminates the pool, workers must not print their own tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from .detectors import REGISTRY

    global _WORKER
    _WORKER = Engine([REGISTRY[code] for code, _ in specs], options={code: opts for code, opts in specs},
                     time_budget=time_budget)


def _work(chunk: list[Segment]) -> tuple[list[list[Finding]], int]:
    engine = _WORKER
    assert engine is not None
    before = engine.internal_errors
    raw = engine.detect_many(chunk)
    return raw, engine.internal_errors - before


def pool_context() -> Any:
    """The multiprocessing context for worker pools: forkserver where there is
    one, its workers ignoring SIGINT from birth (see mtqa._sigint_ignored)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["mtqa._sigint_ignored"])
        return ctx
    return multiprocessing.get_context("spawn")


def default_jobs() -> int:
    """Cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# `--jobs 0` runs one process below this many segments: starting a pool (a
# forkserver, then workers that each import mtqa and build their detectors)
# costs about what one process spends checking this many segments, and a
# pool cannot win that back on a small input.
AUTO_MIN_SEGMENTS = 3000


def free_cores() -> int:
    """Cores this process may use less those other processes keep busy, by
    the 1-minute load average (rounded to the nearest core; at least 1). On
    a machine shared with busy processes, extra workers only take turns with
    them on the same cores while paying for the pool: none are started."""
    n = default_jobs()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - not Unix
        return n
    return max(1, min(n, int(n - load + 0.5)))


def auto_jobs(chunks: Iterable[list[Segment]]) -> tuple[int, Iterator[list[Segment]]]:
    """`--jobs 0`: (workers, the same chunks). One worker per free core, and
    one process when fewer than two cores are free or the input is smaller
    than AUTO_MIN_SEGMENTS (read ahead up to that many segments to know)."""
    it = iter(chunks)
    jobs = free_cores()
    if jobs <= 1:
        return 1, it
    head: list[list[Segment]] = []
    seen = 0
    for chunk in it:
        head.append(chunk)
        seen += len(chunk)
        if seen >= AUTO_MIN_SEGMENTS:
            break
    if seen < AUTO_MIN_SEGMENTS:
        jobs = 1
    return jobs, itertools.chain(head, it)


class Executor(Protocol):
    """Runs the rule detectors for the pipeline: (chunk, finished findings per
    segment) for each chunk, in input order. Internal errors and unused
    suppressions are counted on `engine`. An executor whose segments come
    from elsewhere (the Dask one reads shards on its workers) ignores `chunks`."""

    def run(self, engine: Engine, chunks: Iterable[list[Segment]]) -> Iterator[Found]: ...


class SerialExecutor:
    """Every detector in this process (`--jobs 1`)."""

    def run(self, engine: Engine, chunks: Iterable[list[Segment]]) -> Iterator[Found]:
        for chunk in chunks:
            yield chunk, engine.findings_many(chunk)


class Finisher:
    """The one merge of findings computed elsewhere (pool or cluster workers)
    with those of the detectors that stay here.

    Detectors with document state must see a whole document in input order,
    so they run here, in order, on a shallow copy of the engine (same
    severities, same suppression list): `engine.detectors` stays whole for
    callers that read it while results stream (model findings). Severity
    overrides, suppressions and the final sort are then applied exactly as the
    serial engine does (`Engine.finish`)."""

    def __init__(self, engine: Engine, remote: Sequence[Any]) -> None:
        self.engine = engine
        self.here = copy.copy(engine)
        away = {id(d) for d in remote}
        self.here.detectors = [d for d in engine.detectors if id(d) not in away]

    def finish(self, chunk: list[Segment], raw: list[list[Finding]], errors: int = 0) -> list[tuple[Finding, ...]]:
        """`raw`: the remote detectors' findings per segment (extended in place)."""
        engine = self.engine
        engine.internal_errors += errors
        if self.here.detectors:
            for remote_findings, local_findings in zip(raw, self.here.detect_many(chunk)):
                remote_findings.extend(local_findings)
            engine.internal_errors += self.here.internal_errors
            self.here.internal_errors = 0
        return [engine.finish(seg, fs) for seg, fs in zip(chunk, raw)]


def stateless(engine: Engine) -> list[Any]:
    """The engine's detectors without document state: those that may run anywhere."""
    return [d for d in engine.detectors if not has_document_state(type(d))]


class PoolExecutor:
    """`--jobs N` (0 = auto): stateless detectors in N worker processes."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs

    def run(self, engine: Engine, chunks: Iterable[list[Segment]]) -> Iterator[Found]:
        jobs = self.jobs
        if jobs == 0:
            jobs, chunks = auto_jobs(chunks)
        remote = stateless(engine)
        if jobs <= 1 or not remote:
            yield from SerialExecutor().run(engine, chunks)
            return
        specs = [(d.code, dict(d.options)) for d in remote]
        finisher = Finisher(engine, remote)
        pool = pool_context().Pool(jobs, initializer=_init_worker, initargs=(specs, engine.time_budget))
        try:
            pending: collections.deque = collections.deque()
            it = iter(chunks)
            exhausted = False
            while True:
                while not exhausted and len(pending) < jobs * AHEAD:
                    chunk = next(it, None)
                    if chunk is None:
                        exhausted = True
                        break
                    pending.append((chunk, pool.apply_async(_work, (chunk,))))
                if not pending:
                    break
                chunk, handle = pending.popleft()
                raw, errors = handle.get()
                yield chunk, finisher.finish(chunk, raw, errors)
            pool.close()
            pool.join()
        except BaseException:
            # Unwinding (Ctrl-C, SIGTERM, a consumer that stopped reading):
            # the pool goes down with the run, and an error while tearing it
            # down must not replace why the run ends (an interruption would
            # become a traceback and exit 1 instead of one line and exit 2).
            with contextlib.suppress(Exception):
                pool.terminate()
            raise
        pool.terminate()


def executor_for(jobs: int) -> Executor:
    """The executor `--jobs` names: serial for 1, a process pool otherwise."""
    return SerialExecutor() if jobs == 1 else PoolExecutor(jobs)


def run_chunks(engine: Engine, chunks: Iterable[list[Segment]], jobs: int = 1) -> Iterator[Found]:
    """(chunk, findings per segment) for each chunk, in input order, with `jobs` workers."""
    return executor_for(jobs).run(engine, chunks)
