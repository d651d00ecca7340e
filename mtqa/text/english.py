"""English abbreviations, loaded once, and the tests built on them.

`mtqa/data/en_abbreviations.txt` lists the abbreviations that end in a period
without ending a sentence. `abbreviations` holds them as listed ("Mr.",
"Calif."), `abbreviation_stems` without the period, as a splitter sees the
token before one; the detectors, the sentence splitter and the model scorer's
sentence-break signal all read this one list.
"""

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
    """The listed abbreviations, each with its final period."""
    return frozenset(data.lines("en_abbreviations.txt"))


@lru_cache(maxsize=2)
def abbreviation_stems(lower: bool = False) -> frozenset[str]:
    """The listed abbreviations without their final period ("Mr", "U.S"), lowercased if `lower`."""
    return frozenset((a.lower() if lower else a).rstrip(".") for a in abbreviations())


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
