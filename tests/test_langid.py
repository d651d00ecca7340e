"""mtqa.langid: one lingua detector per process, lazy imports, lexicon helpers."""

import subprocess
import sys

from mtqa import langid


def test_detector_is_built_once():
    assert langid.detector() is langid.detector()


def test_sentence_level_identification():
    assert langid.french_confidence("Le gouvernement a annoncé une nouvelle taxe sur le carbone.") > 0.9
    assert langid.french_confidence("The government announced a new carbon tax.") < 0.1
    assert langid.language_of("La grève des enseignants se poursuit.") == "fr"
    assert langid.language_of("2-1 (14:30)") is None


def test_lexicons():
    assert langid.is_french_word("pluie")
    assert langid.is_french_word("grève")
    assert not langid.is_french_word("police")  # English too
    assert not langid.is_french_word("inhumation")  # an English dictionary word
    assert langid.is_french_word("verglas", strict=False)


def test_importing_mtqa_loads_no_language_model():
    code = (
        "import sys, mtqa, mtqa.detectors, mtqa.engine\n"
        "bad = [m for m in ('lingua', 'wordfreq', 'spellchecker', 'torch', 'transformers') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
