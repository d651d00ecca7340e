"""English/French language identification, shared by detectors.

One lingua detector restricted to English and French is built on first use
and cached for the process (never per segment). Importing this module is
cheap: lingua is imported lazily. Word-level evidence comes from wordfreq's
English and French lexicons (`zipf_en`, `zipf_fr`), also loaded lazily.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

_LOCK = threading.Lock()
_DETECTOR: Any = None


def detector() -> Any:
    """The process-wide lingua detector (English, French), built once."""
    global _DETECTOR
    if _DETECTOR is None:
        with _LOCK:
            if _DETECTOR is None:
                from lingua import Language, LanguageDetectorBuilder

                _DETECTOR = LanguageDetectorBuilder.from_languages(
                    Language.ENGLISH, Language.FRENCH
                ).build()
    return _DETECTOR


@lru_cache(maxsize=4096)
def french_confidence(text: str) -> float:
    """Probability (0..1) that `text` is French rather than English."""
    if not text.strip():
        return 0.0
    from lingua import Language

    return float(detector().compute_language_confidence(text, Language.FRENCH))


def language_of(text: str, threshold: float = 0.5) -> str | None:
    """"fr", "en", or None for text with no letters."""
    if not any(ch.isalpha() for ch in text):
        return None
    return "fr" if french_confidence(text) >= threshold else "en"


@lru_cache(maxsize=65536)
def zipf_en(word: str) -> float:
    """wordfreq Zipf frequency of a lowercase word in English (0 if unknown)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@lru_cache(maxsize=65536)
def zipf_fr(word: str) -> float:
    """wordfreq Zipf frequency of a lowercase word in French (0 if unknown)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "fr")


_EN_DICT: Any = None


def english_dictionary() -> Any:
    """pyspellchecker's English word frequency list (a set-like object), loaded once."""
    global _EN_DICT
    if _EN_DICT is None:
        with _LOCK:
            if _EN_DICT is None:
                from spellchecker import SpellChecker

                _EN_DICT = SpellChecker(language="en", distance=1).word_frequency
    return _EN_DICT


@lru_cache(maxsize=65536)
def in_english_dictionary(word: str) -> bool:
    return word.lower() in english_dictionary()


def is_french_word(word: str, *, strict: bool = False) -> bool:
    """A word French uses and English does not (by the two lexicons).

    `strict` demands a word English essentially never uses; the default
    tolerates words that occur in English only as names ("devoir", "pluie").
    """
    w = word.lower()
    fr, en = zipf_fr(w), zipf_en(w)
    if strict:
        ok = fr >= 3.5 and en < 1.0
    else:
        ok = fr >= 2.5 and (en < 2.0 or (en < 3.0 and fr - en >= 2.5))
    # A less common word an English dictionary lists ("inhumation", "autoroute")
    # is English too; everyday French words ("perdu") stay French whatever a
    # dictionary of names and loans says.
    return ok and not (fr < 4.5 and in_english_dictionary(w))


def is_english_word(word: str, threshold: float = 3.0) -> bool:
    return zipf_en(word.lower()) >= threshold
