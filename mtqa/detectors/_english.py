"""Small English helpers shared by detectors: abbreviations, sentence ends."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import data

# "U.S.", "p.m.", "e.g.", "Ph.D." and single initials "J." end in a period
# without ending a sentence.
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.|(?:[A-Z][a-z]?\.)+[A-Z][a-z]?\.")
_TOKEN_BEFORE = re.compile(r"(\S+)$")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    return frozenset(data.lines("en_abbreviations.txt"))


def token_before(text: str, end: int) -> str:
    """The whitespace-delimited token that ends at `end` (inclusive of its period)."""
    m = _TOKEN_BEFORE.search(text, 0, end)
    return m.group(1) if m else ""


def is_abbreviation(token: str) -> bool:
    """True for "Mr.", "U.S.", "p.m.", "J." and the like (token ends with its period)."""
    token = token.lstrip("([{\"'“‘")
    if not token.endswith("."):
        return False
    if token in abbreviations() or token.lower() in abbreviations():
        return True
    if "-" in token:  # "D-Mo.", "R-Calif."
        return is_abbreviation(token.rsplit("-", 1)[1])
    return bool(_DOTTED.fullmatch(token))
