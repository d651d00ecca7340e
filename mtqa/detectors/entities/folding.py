"""Folding names for comparison: accents, case, spaces, and transliteration skeletons."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


_SPACE_CHARS = {"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "’": "'"}


class _FoldTable(dict):
    """str.translate table that strips accents, one character for one, filled on demand."""

    def __init__(self, hyphen: str) -> None:
        super().__init__()
        self.hyphen = hyphen

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in _SPACE_CHARS:
            out = _SPACE_CHARS[ch]
        elif ch == "-":
            out = self.hyphen
        else:
            base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
            out = base[:1] if base else ch
        self[code] = out
        return out


_FOLD = _FoldTable("-")
_FOLD_NO_HYPHEN = _FoldTable(" ")


def fold(text: str) -> str:
    """Lowercase without accents; one character for one, so offsets hold."""
    if text.isascii():
        return text.lower()  # the table maps every ASCII character to itself
    return text.translate(_FOLD).lower()


def fold_keep_case(text: str) -> str:
    """Accents off, hyphens as spaces, case kept; one character for one, so offsets hold."""
    if text.isascii():
        return text.replace("-", " ")  # the table changes no other ASCII character
    return text.translate(_FOLD_NO_HYPHEN)


_TRANSLIT = (("tch", "ch"), ("dj", "j"), ("oua", "wa"), ("oui", "wi"), ("ou", "u"), ("ch", "sh"), ("ph", "f"), ("kh", "k"), ("bourg", "burg"), ("burgh", "burg"), ("y", "i"),
             ("k", "c"), ("q", "c"), ("w", "v"), ("ck", "c"), ("ee", "i"))


@lru_cache(maxsize=65536)
def translit(token: str) -> str:
    """A rough key under which French and English spellings of a foreign name agree."""
    s = fold(token)
    for a, b in _TRANSLIT:
        s = s.replace(a, b)
    s = re.sub(r"['\-\s.]", "", s)
    return s[:-1] if len(s) > 4 and s.endswith("e") else s


FRENCH_TRANSCRIPTION = re.compile(r"ou|[èëïî]|dj|ch|kh|gu|é|ss", re.IGNORECASE)


def skeleton(token: str) -> str:
    """Consonants of a transliterated name: "Younès" and "Yunis" agree."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", translit(token)))
