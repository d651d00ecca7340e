"""Values a number word may stand for besides its own, read from the words after it
("ten and a half", "two decades", "deux fois moins", "sept milles"); split from
extraction.py, whose word-run pass asks it."""

from __future__ import annotations

import re

from .quantity import rounded


_TIMES_LESS = re.compile(r"\s+fois\s+moins\b")
_MILLES = re.compile(r"\s+milles\b")
_AND_A_HALF = re.compile(r"(?:\s+hours?)?[\s-]+and[\s-]+(?:a[\s-]+)?half\b", re.IGNORECASE)
_DECADES_AFTER = re.compile(r"[\s-]+(decades?|centur(?:y|ies))\b", re.IGNORECASE)


_IMPLIED_GATE = re.compile("and|ecade|entur|fois|milles")


def implied_values(after: str, lang: str, value: float) -> set:
    """Other values a number word may stand for, read from what follows it."""
    if not _IMPLIED_GATE.search(after):  # what each pattern below holds
        return set()
    if lang == "en":
        if _AND_A_HALF.match(after):  # "ten (hours) and a half" for "dix heures et demie"
            return {rounded(value + 0.5)}
        m = _DECADES_AFTER.match(after)  # "two decades" for "vingt ans"
        return {rounded(value * (10 if m.group(1).lower().startswith("decade") else 100))} if m else set()
    if _TIMES_LESS.match(after) and value:  # "deux fois moins cher": half the price, 50% cheaper
        return {rounded(1 / value), rounded(100 / value)}
    if _MILLES.match(after):  # "sept milles": seven miles, or "mille" misspelt
        return {rounded(value * 1000)}
    return set()
