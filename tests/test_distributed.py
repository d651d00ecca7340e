"""The Dask backend equals the local run (tested on an in-process LocalCluster)."""

import json

import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from mtqa.cli import app  # noqa: E402
from mtqa.distributed import check_bag, check_dask, read_shard, segments_bag, shard_paths  # noqa: E402
from mtqa.io import InputError  # noqa: E402
from mtqa.pipeline import CheckConfig, check_segments  # noqa: E402
from test_jobs import corpus  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                      dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def client(cluster):
    with Client(cluster) as c:
        yield c


def write_shards(folder, segments, sizes):
    folder.mkdir(exist_ok=True)
    paths, i = [], 0
    for n, size in enumerate(sizes):
        p = folder / f"part-{n:03d}.jsonl"
        with open(p, "w", encoding="utf-8") as fh:
            for seg in segments[i:i + size]:
                fh.write(json.dumps({"id": seg.id, "source": seg.source, "target": seg.target, "doc": seg.doc},
                                    ensure_ascii=False) + "\n")
        i += size
        paths.append(str(p))
    return paths


def reports(tmp_path, name):
    return [("jsonl", str(tmp_path / f"{name}.jsonl")), ("json", str(tmp_path / f"{name}.json"))]


def test_dask_run_equals_local_run(tmp_path, client):
    segs = corpus(900)
    # Uneven shards; documents (37 segments each) span shard boundaries.
    paths = write_shards(tmp_path / "shards", segs, [100, 300, 50, 450])
    local_cfg = CheckConfig(outputs=reports(tmp_path, "local"), models=False, fail_on="never")
    local = check_segments((s for p in paths for s in read_shard(p)), local_cfg, inputs={"source": "x"})
    dask_cfg = CheckConfig(outputs=reports(tmp_path, "dask"), models=False, fail_on="never")
    remote = check_dask(str(tmp_path / "shards"), None, dask_cfg, inputs={"source": "x"}, scheduler=client)
    for (_, a), (_, b) in zip(local_cfg.outputs, dask_cfg.outputs):
        assert open(a, "rb").read() == open(b, "rb").read()
    assert local.summary == remote.summary and local.exit_code == remote.exit_code
    assert local.summary["segments"] == 900 and local.summary["findings"] > 100
    assert {"S101", "S102"} <= set(local.summary["by_code"])  # document state crossed shards


def test_check_bag_equals_local_when_documents_stay_in_shards(tmp_path, client):
    segs = corpus(37 * 6)
    paths = write_shards(tmp_path / "docs", segs, [37 * 2, 37, 37 * 3])
    results = check_bag(segments_bag(paths)).compute()
    local_cfg = CheckConfig(outputs=[("jsonl", str(tmp_path / "l.jsonl"))], models=False, fail_on="never")
    check_segments((s for p in paths for s in read_shard(p)), local_cfg)
    local = [json.loads(line) for line in open(tmp_path / "l.jsonl", encoding="utf-8")]
    assert [r.to_dict() for r in results] == local
    # shard_documents=True checks that no document spans two shards.
    cfg = CheckConfig(outputs=[("jsonl", str(tmp_path / "s.jsonl"))], models=False, fail_on="never")
    check_dask(paths, None, cfg, scheduler=client, shard_documents=True)
    assert open(tmp_path / "s.jsonl", "rb").read() == open(tmp_path / "l.jsonl", "rb").read()
    spanning = write_shards(tmp_path / "span", segs, [50, 172])
    with pytest.raises(ValueError, match="continues from"):
        check_dask(spanning, None, CheckConfig(outputs=[("jsonl", str(tmp_path / "x.jsonl"))], models=False),
                   scheduler=client, shard_documents=True)
    assert not (tmp_path / "x.jsonl").exists()


def test_parquet_shards(tmp_path, client):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    segs = corpus(120)
    folder = tmp_path / "pq"
    folder.mkdir()
    for n in range(2):
        part = segs[n * 60:(n + 1) * 60]
        pq.write_table(pa.table({"id": [s.id for s in part], "source": [s.source for s in part],
                                 "target": [s.target for s in part], "doc": [s.doc for s in part]}),
                       folder / f"p{n}.parquet")
    results = check_bag(segments_bag(str(folder / "*.parquet"))).compute()
    assert [r.segment.id for r in results] == [s.id for s in segs]
    assert sum(len(r.findings) for r in results) > 10


def test_bad_shards_are_input_errors(tmp_path, client):
    with pytest.raises(InputError, match="no shards"):
        shard_paths(str(tmp_path / "*.jsonl"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"source": "a", "target": "b"}\n{"source": 1}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        check_dask([str(bad)], None, CheckConfig(outputs=[("jsonl", str(tmp_path / "o.jsonl"))]), scheduler=client)
    assert not (tmp_path / "o.jsonl").exists()


def test_cli_engine_dask(tmp_path, cluster, monkeypatch):
    monkeypatch.setenv("MTQA_DASK_CONNECT_TIMEOUT", "1s")
    segs = corpus(100)
    paths = write_shards(tmp_path / "cli", segs, [40, 60])
    out = tmp_path / "o.jsonl"
    res = CliRunner().invoke(app, ["check", str(tmp_path / "cli" / "*.jsonl"), "--engine", "dask", "--scheduler",
                                   cluster.scheduler_address, "--no-models", "-f", "jsonl", "-o", str(out),
                                   "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [s.id for s in segs]
    res = CliRunner().invoke(app, ["check", paths[0], "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1",
                                   "--no-models"])
    assert res.exit_code == 2 and "cannot connect" in res.output
    res = CliRunner().invoke(app, ["check", paths[0], "x", "--engine", "dask", "--no-models"])
    assert res.exit_code == 2 and "not a SOURCE TARGET pair" in res.output


def test_cli_engine_dask_baseline_and_thresholds(tmp_path, cluster, monkeypatch):
    # The CI features work past one machine too: a baseline written by a
    # Dask run hides its findings in the next Dask run, and config-file
    # thresholds gate the exit code.
    monkeypatch.chdir(tmp_path)
    segs = corpus(100)
    write_shards(tmp_path / "b", segs, [40, 60])
    shards = str(tmp_path / "b" / "*.jsonl")
    common = ["--executor", "dask", "--scheduler", cluster.scheduler_address, "--no-models"]
    base = tmp_path / "base.json"
    res = CliRunner().invoke(app, ["check", shards, *common, "-f", "json", "-o", str(tmp_path / "first.json"),
                                   "--write-baseline", str(base)])
    assert res.exit_code == 0, res.output
    first = json.loads((tmp_path / "first.json").read_text(encoding="utf-8"))
    assert first["summary"]["findings"] > 0 and base.is_file()
    res = CliRunner().invoke(app, ["check", shards, *common, "-f", "json", "-o", str(tmp_path / "second.json"),
                                   "--baseline", str(base)])
    assert res.exit_code == 0, res.output
    second = json.loads((tmp_path / "second.json").read_text(encoding="utf-8"))
    assert second["summary"]["findings"] == 0
    (tmp_path / "mtqa.toml").write_text('fail-on = "never"\n[thresholds]\nmin-mqm = 99.9\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["check", shards, *common, "-f", "json", "-o", str(tmp_path / "third.json")])
    assert res.exit_code == 1, res.output
    third = json.loads((tmp_path / "third.json").read_text(encoding="utf-8"))
    assert third["summary"]["thresholds"]["passed"] is False


def test_local_cluster_sizes_model_workers_by_memory(monkeypatch):
    import types

    import psutil

    from mtqa.distributed import MODEL_WORKER_BYTES, local_workers

    monkeypatch.setattr("mtqa.parallel.default_jobs", lambda: 16)
    monkeypatch.delenv("MTQA_THREADS", raising=False)
    assert local_workers(40, models=False) == (16, {})
    assert local_workers(3, models=False) == (3, {})
    # Each model worker loads its own copy of the models: as many as memory holds, the cores split among them.
    monkeypatch.setattr(psutil, "virtual_memory", lambda: types.SimpleNamespace(available=2.5 * MODEL_WORKER_BYTES))
    assert local_workers(40, models=True) == (2, {"MTQA_THREADS": "8"})
    monkeypatch.setattr(psutil, "virtual_memory", lambda: types.SimpleNamespace(available=MODEL_WORKER_BYTES // 2))
    assert local_workers(40, models=True) == (1, {"MTQA_THREADS": "16"})
    monkeypatch.setenv("MTQA_THREADS", "3")  # the user's setting stands
    assert local_workers(40, models=True) == (1, {})
