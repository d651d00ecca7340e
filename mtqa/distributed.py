"""Past one machine: the rule detectors over a Dask cluster, for sharded corpora.

A corpus is a list of shards: JSON Lines files (the `jsonl` reader's format)
or, when pyarrow is installed, Parquet files with `source` and `target`
columns (optional `id`, `reference`, `doc`, `note`). One shard is one
partition of a `dask.bag`.

Two ways in:

- `mtqa check 'shards/*.jsonl' --engine dask --scheduler tcp://HOST:8786`
  (or `check_dask`): workers read the shards and run the detectors; the
  client receives the results shard by shard, in shard order, and writes the
  reports exactly as a local run would (byte-identical). Detectors with
  document state run on the client, in order, as with `--jobs`, so documents
  may span shards. Without `--scheduler` a local cluster is started.
- `check_bag(segments_bag(paths))`: a bag of `SegmentResult`s that stays on
  the cluster (e.g. `.map(to_dict).map(json.dumps).to_textfiles(...)`) for
  corpora whose results should not pass through one machine. Every detector
  runs on the workers, so each document must lie within one shard (state is
  reset at each shard); `check_bag` refuses nothing, `check_dask(...,
  shard_documents=True)` checks it and says which document spans shards.

Shards are taken in sorted path order, so that results are in a stable order.
"""

from __future__ import annotations

import copy
import glob
import os
import uuid
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .engine import Engine, has_document_state, select_detectors
from .io import InputError
from .pipeline import CheckConfig, CheckOutcome, check_segments
from .scorers.mqm import penalty, score as mqm_score, source_words
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
        return _read_parquet(path)
    from .io.jsonl import read_jsonl

    return list(read_jsonl(path, encoding=encoding))


def _read_parquet(path: str) -> list[Segment]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(path, None, "reading Parquet needs pyarrow (pip install pyarrow)") from None
    try:
        table = pq.read_table(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for bad files
        raise InputError(path, None, f"not a readable Parquet file: {exc}") from None
    cols = set(table.column_names)
    for need in ("source", "target"):
        if need not in cols:
            raise InputError(path, None, f"no {need!r} column (columns: {', '.join(sorted(cols))})")
    data = {c: table.column(c).to_pylist() for c in ("id", "source", "target", "reference", "doc", "note") if c in cols}
    out = []
    for i in range(table.num_rows):
        row = i + 1
        src, tgt = data["source"][i], data["target"][i]
        if not isinstance(src, str) or not isinstance(tgt, str):
            raise InputError(path, f"row {row}", "'source' and 'target' must be strings")
        ref = data.get("reference", [None] * table.num_rows)[i]
        doc = data.get("doc", [None] * table.num_rows)[i]
        note = data.get("note", [None] * table.num_rows)[i]
        raw_id = data.get("id", [None] * table.num_rows)[i]
        out.append(Segment(
            id=str(raw_id if raw_id is not None else row), source=src, target=tgt,
            reference=ref if isinstance(ref, str) else None,
            doc=str(doc) if doc is not None else None, place=f"{path}:{row}",
            note=note if isinstance(note, str) else None,
        ))
    return out


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
        for i in range(0, len(segments), 256):
            raw.extend(engine.detect_many(segments[i:i + 256]))
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
) -> Any:
    """A bag of SegmentResults (rules and the MQM score) computed on the workers.

    Detector document state is reset at each partition: keep each document
    within one shard for results equal to a local run.
    """
    codes = tuple(d.code for d in select_detectors(select, ignore))
    return bag.map_partitions(_results_partition, codes, dict(options or {}), dict(severities or {}))


def _results_partition(segments: Iterable[Segment], codes, options, severities) -> list[SegmentResult]:
    from .detectors import REGISTRY

    engine = Engine([REGISTRY[c] for c in codes], options=options, severities=severities)
    segments = list(segments)
    out = []
    for i in range(0, len(segments), 256):
        chunk = segments[i:i + 256]
        for seg, fs in zip(chunk, engine.check_many(chunk)):
            out.append(SegmentResult(seg, fs, {"mqm": mqm_score(penalty(fs), source_words(seg.source))}))
    return out


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
    """`mtqa check --engine dask`: the same reports as a local run, computed on a cluster.

    `scheduler` is an address (tcp://host:8786), a `distributed.Client`, or
    None for a local cluster. `shard_documents=True` runs the detectors with
    document state on the workers too (faster for many shards) and refuses a
    document that spans two shards.
    """
    if target is not None:
        raise ValueError("--engine dask reads sharded bilingual files (JSONL or Parquet), not a SOURCE TARGET pair")
    if input_format not in (None, "jsonl", "parquet"):
        raise ValueError(f"--engine dask reads JSONL or Parquet shards, not {input_format!r}")
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ValueError("--engine dask needs dask[distributed] (pip install 'mtqa[dask]')") from None
    import dask

    paths = shard_paths(source)
    own_client = None
    cluster = None
    if scheduler is None:
        from .parallel import default_jobs

        cluster = LocalCluster(n_workers=max(1, min(default_jobs(), len(paths))), threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = own_client = Client(cluster)
    elif isinstance(scheduler, str):
        try:
            timeout = os.environ.get("MTQA_DASK_CONNECT_TIMEOUT", "30s")
            client = own_client = Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise ValueError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
    else:
        client = scheduler
    try:
        def found_chunks(engine: Engine) -> Iterator[tuple[list[Segment], list[tuple[Finding, ...]]]]:
            everything = engine.detectors
            remote = [d for d in everything if shard_documents or not has_document_state(type(d))]
            local = [d for d in everything if d not in remote]
            spec = _Spec(tuple(d.code for d in remote), {d.code: dict(d.options) for d in remote},
                         engine.time_budget)
            # Unique keys: a scheduler keeps results under their key, and a
            # shard file may change between two runs on one cluster.
            run = uuid.uuid4().hex
            tasks = [dask.delayed(_detect_shard)([p], spec, encoding, dask_key_name=f"mtqa-{run}-{i}")
                     for i, p in enumerate(paths)]
            ahead = window or max(2, 2 * len(client.scheduler_info().get("workers", {}) or [0]))
            pending: list[Any] = []
            nxt = 0
            last_doc: tuple[str, Any] | None = None
            # Detectors with document state run here, in order, on a shallow
            # copy: `engine.detectors` stays whole for the pipeline.
            here = copy.copy(engine)
            here.detectors = local
            try:
                while nxt < len(tasks) or pending:
                    while nxt < len(tasks) and len(pending) < ahead:
                        pending.append(client.compute(tasks[nxt]))
                        nxt += 1
                    future = pending.pop(0)
                    for path, segments, raw, errors in future.result():
                        engine.internal_errors += errors
                        if shard_documents and segments:
                            first = segments[0].doc
                            if last_doc and first is not None and last_doc[1] == first:
                                raise ValueError(
                                    f"{path}: document {first!r} continues from {last_doc[0]}; "
                                    "with shard_documents=True keep each document within one shard"
                                )
                            last_doc = (path, segments[-1].doc)
                        for i in range(0, len(segments), 256):
                            chunk = segments[i:i + 256]
                            part = raw[i:i + 256]
                            if local:
                                for fs, more in zip(part, here.detect_many(chunk)):
                                    fs.extend(more)
                                engine.internal_errors += here.internal_errors
                                here.internal_errors = 0
                            yield chunk, [engine.finish(s, fs) for s, fs in zip(chunk, part)]
            finally:
                for f in pending:
                    f.cancel()

        config.found_chunks = found_chunks
        shown = dict(inputs) if inputs is not None else {"source": source, "target": None, "reference": None}
        return check_segments((), config, inputs=shown)
    finally:
        config.found_chunks = None
        if own_client is not None:
            own_client.close()
        if cluster is not None:
            cluster.close()
