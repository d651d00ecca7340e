"""Word lists and term bases shipped with mtqa, loaded once and cached."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file, stripped."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def wordset(name: str, lower: bool = True) -> frozenset[str]:
    return frozenset(w.lower() if lower else w for w in lines(name))


@lru_cache(maxsize=None)
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows of a data file."""
    return tuple(tuple(c.strip() for c in line.split("\t")) for line in lines(name))
