"""The learned quality estimator: backbone states, heads, scorer integration.

A tiny random Gemma 3 is built here (no network); the shipped head is
checked for shape and loading, and the real backbone is exercised only when
its packages are installed."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

WORDS = ("the a cat dog sat on mat he she spoke about future of project . , le chat dort "
         "minister met delegation tuesday Original : English").split()


def _tokenizer(path):
    from conftest import word_tokenizer

    return word_tokenizer(path, WORDS, ("<pad>", "<unk>", "<bos>"), unk_token="<unk>", pad_token="<pad>",
                          bos_token="<bos>")


@pytest.fixture(scope="module")
def tiny_gemma(tmp_path_factory):
    import torch
    from transformers import Gemma3ForCausalLM, Gemma3TextConfig

    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("tiny-gemma")
    n = _tokenizer(path)
    cfg = Gemma3TextConfig(vocab_size=n, hidden_size=32, intermediate_size=64, num_hidden_layers=12,
                           num_attention_heads=2, num_key_value_heads=1, head_dim=16, max_position_embeddings=512,
                           sliding_window=64)
    Gemma3ForCausalLM(cfg).save_pretrained(path)
    return str(path)


@pytest.fixture(scope="module")
def backbone(tiny_gemma):
    from mtqa.models.qe import LAYERS, QEBackbone

    bb = QEBackbone(tiny_gemma, dtype="float32")
    assert len(bb.model.layers) == LAYERS  # truncated to the layers the head reads
    return bb


PAIRS = [
    ("le chat dort", "the cat sat on the mat ."),
    ("le chat", "the dog"),
    ("le chat dort le chat dort le chat dort", "he spoke about the future of the project , she met the minister"),
    ("", "the cat"),
]


def test_states_shapes_and_offsets(backbone):
    states = backbone.states(PAIRS)
    assert len(states) == len(PAIRS)
    for (src, tgt), st in zip(PAIRS, states):
        assert st.source_mean.shape == (backbone.hidden,) and st.target_mean.shape == (backbone.hidden,)
        assert st.target_states.shape == (len(st.target_offsets), backbone.hidden)
        # Offsets point at the target's own words.
        words = [tgt[a:b] for a, b in st.target_offsets]
        assert words == tgt.split()
        assert np.isfinite(st.target_states).all()
    # Source tokens read after the target (ML202): one state per source token,
    # offsets into the source, the same whatever the batch.
    rev = backbone.source_states(PAIRS)
    for (src, tgt), st, r in zip(PAIRS, states, rev):
        assert r.states.shape == (st.n_source_tokens, backbone.hidden)
        assert [src[a:b] for a, b in r.offsets] == src.split()
    alone = backbone.source_states(PAIRS[2:3])[0]
    np.testing.assert_allclose(alone.states, rev[2].states, atol=1e-4)
    # They have seen the target: another target, other source states.
    a, b = backbone.source_states([("le chat dort", "the cat"), ("le chat dort", "minister tuesday")])
    assert not np.allclose(a.states, b.states)


def test_states_are_deterministic_and_independent_of_batch_order(backbone):
    a = backbone.states(PAIRS)
    b = backbone.states(list(reversed(PAIRS)))[::-1]
    c = [backbone.states([p])[0] for p in PAIRS]
    for x, y, z in zip(a, b, c):
        np.testing.assert_allclose(x.target_mean, y.target_mean, atol=1e-5)
        np.testing.assert_allclose(x.target_mean, z.target_mean, atol=1e-4)
        np.testing.assert_allclose(x.source_mean, z.source_mean, atol=1e-4)


def test_states_by_depth_equal_a_backbone_cut_to_that_depth(backbone):
    """training/depth.py weighs layer counts from one pass: each depth's
    states must be what a backbone with that many layers would give."""
    import copy

    from mtqa.models.qe import LAYERS

    by_depth = backbone.states_by_depth(PAIRS, [3, LAYERS])
    src_by_depth = backbone.source_states_by_depth(PAIRS, [3, LAYERS])
    for a, b in zip(by_depth[LAYERS], backbone.states(PAIRS)):
        np.testing.assert_allclose(a.target_states, b.target_states, atol=1e-5)
        assert a.target_offsets == b.target_offsets and a.n_source_tokens == b.n_source_tokens
    for a, b in zip(src_by_depth[LAYERS], backbone.source_states(PAIRS)):
        np.testing.assert_allclose(a.states, b.states, atol=1e-5)
    cut = copy.copy(backbone)
    cut.model = copy.deepcopy(backbone.model)
    cut.model.layers = cut.model.layers[:3]
    cut.model.config.num_hidden_layers = 3
    cut.model.config.layer_types = list(cut.model.config.layer_types[:3])
    for a, b in zip(by_depth[3], cut.states(PAIRS)):
        np.testing.assert_allclose(a.target_states, b.target_states, atol=1e-5)
        np.testing.assert_allclose(a.source_mean, b.source_mean, atol=1e-5)
    for a, b in zip(src_by_depth[3], cut.source_states(PAIRS)):
        np.testing.assert_allclose(a.states, b.states, atol=1e-5)
    # A shallower cut is not the full depth (the test can fail).
    assert not np.allclose(by_depth[3][0].target_states, by_depth[LAYERS][0].target_states, atol=1e-3)
    with pytest.raises(ValueError):
        backbone.states_by_depth(PAIRS, [LAYERS + 1])


def test_source_changes_target_states(backbone):
    """The target is read after the source: another source, other target states."""
    a, b = backbone.states([("le chat dort", "the cat"), ("minister tuesday", "the cat")])
    assert not np.allclose(a.target_mean, b.target_mean)


def _random_head(hidden, seed=0):
    from mtqa.qe import segment_features

    rng = np.random.default_rng(seed)
    d = segment_features(np.zeros((1, hidden)), np.zeros((1, hidden)), [1], [1]).shape[1]
    return {"seg_mean": np.zeros(d), "seg_sd": np.ones(d), "seg_w": rng.normal(size=d) * 0.01, "seg_b": np.array(0.1),
            "da_a": np.array(70.0), "da_b": np.array(15.0), "tok_mean": np.zeros(hidden), "tok_sd": np.ones(hidden),
            "tok_w": rng.normal(size=hidden), "tok_b": np.array(0.0),
            "src_mean": np.zeros(hidden), "src_sd": np.ones(hidden), "src_w": rng.normal(size=hidden), "src_b": np.array(0.0)}


def test_heads_on_tiny_backbone(backbone):
    from mtqa import qe

    states = backbone.states(PAIRS)
    params = _random_head(backbone.hidden)
    z = qe.predict_z(states, params)
    assert len(z) == len(PAIRS) and all(np.isfinite(z))
    assert z == qe.predict_z(states, params)
    probs = qe.token_bad(states, params)
    assert [len(p) for p in probs] == [len(s.target_offsets) for s in states]
    assert all(0.0 <= p <= 1.0 for row in probs for p in row)
    assert qe.has_source_head(params)
    rev = backbone.source_states(PAIRS)
    src = qe.source_bad(rev, params)
    assert [len(p) for p in src] == [s.n_source_tokens for s in states]
    assert src == qe.source_bad(rev, params) and src != probs
    assert 0.0 <= qe.quality_from_z(z[0], params) <= 100.0
    assert qe.quality_from_z(-100.0, params) == 0.0 and qe.quality_from_z(100.0, params) == 100.0


def test_shipped_head_loads_and_fits_the_backbone():
    from mtqa import qe
    from mtqa.models.qe import LAYERS

    p = qe.head()
    hidden = p["tok_w"].shape[0]
    assert hidden == 640 and LAYERS == 9  # Gemma 3 270M, middle layer
    d = qe.segment_features(np.zeros((1, hidden)), np.zeros((1, hidden)), [1], [1]).shape[1]
    assert p["seg_w"].shape == (d,) and p["seg_mean"].shape == (d,) and p["seg_sd"].shape == (d,)
    assert (p["seg_sd"] > 0).all() and (p["tok_sd"] > 0).all()
    assert qe.has_source_head(p) and p["src_w"].shape == (hidden,) and (p["src_sd"] > 0).all()
    # The DA map rises with the prediction: a better z means a higher score.
    assert float(p["da_b"]) > 0


def test_bad_spans_merge_adjacent_words():
    from mtqa.qe import bad_spans

    target = "The mayor agreed to comment on it."
    offsets = [(0, 3), (4, 9), (10, 16), (17, 19), (20, 27), (28, 30), (31, 33), (33, 34)]
    probs = [0.1, 0.2, 0.95, 0.96, 0.3, 0.1, 0.1, 0.0]
    assert bad_spans(target, offsets, probs, 0.9) == [(10, 19, 0.96)]
    assert bad_spans(target, offsets, probs, 0.99) == []


def test_error_span_findings_are_quiet_on_good_segments():
    from mtqa.scorers.spans import SPAN_MAX_Z, error_span_findings
    from mtqa.types import Segment

    seg = Segment("1", "Le maire a refusé de commenter.", "The mayor agreed to comment.")
    toks = [[0, 3, 0.1], [4, 9, 0.1], [10, 16, 0.99], [17, 19, 0.2], [20, 27, 0.1]]
    found = error_span_findings(seg, SPAN_MAX_Z - 1, toks, ())
    assert [(f.code, seg.target[f.start:f.end], f.severity) for f in found] == [("ML201", "agreed", "major")]
    assert error_span_findings(seg, SPAN_MAX_Z + 1, toks, ()) == []


def test_source_span_findings_point_into_the_source_and_stay_quiet():
    from mtqa.detectors.learned import SourceSpan
    from mtqa.scorers.spans import SPAN_MAX_Z, source_span_findings
    from mtqa.types import Segment

    source = "Le ministre, malade depuis mars, a démissionné."
    seg = Segment("1", source, "The minister resigned.")
    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\w+", source)]
    p = {"malade": 0.95, "depuis": 0.93, "mars": 0.96, "ministre": 0.5}
    toks = [[a, b, p.get(source[a:b], 0.1)] for a, b in words]
    found = source_span_findings(seg, SPAN_MAX_Z - 1, toks, ())
    assert [(f.code, f.side, f.severity, f.category, source[f.start:f.end]) for f in found] == [
        ("ML202", "source", "minor", "accuracy/omission", "malade depuis mars")]
    assert SourceSpan.code == "ML202"
    # A well-scored segment gets none.
    assert source_span_findings(seg, SPAN_MAX_Z + 1, toks, ()) == []
    # Trap: the same source words written as such in the target are carried.
    carried = Segment("2", "Le festival Jazz Mars a ouvert.", "The Jazz Mars festival opened.")
    toks2 = [[a, b, 0.99 if carried.source[a:b] in ("Jazz", "Mars") else 0.1]
             for a, b in [(m.start(), m.end()) for m in __import__("re").finditer(r"\w+", carried.source)]]
    assert source_span_findings(carried, SPAN_MAX_Z - 1, toks2, ()) == []
    # Trap: a name the target renders otherwise is the N2 rules' business.
    named = Segment("3", "Les frères Sainte-Croix ont parlé.", "The Holy Cross brothers spoke.")
    toks3 = [[m.start(), m.end(), 0.99 if m.group() in ("Sainte", "Croix") else 0.1]
             for m in __import__("re").finditer(r"\w+", named.source)]
    assert source_span_findings(named, SPAN_MAX_Z - 1, toks3, ()) == []
    # Below the threshold nothing is flagged.
    low = [[a, b, min(p, 0.69)] for a, b, p in toks]
    assert source_span_findings(seg, SPAN_MAX_Z - 1, low, ()) == []
    # A source-side rule finding on the span leaves it to the rule.
    rule = SourceSpan().finding(13, 31, "rule", side="source")
    assert source_span_findings(seg, SPAN_MAX_Z - 1, toks, (rule,)) == []


def test_device_setting_is_checked():
    import torch

    from mtqa.models import ModelSettingError
    from mtqa.models.qe import choose_device

    assert choose_device("cpu", torch) == "cpu"
    assert choose_device("auto", torch) in ("cpu", "cuda")
    with pytest.raises(ModelSettingError):
        choose_device("tpu", torch)


def test_gguf_conversion_draws_no_bar_on_a_pipe(capsys):
    """A non-terminal stderr gets no tqdm bar from transformers' GGUF conversion."""
    import transformers.modeling_gguf_pytorch_utils as gguf_utils

    from mtqa.models import quiet_progress

    with quiet_progress():
        for _ in gguf_utils.tqdm(range(3), desc="Converting and de-quantizing GGUF tensors..."):
            pass
    assert "Converting" not in capsys.readouterr().err


def test_scorer_runs_the_source_pass_only_under_the_gate(tmp_path, monkeypatch):
    """The second, target-first pass (ML202) runs exactly for the segments the
    segment head scores at or below SPAN_MAX_Z; its findings point into the source."""
    from conftest import build_tiny_models

    from mtqa.scorers import estimator as scoring
    from mtqa.scorers import spans
    from mtqa.types import Segment

    pairs = [("Le maire a refusé de commenter la hausse.", "The mayor agreed to comment on the rise."),
             ("Le chat dort sur le tapis.", "The cat sleeps on the mat."),
             ("Les prix ont baissé mardi.", "Prices fell on Tuesday."),
             ("Il a passé cinq ans à Paris.", "He spent five months in Paris.")]
    counter = iter(range(100))

    def mktemp(name):
        p = tmp_path / f"{name}-{next(counter)}"
        p.mkdir()
        return p

    paths = build_tiny_models(mktemp, [t for pair in pairs for t in pair])
    monkeypatch.setenv("MTQA_QE_MODEL", paths["qe"])
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "cache"))
    segs = [Segment(str(i), s, t) for i, (s, t) in enumerate(pairs)]
    for gate in (-1e9, 1e9):  # nothing gated, everything gated
        monkeypatch.setattr(spans, "SPAN_MAX_Z", gate)
        scorer = scoring.ModelScorer(encoder=paths["encoder"], lm=paths["lm"], langid=False)
        calls = []
        qe_model = scorer.qe
        real = type(qe_model).source_states  # the loaded backbone is shared between scorers
        monkeypatch.setattr(qe_model, "source_states", lambda p: calls.append(list(p)) or real(qe_model, p))
        sig = scorer.signals(segs)
        gated = [s["qe_src_tokens"] is not None for s in sig]
        assert gated == [s["qe_z"] <= gate for s in sig]
        assert sum(len(c) for c in calls) == sum(gated)
        for seg, s in zip(segs, sig):
            if s["qe_src_tokens"]:
                assert all(0 <= a <= b <= len(seg.source) for a, b, _ in s["qe_src_tokens"])


def _greedy_padding(lengths, budget):
    """Padded tokens of the old greedy batching (fill each batch to the budget)."""
    batches, longest = [], 0
    for i in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        n = lengths[i]
        if batches and max(longest, n) * (len(batches[-1]) + 1) <= budget:
            batches[-1].append(i)
            longest = max(longest, n)
        else:
            batches.append([i])
            longest = n
    return sum(len(b) * max(lengths[i] for i in b) for b in batches)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_length_batches_cover_each_index_once_within_the_budget(seed):
    from mtqa.models import length_batches

    rng = np.random.default_rng(seed)
    # News-like lengths with a long tail and a few over the budget's row.
    lengths = [int(x) for x in rng.lognormal(4.1, 0.45, 256).clip(5, 600)]
    batches = length_batches(lengths, 4096)
    flat = [i for b in batches for i in b]
    assert sorted(flat) == list(range(len(lengths)))
    # Shortest first, each batch a run of the sorted order.
    assert [lengths[i] for i in flat] == sorted(lengths)
    for b in batches:
        assert len(b) == 1 or len(b) * max(lengths[i] for i in b) <= 4096
    assert length_batches(lengths, 4096) == batches
    padded = sum(len(b) * max(lengths[i] for i in b) for b in batches)
    # It trades a few more batches for less padding: 256 pairs of real news
    # were 82% real tokens batched greedily, 93% so.
    assert padded < _greedy_padding(lengths, 4096)


def test_length_batches_edge_cases():
    from mtqa.models import length_batches

    assert length_batches([], 4096) == []
    assert length_batches([5000], 4096) == [[0]]  # longer than the budget goes alone
    assert length_batches([0, 0], 4096) == [[0, 1]]
    # Equal lengths fill whole batches of budget // length rows.
    assert [len(b) for b in length_batches([64] * 130, 4096)] == [64, 64, 2]
