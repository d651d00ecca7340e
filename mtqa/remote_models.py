"""Model scores past one machine (mtqa/distributed.py): the worker side that
loads the models once per process, and the client side of `check_dask`.

Nothing here scores anything itself: a worker runs the local ModelScorer
(mtqa/scorers/estimator.py) with a score cache in front of its own (`KeptScores`)
that keeps the raw signals of the task at hand, so the values a worker sends
back are exactly those the local path caches, keyed the same way (the
models' id and `cache.text_key(source, target)`). The client, for each shard:

1. looks its segments up in its own score cache, under the workers' model id;
2. sends only the misses (unique texts) to a worker, which scores them in
   length-sorted batches of BLOCK segments;
3. caches what comes back, under the id of the models that computed it, and
   hands the pipeline's ModelScorer a `KeptScores` holding the shard's
   signals, so the scorer's own `score()` turns them into scores, `quality`
   and model findings (every lookup a hit: no model loads on the client to
   score).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .cache import text_key
from .types import Segment

# The client's model settings that workers take over when the client has
# them set, so that workers load the models the client would. Others
# (MTQA_THREADS, a worker's own MTQA_DEVICE when the client sets none) stay
# each worker's business: a GPU worker picks CUDA by itself.
ENV = ("MTQA_ENCODER", "MTQA_LM", "MTQA_QE_MODEL", "MTQA_LM_DTYPE", "MTQA_DEVICE")
# Segments per scoring call on a worker, taken in length order: the models
# batch within a call by length under a token budget, so a block of similar
# lengths pads little; the block bounds the worker's memory.
BLOCK = 1024


@dataclass(frozen=True)
class ModelSpec:
    """What a worker needs to build the client's model scorer (picklable, hashable)."""

    settings: tuple[tuple[str, Any], ...]
    env: tuple[tuple[str, str], ...]
    cache: bool

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], *, cache: bool = True) -> "ModelSpec":
        items = tuple(sorted(settings.items()))
        env = tuple((k, os.environ[k]) for k in ENV if os.environ.get(k))
        return cls(items, env, cache)

    def kwargs(self) -> dict[str, Any]:
        return dict(self.settings)


class KeptScores:
    """A score cache in front of another (or of none) that keeps in memory
    what passes through it: the values it was given (`values`), those read
    from behind and those put into it. Same interface as cache.ScoreCache."""

    def __init__(self, behind: Any | None) -> None:
        self.behind = behind
        self.values: dict[tuple[str, str], Any] = {}

    def get_many(self, model: str, keys: Sequence[str]) -> list[Any | None]:
        out = [self.values.get((model, k)) for k in keys]
        missing = [i for i, v in enumerate(out) if v is None]
        if missing and self.behind is not None:
            for i, v in zip(missing, self.behind.get_many(model, [keys[i] for i in missing])):
                if v is not None:
                    out[i] = self.values[(model, keys[i])] = v
        return out

    def put_many(self, model: str, items: Iterable[tuple[str, Any]]) -> int:
        items = list(items)
        self.values.update(((model, k), v) for k, v in items)
        return self.behind.put_many(model, items) if self.behind is not None else len(items)

    # The model ids' record (ModelScorer reads and writes it on loading) is the cache's behind.
    def get_meta(self, name: str) -> Any | None:
        return self.behind.get_meta(name) if self.behind is not None else None

    def put_meta(self, name: str, value: Any) -> None:
        if self.behind is not None:
            self.behind.put_meta(name, value)


# ------------------------------------------------------------------ worker side

# One scorer per spec per worker process, built (models loaded) on its first
# task and kept: models load once per process, not per task. Tasks that use
# them take turns (torch already spreads one call over the process's threads).
_SCORERS: dict[ModelSpec, Any] = {}
_LOCK = threading.Lock()


class WorkerScorer:
    """A worker's ModelScorer for the task at hand, its signals kept in `kept`."""

    def __init__(self, scorer: Any, kept: KeptScores) -> None:
        self.scorer = scorer
        self.kept = kept

    def prefetch(self, segments: Sequence[Segment]) -> None:
        """Model signals for `segments` (cache hits or computed), in length-sorted blocks."""
        order = sorted(range(len(segments)), key=lambda i: len(segments[i].source) + len(segments[i].target))
        for b in range(0, len(order), BLOCK):
            self.scorer.signals([segments[i] for i in order[b:b + BLOCK]])

    def values(self, keys: Sequence[str]) -> list[Any]:
        """The kept signals for `keys`, under the models' id as it stands after scoring."""
        model_id = self.scorer.model_id
        return [self.kept.values[(model_id, k)] for k in keys]


def _scorer(spec: ModelSpec) -> Any:
    scorer = _SCORERS.get(spec)
    if scorer is None:
        for key, value in spec.env:
            os.environ[key] = value
        from .scorers.estimator import ModelScorer

        scorer = _SCORERS[spec] = ModelScorer(**spec.kwargs(), cache=spec.cache)
    return scorer


@contextlib.contextmanager
def worker_scorers(specs: Sequence[ModelSpec]) -> Iterator[list[WorkerScorer]]:
    """This process's scorers for `specs`, each with a fresh KeptScores in front
    of its own cache for the length of the block."""
    if not specs:
        yield []
        return
    with _LOCK:
        taken: list[tuple[WorkerScorer, Any]] = []
        try:
            for spec in specs:
                scorer = _scorer(spec)
                kept = KeptScores(scorer.cache)
                taken.append((WorkerScorer(scorer, kept), scorer.cache))
                scorer.cache = kept
            yield [w for w, _ in taken]
        finally:
            for w, own in taken:
                w.scorer.cache = own


def worker_model_id(spec: ModelSpec) -> str:
    """Worker task: the id of the models this worker scores with (their cache key)."""
    with _LOCK:
        return _scorer(spec).model_id


def score_pairs(spec: ModelSpec, pairs: Sequence[tuple[str, str]]) -> tuple[str, list[Any]]:
    """Worker task: (model id, raw signals per (source, target) pair)."""
    segments = [Segment(str(i), s, t) for i, (s, t) in enumerate(pairs)]
    with worker_scorers((spec,)) as (worker,):
        worker.prefetch(segments)
        return worker.scorer.model_id, worker.values([text_key(s, t) for s, t in pairs])


# ------------------------------------------------------------------ client side


class _Remote:
    """One model scorer of the client's run, fed from the workers."""

    def __init__(self, client: Any, scorer: Any) -> None:
        self.client = client
        self.scorer = scorer
        self.own = scorer.cache
        self.spec = ModelSpec.from_settings(scorer.settings(), cache=self.own is not None)
        self.kept = KeptScores(self.own)
        scorer.cache = self.kept
        self._worker_id: str | None = None
        self._warned = False

    def worker_id(self) -> str:
        # Asked when the first shard is back, not before: the shard tasks are
        # queued by then, and a worker that ran before knows the id from its
        # own cache's record without loading a model.
        if self._worker_id is None:
            self._worker_id = self.client.submit(worker_model_id, self.spec, pure=False).result()
        return self._worker_id

    def request(self, segments: Sequence[Segment]) -> tuple:
        keys = [text_key(s.source, s.target) for s in segments]
        if not keys:
            return keys, [], [], None
        model_id = self.worker_id()
        hits = self.own.get_many(model_id, keys) if self.own is not None else [None] * len(keys)
        todo: dict[str, tuple[str, str]] = {}
        for key, seg, value in zip(keys, segments, hits):
            if value is None:
                todo.setdefault(key, (seg.source, seg.target))
        future = self.client.submit(score_pairs, self.spec, list(todo.values()), pure=False) if todo else None
        return keys, hits, list(todo), future

    def receive(self, request: tuple) -> None:
        keys, hits, todo, future = request
        fresh: dict[str, Any] = {}
        if future is not None:
            model_id, values = future.result()
            fresh = dict(zip(todo, values))
            if self.own is not None:
                self.own.put_many(model_id, fresh.items())
            self._check(model_id)
        mine = self.scorer.model_id
        self.kept.values = {(mine, k): (v if v is not None else fresh[k]) for k, v in zip(keys, hits)}

    def _check(self, model_id: str) -> None:
        if model_id != self.scorer.model_id and not self._warned:
            self._warned = True
            print(f"mtqa: warning: the workers score with {model_id}, this machine would use "
                  f"{self.scorer.model_id}; the scores are the workers' (cached under their id)", file=sys.stderr)

    def detach(self) -> None:
        self.scorer.cache = self.own


class ClientModels:
    """The model scorers of a Dask run, fed shard by shard from the workers."""

    def __init__(self, remotes: list[_Remote]) -> None:
        self.remotes = remotes

    @classmethod
    def attach(cls, client: Any, scorers: Sequence[Any]) -> "ClientModels":
        """Model scorers among `scorers` read their signals from the workers until detach()."""
        from .scorers.estimator import ModelScorer

        return cls([_Remote(client, s) for s in scorers if isinstance(s, ModelScorer)])

    def request(self, segments: Sequence[Segment]) -> list[tuple]:
        """Send a shard's cache misses to the workers (returns at once)."""
        return [r.request(segments) for r in self.remotes]

    def receive(self, requests: list[tuple]) -> None:
        """Wait for a shard's signals; the scorers answer from them until the next shard."""
        for remote, request in zip(self.remotes, requests):
            remote.receive(request)

    @staticmethod
    def cancel(requests: list[tuple] | None) -> None:
        for request in requests or ():
            if request[3] is not None:
                request[3].cancel()

    def detach(self) -> None:
        for remote in self.remotes:
            remote.detach()
