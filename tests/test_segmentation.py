"""Sentence alignment uses the shared sentence encoder: `--encoder` names the
one documents and feeds are aligned with, models off aligns on lengths, and a
named encoder that cannot load is an error (exit 2, one line)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import mtqa.io.documents as documents
import mtqa.models
from mtqa.cli import app
from mtqa.io.documents import read_documents
from mtqa.segmentation import alignment_encoder

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "corpora" / "lapresse-canada-japan" / "formats"
ARTICLE = (FORMATS / "article-fr.txt", FORMATS / "article-en-mt.txt")


class FakeEncoder:
    """Character-trigram count vectors: close for sentences sharing names and numbers."""

    name = "fake"

    def encode(self, texts):
        out = np.zeros((len(texts), 64), dtype="float32")
        for i, t in enumerate(texts):
            for k in range(len(t) - 2):
                out[i, sum(map(ord, t[k:k + 3])) % 64] += 1
        return out


@pytest.fixture
def loads(monkeypatch):
    """The specs `models.load_encoder` is asked for; it answers with a FakeEncoder."""
    asked = []

    def load_encoder(spec=None):
        asked.append(spec)
        return FakeEncoder()

    monkeypatch.setattr(mtqa.models, "load_encoder", load_encoder)
    monkeypatch.delenv("MTQA_ENCODER", raising=False)
    return asked


def test_documents_align_with_the_named_encoder(loads):
    rows = list(read_documents(*map(str, ARTICLE), encoder="my-encoder"))
    assert loads == ["my-encoder"]
    assert {r.meta["alignment"]["method"] for r in rows} == {"encoder"}


def test_models_off_align_on_lengths_and_load_nothing(loads):
    rows = list(read_documents(*map(str, ARTICLE), models=False, encoder="my-encoder"))
    assert loads == []
    assert {r.meta["alignment"]["method"] for r in rows} == {"length"}


def test_the_environment_names_the_encoder_too(loads, monkeypatch):
    monkeypatch.setenv("MTQA_ENCODER", "from-env")
    assert isinstance(alignment_encoder(True, None), FakeEncoder)
    assert loads == [None]  # load_encoder reads MTQA_ENCODER itself


def test_default_encoder_missing_aligns_on_lengths(monkeypatch):
    import mtqa.segmentation.encoder as enc

    monkeypatch.delenv("MTQA_ENCODER", raising=False)
    monkeypatch.setattr(enc, "encoder_available", lambda: False)
    assert alignment_encoder(True, None) is None


def test_a_named_encoder_that_cannot_load_is_an_error(tmp_path, monkeypatch):
    from mtqa.models import ModelsUnavailable

    monkeypatch.delenv("MTQA_ENCODER", raising=False)
    with pytest.raises(ModelsUnavailable):
        alignment_encoder(True, str(tmp_path / "no-such-encoder"))


def test_cli_encoder_reaches_the_aligner(monkeypatch, tmp_path):
    """`check --documents --encoder X`: the aligner gets encoder X (a fake here;
    the scorers are not part of this test, so models run in the fast tier with
    the same fake)."""
    pytest.importorskip("torch")
    seen = []
    real_align = documents.align

    def spy(fr, en, *, encoder=None, band=None):
        seen.append(getattr(encoder, "name", None))
        return real_align(fr, en, encoder=encoder, band=band)

    class Scoring(FakeEncoder):
        dim = 64

        def similarity(self, a, b):
            ea, eb = self.encode(a), self.encode(b)
            ea /= np.linalg.norm(ea, axis=1, keepdims=True) + 1e-9
            eb /= np.linalg.norm(eb, axis=1, keepdims=True) + 1e-9
            return (ea * eb).sum(axis=1)

    monkeypatch.setattr(documents, "align", spy)
    monkeypatch.setattr(mtqa.models, "load_encoder", lambda spec=None: Scoring())
    monkeypatch.delenv("MTQA_ENCODER", raising=False)
    res = CliRunner().invoke(app, ["check", "--documents", *map(str, ARTICLE), "-f", "jsonl",
                                   "--encoder", "fake", "--models", "fast", "--no-cache", "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    assert seen == ["fake"]
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    assert {r["meta"]["alignment"]["method"] for r in rows} == {"encoder"}


def test_cli_named_encoder_missing_is_exit_2(tmp_path):
    res = CliRunner().invoke(app, ["check", "--documents", *map(str, ARTICLE), "--models", "fast",
                                   "--encoder", str(tmp_path / "no-such-encoder")])
    assert res.exit_code == 2
    assert "no-such-encoder" in res.output and "Traceback" not in res.output
