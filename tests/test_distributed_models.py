"""`--executor dask` with models equals a local run (issue 18), on an in-process
LocalCluster with tiny random models built here (no network): a BERT as the
sentence encoder, a Llama as the LM (`--lm`, so every target is scored), a
Gemma 3 with the shipped head's width as the QE backbone (MTQA_QE_MODEL).

Findings must be identical. Scores may differ by batch composition only (a
worker scores a shard's misses in length-sorted blocks, a local run chunk by
chunk; padding changes float32 sums in the last bits): within TOLERANCE."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("distributed")
pytest.importorskip("torch")
pytest.importorskip("transformers")

from distributed import Client, LocalCluster  # noqa: E402

import mtqa.remote_models  # noqa: E402
from mtqa.distributed import check_bag, check_dask, read_shard, segments_bag  # noqa: E402
from mtqa.pipeline import CheckConfig, check_segments  # noqa: E402
from mtqa.scorers.build import build_scorers  # noqa: E402
from conftest import build_tiny_models  # noqa: E402
from test_distributed import write_shards  # noqa: E402
from test_jobs import EN, FR, corpus  # noqa: E402

# Absolute, on every per-segment and corpus score (quality is 0-100; the
# others are cosines, log-probabilities and probabilities).
TOLERANCE = 1e-3


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory):
    return build_tiny_models(tmp_path_factory.mktemp, FR + EN)


@pytest.fixture
def models_env(tiny_models, monkeypatch, tmp_path):
    monkeypatch.setenv("MTQA_QE_MODEL", tiny_models["qe"])
    monkeypatch.setenv("MTQA_LM_DTYPE", "float32")  # bf16 where the CPU has it: keep runs comparable
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "cache"))
    return tiny_models


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def scorers(models, cache):
    return build_scorers(models=True, encoder=models["encoder"], lm=models["lm"], cache=cache)


def config(tmp_path, name, models, cache=False):
    return CheckConfig(outputs=[("jsonl", str(tmp_path / f"{name}.jsonl")), ("json", str(tmp_path / f"{name}.json"))],
                       fail_on="never", cache=cache, scorers=scorers(models, cache))


def rows(path):
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def assert_close(a, b, where):
    assert a.keys() == b.keys(), where
    for k in a:
        if isinstance(a[k], float) or isinstance(b[k], float):
            assert abs(a[k] - b[k]) <= TOLERANCE, (where, k, a[k], b[k])
        elif isinstance(a[k], dict):
            assert_close(a[k], b[k], f"{where}.{k}")
        else:
            assert a[k] == b[k], (where, k)


def assert_same_run(local, remote):
    assert len(local) == len(remote)
    for x, y in zip(local, remote):
        assert x["findings"] == y["findings"], x["id"]
        assert_close(x["scores"], y["scores"], x["id"])


def test_dask_with_models_equals_local(tmp_path, client, models_env):
    segs = corpus(160)
    paths = write_shards(tmp_path / "shards", segs, [40, 80, 40])
    local_cfg = config(tmp_path, "local", models_env)
    local = check_segments((s for p in paths for s in read_shard(p)), local_cfg, inputs={"source": "x"})
    dask_cfg = config(tmp_path, "dask", models_env)
    remote = check_dask(paths, None, dask_cfg, inputs={"source": "x"}, scheduler=client)
    a, b = rows(tmp_path / "local.jsonl"), rows(tmp_path / "dask.jsonl")
    assert {"quality", "similarity", "fluency", "french", "mqm"} <= set(a[0]["scores"])
    assert all(r["scores"]["fluency"] is not None for r in a)  # --lm: every target went through the LM
    assert any(f["code"].startswith("ML") for r in a for f in r["findings"])  # model findings compared too
    assert_same_run(a, b)
    assert local.summary == remote.summary and local.exit_code == remote.exit_code
    assert_close(local.scores, remote.scores, "corpus")
    assert local.scores["quality_basis"] == "learned+rules"


# Module level, so that Dask pickles the task by reference and the in-process
# workers append to this very list (a closure would be copied).
SENT: list[int] = []
SCORE_PAIRS = mtqa.remote_models.score_pairs


def counting_score_pairs(spec, pairs):
    SENT.append(len(pairs))
    return SCORE_PAIRS(spec, pairs)


def test_dask_sends_only_what_the_client_cache_lacks(tmp_path, client, models_env, monkeypatch):
    sent = SENT
    sent.clear()
    monkeypatch.setattr(mtqa.remote_models, "score_pairs", counting_score_pairs)
    segs = corpus(80)
    paths = write_shards(tmp_path / "c", segs, [40, 40])
    # A local run fills the cache; a Dask run then sends nothing and agrees.
    check_segments((s for p in paths for s in read_shard(p)), config(tmp_path, "warm", models_env, cache=True))
    check_dask(paths, None, config(tmp_path, "cached", models_env, cache=True), scheduler=client)
    assert sent == []
    assert_same_run(rows(tmp_path / "warm.jsonl"), rows(tmp_path / "cached.jsonl"))
    # New texts are misses: only they go to the workers (once per unique pair).
    more = [s.__class__(f"m{s.id}", s.source, s.target + " Ottawa", doc=s.doc) for s in corpus(40)]
    paths = write_shards(tmp_path / "m", segs[:40] + more, [80])
    check_dask(paths, None, config(tmp_path, "more", models_env, cache=True), scheduler=client)
    assert sent == [len({(s.source, s.target) for s in more})]
    # What the workers scored is cached as a local run keys it: a local run now computes nothing.
    for loader in ("load_encoder", "load_lm", "load_qe"):
        monkeypatch.setattr(f"mtqa.models.{loader}", lambda *a, **k: pytest.fail("a model was loaded"))
    check_segments(read_shard(paths[0]), config(tmp_path, "after", models_env, cache=True))
    assert_same_run(rows(tmp_path / "more.jsonl"), rows(tmp_path / "after.jsonl"))


def test_check_bag_with_models_equals_local(tmp_path, client, models_env):
    segs = corpus(37 * 3)
    paths = write_shards(tmp_path / "docs", segs, [37 * 2, 37])  # documents stay within shards
    bag = check_bag(segments_bag(paths), models={"encoder": models_env["encoder"], "lm": models_env["lm"]},
                    cache=False)
    results = [r.to_dict() for r in bag.compute()]
    check_segments((s for p in paths for s in read_shard(p)), config(tmp_path, "l", models_env))
    assert_same_run(rows(tmp_path / "l.jsonl"), results)
    assert "quality" in results[0]["scores"] and "similarity" in results[0]["scores"]


def test_cli_engine_dask_with_models(tmp_path, client, models_env):
    from typer.testing import CliRunner

    from mtqa.cli import app

    segs = corpus(60)
    write_shards(tmp_path / "cli", segs, [30, 30])
    common = ["--encoder", models_env["encoder"], "--lm", models_env["lm"], "--no-cache", "--fail-on", "never",
              "-f", "jsonl"]
    whole = tmp_path / "all.jsonl"
    whole.write_text("".join(open(p, encoding="utf-8").read() for p in sorted((tmp_path / "cli").glob("*.jsonl"))),
                     encoding="utf-8")
    res = CliRunner().invoke(app, ["check", str(whole), *common, "-o", str(tmp_path / "local.jsonl")])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(app, ["check", str(tmp_path / "cli" / "*.jsonl"), "--engine", "dask", "--scheduler",
                                   client.scheduler.address, *common, "-o", str(tmp_path / "dask.jsonl")])
    assert res.exit_code == 0, res.output
    local, remote = rows(tmp_path / "local.jsonl"), rows(tmp_path / "dask.jsonl")
    assert "quality" in remote[0]["scores"] and "fluency" in remote[0]["scores"]
    assert_same_run(local, remote)
