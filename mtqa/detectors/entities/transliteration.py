"""Transliteration keys for names: French and English spellings of a foreign name ("Moubarak" / "Mubarak") agree."""

from __future__ import annotations

import re
from functools import lru_cache

from ...text.folding import fold_aligned

_TRANSLIT = (("tch", "ch"), ("dj", "j"), ("oua", "wa"), ("oui", "wi"), ("ou", "u"), ("ch", "sh"), ("ph", "f"), ("kh", "k"), ("bourg", "burg"), ("burgh", "burg"), ("y", "i"),
             ("k", "c"), ("q", "c"), ("w", "v"), ("ck", "c"), ("ee", "i"))


@lru_cache(maxsize=65536)
def translit(token: str) -> str:
    """A rough key under which French and English spellings of a foreign name agree."""
    s = fold_aligned(token)
    for a, b in _TRANSLIT:
        s = s.replace(a, b)
    s = re.sub(r"['\-\s.]", "", s)
    return s[:-1] if len(s) > 4 and s.endswith("e") else s


FRENCH_TRANSCRIPTION = re.compile(r"ou|[èëïî]|dj|ch|kh|gu|é|ss", re.IGNORECASE)


def skeleton(token: str) -> str:
    """Consonants of a transliterated name: "Younès" and "Yunis" agree."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", translit(token)))
