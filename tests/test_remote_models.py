"""The score cache in front of a worker's or the client's own (mtqa/remote_models.py): no Dask needed."""

from mtqa.cache import ScoreCache
from mtqa.remote_models import KeptScores, ModelSpec


def test_kept_scores_keep_what_passes_and_write_through(tmp_path):
    own = ScoreCache(tmp_path / "s.sqlite3")
    own.put_many("m", [("a", {"similarity": 0.5})])
    kept = KeptScores(own)
    assert kept.get_many("m", ["a", "b"]) == [{"similarity": 0.5}, None]
    assert kept.values == {("m", "a"): {"similarity": 0.5}}
    kept.put_many("m", [("b", {"similarity": 0.25})])
    assert own.get_many("m", ["b"]) == [{"similarity": 0.25}]  # written through, keyed as given
    assert kept.get_many("other", ["a"]) == [None]  # the model id is part of the key
    kept.put_meta("fp", {"model_id": "m"})
    assert kept.get_meta("fp") == own.get_meta("fp") == {"model_id": "m"}
    # Without a cache behind: memory only, and no record of model ids.
    alone = KeptScores(None)
    alone.put_many("m", [("a", 1)])
    assert alone.get_many("m", ["a", "z"]) == [1, None]
    alone.put_meta("fp", {"model_id": "m"})
    assert alone.get_meta("fp") is None


def test_model_spec_carries_the_clients_model_settings(monkeypatch):
    monkeypatch.setenv("MTQA_QE_MODEL", "/models/qe")
    monkeypatch.delenv("MTQA_LM_DTYPE", raising=False)
    monkeypatch.setenv("MTQA_THREADS", "3")  # a worker's own business: not carried
    spec = ModelSpec.from_settings({"encoder": "e", "lm": None, "tier": "full"})
    assert dict(spec.env) == {"MTQA_QE_MODEL": "/models/qe"}
    assert spec.kwargs() == {"encoder": "e", "lm": None, "tier": "full"}
    # The same settings in another order: the same worker models.
    assert hash(spec) == hash(ModelSpec.from_settings({"tier": "full", "lm": None, "encoder": "e"}))
