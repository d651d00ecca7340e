"""Past one machine: the rule detectors and the models over a Dask cluster,
for sharded corpora.

A corpus is a list of shards: JSON Lines files (the `jsonl` reader's format)
or, when pyarrow is installed, Parquet files (mtqa/io/parquet.py). One shard
is one partition of a `dask.bag`.

Two ways in:

- `mtqa check 'shards/*.jsonl' --executor dask --scheduler tcp://HOST:8786`
  (or `check_dask`): workers read the shards and run the detectors; the
  client receives the results shard by shard, in shard order, and writes the
  reports exactly as a local run would (byte-identical without models).
  Detectors with document state run on the client, in order, as with
  `--jobs`, so documents may span shards. With models, the client looks up
  each shard's segments in its score cache and sends only the misses to the
  workers, whose model signals it caches under the workers' model id and
  turns into scores and model findings with the local code
  (mtqa/remote_models.py). Without `--scheduler` a local cluster is started.
- `check_bag(segments_bag(paths), models=...)`: a bag of `SegmentResult`s
  (findings, model findings, MQM and model scores) that stays on the cluster
  (e.g. `.map(to_dict).map(json.dumps).to_textfiles(...)`) for corpora whose
  results should not pass through one machine. Every detector runs on the
  workers, so each document must lie within one shard (state is reset at
  each shard); `check_bag` refuses nothing, `check_dask(...,
  shard_documents=True)` checks it and says which document spans shards.

Shards are taken in sorted path order, so that results are in a stable order.
"""

from __future__ import annotations

import collections
import glob
import os
import uuid
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .engine import Engine, select_detectors
from .errors import MtqaError
from .io import InputError
from .parallel import Finisher, Found, stateless
from .pipeline import CHUNK, CheckConfig, CheckOutcome, batch_detectors, check_segments, score_chunk
from .remote_models import ClientModels, ModelSpec, worker_scorers
from .types import Finding, Segment, SegmentResult

SHARD_EXTENSIONS = (".jsonl", ".ndjson", ".parquet")


def shard_paths(spec: str | Sequence[str]) -> list[str]:
    """Shard files from a glob, a folder (its .jsonl/.ndjson/.parquet files) or a list, sorted."""
    specs = [spec] if isinstance(spec, str) else list(spec)
    paths: list[str] = []
    for s in specs:
        if os.path.isdir(s):
            paths.extend(os.path.join(s, n) for n in os.listdir(s) if n.endswith(SHARD_EXTENSIONS))
        elif glob.has_magic(s):
            paths.extend(glob.glob(s))
        else:
            if not os.path.isfile(s):
                raise InputError(s, None, "no such file")
            paths.append(s)
    if not paths:
        raise InputError(", ".join(specs), None, "no shards (.jsonl, .ndjson or .parquet files) found")
    return sorted(dict.fromkeys(paths))


def read_shard(path: str, encoding: str = "utf-8") -> list[Segment]:
    """All segments of one shard (JSON Lines or Parquet)."""
    if path.endswith(".parquet"):
        from .io.parquet import read_parquet

        return read_parquet(path)
    from .io.jsonl import read_jsonl

    return list(read_jsonl(path, encoding=encoding))


def segments_bag(paths: str | Sequence[str], *, encoding: str = "utf-8") -> Any:
    """A dask.bag of Segments, one partition per shard, in sorted shard order."""
    import dask.bag as db

    files = shard_paths(paths)
    return db.from_sequence(files, npartitions=len(files)).map_partitions(_read_partition, encoding)


def _read_partition(paths: Iterable[str], encoding: str) -> list[Segment]:
    out: list[Segment] = []
    for p in paths:
        out.extend(read_shard(p, encoding))
    return out


@dataclass(frozen=True)
class _Spec:
    """What a worker needs to build its engine (picklable)."""

    codes: tuple[str, ...]
    options: Mapping[str, Mapping[str, Any]]
    time_budget: float | None

    def engine(self) -> Engine:
        from .detectors import REGISTRY

        return Engine([REGISTRY[c] for c in self.codes], options=self.options, time_budget=self.time_budget)


def _detect_shard(paths: Iterable[str], spec: _Spec, encoding: str) -> list[tuple]:
    """Worker side: one shard read and checked; raw findings come back with the segments."""
    engine = spec.engine()
    out = []
    for path in paths:
        segments = read_shard(path, encoding)
        raw: list[list[Finding]] = []
        for i in range(0, len(segments), CHUNK):
            raw.extend(engine.detect_many(segments[i:i + CHUNK]))
        out.append((path, segments, raw, engine.internal_errors))
        engine.internal_errors = 0
    return out


def check_bag(
    bag: Any,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    severities: Mapping[str, str] | None = None,
    models: bool | Mapping[str, Any] = False,
    cache: bool = True,
) -> Any:
    """A bag of SegmentResults computed on the workers: rule findings and
    MQM, and with `models` (True for the default models, or ModelScorer
    keyword arguments such as {"encoder": ..., "lm": ..., "tier": "fast"})
    the model scores and model findings too. Each worker process loads the
    models once and keeps its own score cache (`cache`, keyed as locally).

    Detector document state is reset at each partition: keep each document
    within one shard for results equal to a local run.
    """
    codes = tuple(d.code for d in select_detectors(select, ignore))
    specs: tuple[ModelSpec, ...] = ()
    if models:
        specs = (ModelSpec.from_settings({} if models is True else dict(models), cache=cache),)
    return bag.map_partitions(_results_partition, codes, dict(options or {}), dict(severities or {}), specs)


def _results_partition(segments: Iterable[Segment], codes, options, severities, specs=()) -> list[SegmentResult]:
    from .detectors import REGISTRY

    segments = list(segments)
    out = []
    with worker_scorers(specs) as scorers:
        for scorer in scorers:
            scorer.prefetch(segments)  # the whole shard, in length-sorted batches
        models = [s.scorer for s in scorers]
        engine = Engine([REGISTRY[c] for c in codes], options=options, severities=severities,
                        batch_detectors=batch_detectors(models))
        for i in range(0, len(segments), CHUNK):
            chunk = segments[i:i + CHUNK]
            found, scores = score_chunk(engine, models, chunk, engine.findings_many(chunk))
            out.extend(SegmentResult(seg, fs, sc) for seg, fs, sc in zip(chunk, found, scores))
    return out


class DaskExecutor:
    """The pipeline's executor for `--executor dask`: shards are read and checked
    on the workers, `window` shards in flight; the client finishes each chunk
    (parallel.Finisher) in shard order. Model scorers among `scorers` get
    their signals from the workers (mtqa/remote_models.py)."""

    def __init__(self, client: Any, paths: Sequence[str], *, scorers: Sequence[Any] = (),
                 encoding: str = "utf-8", shard_documents: bool = False, window: int | None = None) -> None:
        self.client = client
        self.paths = list(paths)
        self.scorers = list(scorers)
        self.encoding = encoding
        self.shard_documents = shard_documents
        self.window = window

    def run(self, engine: Engine, chunks: Iterable[list[Segment]] = ()) -> Iterator[Found]:
        client = self.client
        remote = list(engine.detectors) if self.shard_documents else stateless(engine)
        finisher = Finisher(engine, remote)
        spec = _Spec(tuple(d.code for d in remote), {d.code: dict(d.options) for d in remote}, engine.time_budget)
        models = ClientModels.attach(client, self.scorers)
        # Unique keys: a scheduler keeps results under their key, and a shard
        # file may change between two runs on one cluster.
        run = uuid.uuid4().hex
        ahead = self.window or max(2, 2 * len(client.scheduler_info().get("workers", {}) or [0]))
        # Each entry: [shard future, its model requests once the shard is back].
        pending: collections.deque = collections.deque()
        nxt = 0
        last_doc: tuple[str, Any] | None = None
        try:
            while nxt < len(self.paths) or pending:
                while nxt < len(self.paths) and len(pending) < ahead:
                    future = client.submit(_detect_shard, [self.paths[nxt]], spec, self.encoding,
                                           key=f"mtqa-{run}-{nxt}")
                    pending.append([future, None])
                    nxt += 1
                # Shards already back get their model misses sent now, so the
                # workers score them while the client finishes earlier shards
                # (a failed shard waits for its turn: errors surface in order).
                for entry in pending:
                    if models.remotes and entry[1] is None and entry[0].status == "finished":
                        entry[1] = models.request(_segments_of(entry[0].result()))
                future, requests = pending.popleft()
                results = future.result()
                if requests is None:
                    requests = models.request(_segments_of(results))
                models.receive(requests)
                for path, segments, raw, errors in results:
                    if self.shard_documents and segments:
                        first = segments[0].doc
                        if last_doc and first is not None and last_doc[1] == first:
                            raise ValueError(
                                f"{path}: document {first!r} continues from {last_doc[0]}; "
                                "with shard_documents=True keep each document within one shard"
                            )
                        last_doc = (path, segments[-1].doc)
                    for i in range(0, len(segments), CHUNK):
                        chunk = segments[i:i + CHUNK]
                        yield chunk, finisher.finish(chunk, raw[i:i + CHUNK], errors if i == 0 else 0)
        finally:
            for future, requests in pending:
                future.cancel()
                models.cancel(requests)
            models.detach()


def _segments_of(results: list[tuple]) -> list[Segment]:
    return [seg for _, segments, _, _ in results for seg in segments]


# Memory a worker process with the default models needs: 2.2 GB of models
# (README, Performance) plus rules and one shard in flight.
MODEL_WORKER_BYTES = 3 * 2**30


def local_workers(shards: int, *, models: bool) -> tuple[int, dict[str, str]]:
    """(worker processes, their environment) for the local cluster of
    `--executor dask` without `--scheduler`: one per core and shard, and with
    models no more than the available memory holds (each loads its own copy),
    the cores split between them for torch (MTQA_THREADS) unless it is set."""
    from .parallel import default_jobs

    cores = default_jobs()
    n = max(1, min(cores, shards))
    if not models:
        return n, {}
    import psutil  # a dependency of distributed

    n = max(1, min(n, int(psutil.virtual_memory().available // MODEL_WORKER_BYTES)))
    env = {} if os.environ.get("MTQA_THREADS") else {"MTQA_THREADS": str(max(1, cores // n))}
    return n, env


class DaskSetupError(MtqaError, ValueError):
    """`--executor dask` cannot start: wrong inputs, dask missing, scheduler unreachable."""


def check_dask(
    source: str | Sequence[str],
    target: str | None,
    config: CheckConfig,
    *,
    inputs: Mapping[str, Any] | None = None,
    scheduler: str | Any | None = None,
    input_format: str | None = None,
    encoding: str = "utf-8",
    shard_documents: bool = False,
    window: int | None = None,
) -> CheckOutcome:
    """`mtqa check --executor dask`: the same reports as a local run, computed on a cluster.

    `scheduler` is an address (tcp://host:8786), a `distributed.Client`, or
    None for a local cluster. `shard_documents=True` runs the detectors with
    document state on the workers too (faster for many shards) and refuses a
    document that spans two shards.
    """
    if target is not None:
        raise DaskSetupError("--executor dask reads sharded bilingual files (JSONL or Parquet), not a SOURCE TARGET pair")
    if input_format not in (None, "jsonl", "parquet"):
        raise DaskSetupError(f"--executor dask reads JSONL or Parquet shards, not {input_format!r}")
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskSetupError("--executor dask needs dask[distributed] (pip install 'mtqa[dask]')") from None

    paths = shard_paths(source)
    own_client = None
    cluster = None
    if scheduler is None:
        from .scorers.estimator import ModelScorer

        workers, env = local_workers(len(paths), models=any(isinstance(s, ModelScorer) for s in config.scorers))
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               env=env)
        client = own_client = Client(cluster)
    elif isinstance(scheduler, str):
        try:
            timeout = os.environ.get("MTQA_DASK_CONNECT_TIMEOUT", "30s")
            client = own_client = Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise DaskSetupError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
    else:
        client = scheduler
    try:
        executor = DaskExecutor(client, paths, scorers=config.scorers, encoding=encoding,
                                shard_documents=shard_documents, window=window)
        shown = dict(inputs) if inputs is not None else {"source": source, "target": None, "reference": None}
        return check_segments((), config, inputs=shown, executor=executor)
    finally:
        if own_client is not None:
            own_client.close()
        if cluster is not None:
            cluster.close()
