"""`--jobs N`: the rule detectors over a process pool, results in input order.

Chunks of segments go to N worker processes; at most a few chunks per worker
are in flight, so memory stays bounded on any input size, and results are
taken back in submission order, so every report is byte-identical to
`--jobs 1`.

Detectors with document state (those that override `reset()`) see segments
in input order and must see a whole document; a pair of line-aligned files is
a single document, so documents cannot be split over workers in general.
Those detectors therefore run in the parent process, in order, while the
stateless ones run in the workers; the parent merges both lists in detector
order and applies severities, suppressions and the final sort exactly as the
serial engine does.
"""

from __future__ import annotations

import collections
import copy
import itertools
import multiprocessing
import os
import signal
from typing import Any, Iterable, Iterator

from .engine import Engine, has_document_state
from .types import Finding, Segment

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


def run_chunks(
    engine: Engine, chunks: Iterable[list[Segment]], jobs: int = 1
) -> Iterator[tuple[list[Segment], list[tuple[Finding, ...]]]]:
    """(chunk, findings per segment) for each chunk, in input order.

    Internal errors and unused suppressions are counted on `engine` whatever
    the number of jobs.
    """
    if jobs == 0:
        jobs, chunks = auto_jobs(chunks)
    stateless = [d for d in engine.detectors if not has_document_state(type(d))]
    if jobs <= 1 or not stateless:
        for chunk in chunks:
            yield chunk, engine.check_many(chunk)
        return
    stateful = [d for d in engine.detectors if has_document_state(type(d))]
    specs = [(d.code, dict(d.options)) for d in stateless]
    ctx = pool_context()
    # The stateful detectors run here on a shallow copy of the engine (same
    # severities, suppression list), so `engine.detectors` stays whole for
    # callers that read it while results stream (e.g. model findings).
    parent = copy.copy(engine)
    parent.detectors = stateful
    pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(specs, engine.time_budget))
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
            engine.internal_errors += errors
            if stateful:
                for worker_findings, parent_findings in zip(raw, parent.detect_many(chunk)):
                    worker_findings.extend(parent_findings)
                engine.internal_errors += parent.internal_errors
                parent.internal_errors = 0
            found = [engine.finish(seg, fs) for seg, fs in zip(chunk, raw)]
            yield chunk, found
        pool.close()
        pool.join()
    finally:
        pool.terminate()
