"""Folding text for comparison, one function per meaning.

Four meanings, kept apart because their callers depend on what differs:

- `fold_lower`: lowercase, accents off by compatibility decomposition ("ﬁ"
  becomes "fi", so the length may change), curly apostrophe straight. The
  key of the bilingual lexicons (counterparts, omission).
- `fold_name`: `fold_lower`'s letters, with every run of spaces and hyphens
  as one space: "Jean-François Lisée" and "Jean Francois Lisee" meet. The
  key of name spellings inside a document.
- `fold_aligned`: lowercase, accents off, one character for one, hyphens
  kept, odd spaces as plain spaces: offsets in the folded text are offsets
  in the original, so a match found folded is a span of the original.
- `fold_aligned_keep_case`: `fold_aligned` with hyphens as spaces and case
  kept (capitals still mark a name).
"""

from __future__ import annotations

import re
import unicodedata


class _DropCombining(dict):
    """str.translate table deleting combining characters, filled on demand."""

    def __missing__(self, code: int) -> str | None:
        out = None if unicodedata.combining(chr(code)) else chr(code)
        self[code] = out
        return out


_DROP_COMBINING = _DropCombining()
_SPACES_AND_HYPHENS = re.compile(r"[\s\u00a0\-]+")


def fold_lower(text: str) -> str:
    """Lowercase, accents off, curly apostrophe straight: "L’Été" → "l'ete"."""
    if text.isascii():
        return text.lower()  # NFKD leaves ASCII as it is and adds no combining mark
    return unicodedata.normalize("NFKD", text.lower().replace("’", "'")).translate(_DROP_COMBINING)


def fold_name(text: str) -> str:
    """Lowercase without accents, hyphens as spaces: "Jean-François Lisée" → "jean francois lisee"."""
    if text.isascii():
        plain = text  # NFKD leaves ASCII as it is, and it has no combining characters
    else:
        # Decomposed before lowercasing (not after, as in fold_lower): the order
        # this key has always had, kept so that stored names meet as before.
        plain = unicodedata.normalize("NFKD", text).translate(_DROP_COMBINING)
    return _SPACES_AND_HYPHENS.sub(" ", plain.replace("’", "'")).lower()


_SPACE_CHARS = {"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "’": "'"}


class _AlignedTable(dict):
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


_ALIGNED = _AlignedTable("-")
_ALIGNED_NO_HYPHEN = _AlignedTable(" ")


def fold_aligned(text: str) -> str:
    """Lowercase without accents; one character for one, so offsets hold."""
    if text.isascii():
        return text.lower()  # the table maps every ASCII character to itself
    return text.translate(_ALIGNED).lower()


def fold_aligned_keep_case(text: str) -> str:
    """Accents off, hyphens as spaces, case kept; one character for one, so offsets hold."""
    if text.isascii():
        return text.replace("-", " ")  # the table changes no other ASCII character
    return text.translate(_ALIGNED_NO_HYPHEN)
