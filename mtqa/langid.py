"""English/French language identification, shared by detectors.

One lingua detector restricted to English and French is built on first use
and cached for the process (never per segment). Importing this module is
cheap: lingua is imported lazily. Word-level evidence comes from wordfreq's
English and French lexicons (`zipf_en`, `zipf_fr`), also loaded lazily.
"""

from __future__ import annotations

import math
import re
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
    return _zipf(word, "en")


@lru_cache(maxsize=65536)
def zipf_fr(word: str) -> float:
    """wordfreq Zipf frequency of a lowercase word in French (0 if unknown)."""
    return _zipf(word, "fr")


# A word of lowercase Latin letters only ("ß" aside: it casefolds to "ss").
# wordfreq's NFC normalisation, casefolding and tokenisation leave such a word
# as it is, one token without digits, so `zipf_frequency` reduces to one
# lookup in its frequency table and its own arithmetic (`_plain_zipf`). Its
# general path costs several microseconds a word, which every run pays for
# each new word of its text.
_PLAIN_WORD = re.compile(r"[a-zà-öø-ÿœæ]+")
# Known and unknown words, checked against zipf_frequency on first use.
_SELF_CHECK = ("the", "house", "maison", "été", "œuvre", "qzxv", "grève", "naïve", "a", "zzzzzz")


def zipf(word: str, lang: str) -> float:
    """wordfreq Zipf frequency of a lowercase word in any of wordfreq's languages (0 if unknown)."""
    return _zipf(word, lang)


def _zipf(word: str, lang: str) -> float:
    memo = _word_memo()
    if memo is not None:
        value = memo.get(lang, word)
        if value is not None:
            return value
    value = _wordfreq_zipf(word, lang)
    if memo is not None:
        memo.record(lang, word, value)
    return value


def _wordfreq_zipf(word: str, lang: str) -> float:
    plain = _plain_zipf_checked()
    # The plain path holds only the English and French tables; other languages go through wordfreq.
    if plain is not None and lang in ("en", "fr") and _PLAIN_WORD.fullmatch(word):
        return plain(word, lang)
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


class _WordMemo:
    """Zipf values already looked up, kept in the user cache folder
    (`wordfreq-<version>.sqlite3` beside the score cache), so that a run
    whose words were all seen before never loads wordfreq: importing it and
    reading its English and French tables is 0.3-0.5 s, most of a 1-segment
    `--no-models` check. The values are wordfreq's own (a pure function of the
    word and the installed version, which names the file). Queried word by
    word (about 10 µs each) until the first miss or QUERIES words, whichever
    comes first: from then on wordfreq is loaded and the tables answer, and
    new words are recorded and written at exit (at most WRITES a process).
    `MTQA_WORD_MEMO=0` turns it off; any error turns it off for the run.
    The limits keep a large run's cost under about 50 ms (2,000 queries
    before wordfreq, 5,000 rows written): the memo is for small, frequent
    checks, which is where wordfreq's load is most of the time."""

    QUERIES = 2000
    WRITES = 5000

    def __init__(self, path: Any) -> None:
        import sqlite3

        self.path = path
        self._sqlite3 = sqlite3
        self._db = sqlite3.connect(str(path), timeout=1, check_same_thread=False, isolation_level=None)
        self._db.execute("CREATE TABLE IF NOT EXISTS zipf (lang TEXT NOT NULL, word TEXT NOT NULL,"
                         " value REAL NOT NULL, PRIMARY KEY (lang, word)) WITHOUT ROWID")
        self._asking = True
        self._asked = 0
        self._new: list[tuple[str, str, float]] = []
        self._lock = threading.Lock()

    def get(self, lang: str, word: str) -> float | None:
        if not self._asking:
            return None
        with self._lock:
            self._asked += 1
            try:
                row = self._db.execute("SELECT value FROM zipf WHERE lang = ? AND word = ?", (lang, word)).fetchone()
            except self._sqlite3.Error:
                row = None
            if row is None or self._asked >= self.QUERIES:
                self._asking = False  # wordfreq loads now: its tables answer faster
            return None if row is None else float(row[0])

    def record(self, lang: str, word: str, value: float) -> None:
        if len(self._new) < self.WRITES:
            self._new.append((lang, word, value))

    def flush(self) -> None:
        with self._lock:
            rows, self._new = self._new, []
            if not rows:
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR IGNORE INTO zipf VALUES (?, ?, ?)", rows)
                self._db.execute("COMMIT")
            except self._sqlite3.Error:
                pass  # locked by another run, read-only, full: the memo is only a shortcut


@lru_cache(maxsize=1)
def _word_memo() -> _WordMemo | None:
    import atexit
    import importlib.metadata
    import os

    if os.environ.get("MTQA_WORD_MEMO", "1").strip() == "0":
        return None
    try:
        from .cache import cache_dir

        version = importlib.metadata.version("wordfreq")
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        memo = _WordMemo(folder / f"wordfreq-{version}.sqlite3")
    except Exception:  # noqa: BLE001 - no folder, no wordfreq, a corrupt file: no memo
        return None
    atexit.register(memo.flush)
    return memo


def _plain_zipf(word: str, lang: str) -> float:
    """`zipf_frequency(word, lang)` for a `_PLAIN_WORD`, step for step as
    wordfreq computes it (word_frequency with minimum zipf_to_freq(0), then
    freq_to_zipf rounded to hundredths)."""
    tables, minimum, freq_to_zipf = _wordfreq_parts()
    f = tables[lang].get(word)
    if f is None:
        freq = minimum
    else:
        freq = max(1.0 / (0.0 + 1.0 / f), minimum)
        freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(freq_to_zipf(freq), 2)


def load_tables(langs: tuple[str, ...]) -> None:
    """Load wordfreq's frequency tables for `langs` now.

    Each table is read on the first word that needs it (0.1-0.2 s each);
    benchmarks call this before their clock starts, so that a throughput
    figure over a few hundred pairs is not one table load."""
    from wordfreq import get_frequency_dict

    for lang in langs:
        get_frequency_dict(lang, "best")


@lru_cache(maxsize=1)
def _wordfreq_parts() -> tuple[dict[str, dict[str, float]], float, Any]:
    """wordfreq's frequency tables for English and French, its minimum for
    zipf_frequency's default of 0, and its freq_to_zipf: imported once."""
    from wordfreq import freq_to_zipf, get_frequency_dict, zipf_to_freq

    return {lang: get_frequency_dict(lang, "best") for lang in ("en", "fr")}, zipf_to_freq(0.0), freq_to_zipf


@lru_cache(maxsize=1)
def _plain_zipf_checked() -> Any:
    """`_plain_zipf`, or None where it disagrees with this wordfreq on a few
    words (another wordfreq version computing differently): then every word
    takes wordfreq's general path. tests/test_langid.py compares the two on
    thousands of words of both tables."""
    from wordfreq import zipf_frequency

    for lang in ("en", "fr"):
        for word in _SELF_CHECK:
            if repr(_plain_zipf(word, lang)) != repr(zipf_frequency(word, lang)):
                return None
    return _plain_zipf


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
