"""The COMET adapter (`--comet`), with a stand-in `comet` package and a tiny random model.

`unbabel-comet` cannot be installed beside this project's stack (it pins
numpy<2 and transformers<5), so the tests put a small package named `comet`
on sys.path that offers the two calls mtqa uses — `load_from_checkpoint` and
`model.predict(rows, batch_size=..., gpus=0, progress_bar=False).scores` —
backed by a tiny random torch model saved as a checkpoint. What is tested is
mtqa's side: checkpoint lookup, reference handling, order, corpus mean.
"""

import json
import textwrap

import pytest

torch = pytest.importorskip("torch")

from mtqa.types import Segment  # noqa: E402

FAKE_COMET = textwrap.dedent(
    '''
    import types
    import torch

    class _Model:
        def __init__(self, state, segments):
            self.net = torch.nn.Linear(3, 1)
            self.net.load_state_dict(state)
            self.hparams = types.SimpleNamespace(input_segments=segments)
            self.calls = []

        def predict(self, rows, batch_size=8, gpus=0, progress_bar=True):
            self.calls.append((len(rows), batch_size, gpus, progress_bar))
            feats = torch.tensor(
                [[len(r["src"]), len(r["mt"]), len(r.get("ref", ""))] for r in rows], dtype=torch.float32
            )
            with torch.inference_mode():
                scores = torch.sigmoid(self.net(feats / 100.0)).squeeze(-1).tolist()
            return types.SimpleNamespace(scores=scores, system_score=sum(scores) / len(scores))

    def load_from_checkpoint(path):
        blob = torch.load(path)
        return _Model(blob["state"], tuple(blob["segments"]))
    '''
)


@pytest.fixture
def fake_comet(tmp_path, monkeypatch):
    pkg = tmp_path / "site" / "comet"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(FAKE_COMET, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))

    def make(segments):
        torch.manual_seed(0)
        net = torch.nn.Linear(3, 1)
        folder = tmp_path / f"model-{'-'.join(segments)}" / "checkpoints"
        folder.mkdir(parents=True)
        torch.save({"state": net.state_dict(), "segments": list(segments)}, folder / "model.ckpt")
        return str(folder.parent), net

    yield make
    import sys

    sys.modules.pop("comet", None)


def _expected(net, rows):
    feats = torch.tensor([[len(s), len(m), len(r)] for s, m, r in rows], dtype=torch.float32)
    with torch.inference_mode():
        return torch.sigmoid(net(feats / 100.0)).squeeze(-1).tolist()


def test_reference_free_model_scores_every_segment_in_order(fake_comet):
    from mtqa.models.comet import CometScorer

    folder, net = fake_comet(("src", "mt"))
    segs = [Segment("1", "Bonjour.", "Hello."), Segment("2", "Une phrase plus longue ici.", "A longer sentence here.")]
    scorer = CometScorer(folder, batch_size=4)
    out = scorer.score(segs, [(), ()])
    want = _expected(net, [(s.source, s.target, "") for s in segs])
    assert [round(o["comet"], 6) for o in out] == [round(w, 6) for w in want]
    assert scorer.model.calls == [(2, 4, 0, False)]
    corpus = scorer.corpus()
    assert corpus["comet"] == pytest.approx(sum(want) / 2, abs=1e-6)
    assert corpus["comet_model"] == folder


def test_reference_based_model_skips_segments_without_reference(fake_comet):
    from mtqa.models.comet import CometScorer

    folder, net = fake_comet(("src", "mt", "ref"))
    segs = [
        Segment("1", "Un.", "One.", reference="One."),
        Segment("2", "Deux.", "Two."),
        Segment("3", "Trois.", "Three.", reference="Three."),
    ]
    scorer = CometScorer(folder)
    out = scorer.score(segs, [(), (), ()])
    assert out[1] == {}
    want = _expected(net, [("Un.", "One.", "One."), ("Trois.", "Three.", "Three.")])
    assert out[0]["comet"] == pytest.approx(want[0], abs=1e-6)
    assert out[2]["comet"] == pytest.approx(want[1], abs=1e-6)


def test_missing_checkpoint_is_a_clear_error(fake_comet, tmp_path):
    from mtqa.models import ModelsUnavailable
    from mtqa.models.comet import CometScorer

    with pytest.raises(ModelsUnavailable, match="checkpoint not found"):
        CometScorer(str(tmp_path / "nowhere"))


def test_cli_comet_option(fake_comet, tmp_path):
    from typer.testing import CliRunner

    from mtqa.cli import app

    folder, _ = fake_comet(("src", "mt"))
    src = tmp_path / "fr.txt"
    tgt = tmp_path / "en.txt"
    src.write_text("Bonjour.\nAu revoir.\n", encoding="utf-8")
    tgt.write_text("Hello.\nGoodbye.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["check", str(src), str(tgt), "--no-models", "--comet", folder, "-f", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert all("comet" in s["scores"] for s in doc["segments"])
    assert "comet" in doc["scores"]
