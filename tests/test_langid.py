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


def test_plain_word_fast_path_matches_wordfreq():
    # zipf_en / zipf_fr look plain lowercase words up directly (_plain_zipf);
    # the answer must be wordfreq's own, to the last bit, for known words of
    # both tables and for unknown ones.
    import random

    from wordfreq import get_frequency_dict, zipf_frequency

    assert langid._plain_zipf_checked() is not None
    rnd = random.Random(0)
    words = set()
    for lang in ("en", "fr"):
        table = [w for w in get_frequency_dict(lang) if langid._PLAIN_WORD.fullmatch(w)]
        words.update(rnd.sample(table, 3000))
    letters = "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæáíóúñ"
    words.update("".join(rnd.choice(letters) for _ in range(rnd.randint(1, 8))) for _ in range(1000))
    for word in words:
        for lang in ("en", "fr"):
            assert repr(langid._plain_zipf(word, lang)) == repr(zipf_frequency(word, lang)), (word, lang)
    # Not plain: wordfreq's general path.
    assert not langid._PLAIN_WORD.fullmatch("straße")
    assert not langid._PLAIN_WORD.fullmatch("aujourd'hui")
    assert langid.zipf_fr("aujourd'hui") == zipf_frequency("aujourd'hui", "fr")
