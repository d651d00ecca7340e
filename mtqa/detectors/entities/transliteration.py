"""Transliteration keys for names: French and English spellings of a foreign name ("Moubarak" / "Mubarak") agree."""

from __future__ import annotations

import re
from functools import lru_cache

from ...text.folding import fold_aligned

_TRANSLIT = (("tch", "ch"), ("dj", "j"), ("oua", "wa"), ("oui", "wi"), ("ou", "u"), ("ch", "sh"), ("ph", "f"), ("kh", "k"), ("bourg", "burg"), ("burgh", "burg"), ("y", "i"),
             ("k", "c"), ("q", "c"), ("w", "v"), ("ck", "c"), ("ee", "i"))


_TRANSLIT_DROP = re.compile(r"['\-\s.]")


@lru_cache(maxsize=65536)
def translit(token: str) -> str:
    """A rough key under which French and English spellings of a foreign name agree."""
    s = fold_aligned(token)
    for a, b in _TRANSLIT:
        s = s.replace(a, b)
    s = _TRANSLIT_DROP.sub("", s)
    return s[:-1] if len(s) > 4 and s.endswith("e") else s


FRENCH_TRANSCRIPTION = re.compile(r"ou|[èëïî]|dj|ch|kh|gu|é|ss", re.IGNORECASE)


_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


def skeleton(token: str) -> str:
    """Consonants of a transliterated name: "Younès" and "Yunis" agree."""
    return _REPEATS.sub(r"\1", _VOWELS.sub("", translit(token)))


# French and English transcribe the same foreign (Russian, Arabic, Georgian, ...) sounds with
# different letters: French ch / tch / j / dj / ou where English writes sh / ch / zh / j / u
# ("Gorbatchev" / "Gorbachev", "Brejnev" / "Brezhnev", "Édouard" / "Eduard"). Each side is
# read with its own convention into one key (capitals stand for the sounds, on a lowercase
# folded name), so the two spellings of one name meet and a changed letter does not:
# "Chevardnadzé" / "Shevardnadze" agree, "Chevardnadzé" / "Shevarnadze" do not. `translit`
# cannot do this: it reads both sides alike, so French j and English zh never meet.
# French doubles s between vowels where English writes one ("Moussa" / "Musa", "Tbilissi" /
# "Tbilisi"); an English ss is kept apart (X), since French never writes one s for it: "Hasan"
# made "Hassan" is another spelling.
_FRENCH_SOUNDS = (("tch", "C"), ("dj", "J"), ("sh", "S"), ("zh", "Z"), ("ch", "S"), ("kh", "K"), ("j", "Z"),
                  ("ss", "s"))
_ENGLISH_SOUNDS = (("tch", "C"), ("sh", "S"), ("zh", "Z"), ("kh", "K"), ("ch", "C"), ("j", "J"), ("ss", "X"),
                   # German umlauts written out ("Guenther", "Wuerttemberg"), French and German "oo"
                   ("ae", "a"), ("oe", "o"), ("ue", "u"), ("oo", "u"))
_BOTH_SOUNDS = (("ou", "U"), ("w", "U"), ("u", "U"), ("ph", "f"), ("gh", "g"), ("k", "K"),
                ("q", "K"), ("c", "K"), ("h", ""), ("y", "i"))
# A final -j after a vowel is the -y / -ï / -i of Slavic names in German or Czech spelling
# ("Sergej" / "Sergey", "Alexej" / "Alexeï"): read before French j becomes Z.
_FINAL_J = re.compile(r"(?<=[aeiou])j\b")
# Doubled vowels are one sound ("Grigorij" / "Grigoriy" meet as "grigorii"); doubled
# consonants stay, a dropped one is a misspelling ("Condoleezza" / "Condoleeza").
_DOUBLED = re.compile(r"([aeiouU])\1+")
_SEPARATORS = re.compile(r"['\-\s.]")


def _sound_key(token: str, own: tuple[tuple[str, str], ...]) -> str:
    s = _FINAL_J.sub("i", fold_aligned(token))
    for a, b in own + _BOTH_SOUNDS:
        s = s.replace(a, b)
    s = _DOUBLED.sub(r"\1", _SEPARATORS.sub("", s))
    # French plurals and mute endings: "Ouïghours" / "Uighur", "Soljenitsyne" / "Solzhenitsyn".
    if len(s) > 4 and s.endswith("s"):
        s = s[:-1]
    return s[:-1] if len(s) > 4 and s.endswith("e") else s


@lru_cache(maxsize=65536)
def french_sounds(token: str) -> str:
    """A French spelling of a name read with French transcription ("Brejnev" → "breZnev")."""
    return _sound_key(token, _FRENCH_SOUNDS)


@lru_cache(maxsize=65536)
def english_sounds(token: str) -> str:
    """An English spelling of a name read with English transcription ("Brezhnev" → "breZnev")."""
    return _sound_key(token, _ENGLISH_SOUNDS)


def one_edit_apart(a: str, b: str) -> bool:
    """Whether two different words are one letter apart: one inserted, dropped, replaced, or two
    neighbours swapped ("Mendelbrot" / "Mandelbrot", "Stroiber" / "Stoiber")."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (
            i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1:] == shorter[i:]
