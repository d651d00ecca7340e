"""The default fluency LM reads only targets where ML101 can fire.

`ml101_possible` must be a necessary condition of `unlikely_spans`: if it
says no, no log-probabilities whatever could make ML101 fire, so skipping
the LM there changes no finding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.scorers.estimator import _WORD, ml101_possible, unlikely_spans

WORDS = ["the", "The", "a", "cat", "sat", "on", "mat", "he", "left", "end", "came", "rose", "again", "May",
         "Tuesday", "who", "share", "U.S.", "été", "Été", "l'été", "well-known", "future", "development", "3"]
SEPS = [" ", " ", " ", ". ", " . ", ", ", ".  ", "\n", " ; "]


@pytest.mark.parametrize("target", [
    "He spoke about the the future of the project.",
    "The minister spoke about the development. future of the region.",
    "Prices rose , rose again.".replace(" ,", ""),
    "They met on Tuesday . the talks went on.",
    "Elle a dit : été. été chaud",
])
def test_gate_opens_on_ml101_shapes(target):
    assert ml101_possible(target)


@pytest.mark.parametrize("target", [
    # Traps: repeats and periods that ML101 never reports.
    "The economy grew. Prices rose in May.",
    "The U.S. economy grew by 3.5 per cent.",
    "He said that, that was all.",  # comma between the words
    "The cat sat on the mat.",
    "Bora-Bora is far.",
])
def test_gate_stays_shut_elsewhere(target):
    assert not ml101_possible(target)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), min_size=4, max_size=12),
       st.sampled_from(["alternate", "all-low", "one-low"]))
def test_gate_is_a_necessary_condition(parts, shape):
    target = "".join(w + s for w, s in parts).strip()
    offsets = [(m.start(), m.end()) for m in _WORD.finditer(target)]
    n = len(offsets)
    if shape == "alternate":
        logprobs = [-40.0 if k % 2 else -0.01 for k in range(n)]
    elif shape == "all-low":
        logprobs = [-40.0] * n
    else:
        logprobs = [-0.01] * n
        if n:
            logprobs[n // 2] = -60.0
    if unlikely_spans(target, offsets, logprobs):
        assert ml101_possible(target), target


def test_default_lm_skips_targets_without_ml101_shapes(model_scorer_models):
    from mtqa.scorers.estimator import ModelScorer
    from mtqa.types import Segment

    scorer = ModelScorer()
    segs = [Segment("1", "Il a parlé de l'avenir.", "He spoke about the future."),
            Segment("2", "Il a parlé de l'avenir du projet à Ottawa.", "He spoke about the the future of the project in Ottawa.")]
    sig = scorer.signals(segs)
    assert sig[0]["tokens"].logprobs == () and sig[1]["tokens"].logprobs
    found = scorer.detect_batch(segs, [(), ()])
    rows = scorer.score(segs, [(), ()])
    assert rows[0]["fluency"] is None and rows[1]["fluency"] < 0
    assert "ML101" in [f.code for f in found[1]] and not found[0]
    assert "@ml101" in scorer.model_id
