"""Helpers the bilingual readers share: unique ids, language codes."""

from __future__ import annotations

from .errors import InputError


class UniqueIds:
    """Refuses a second unit with the same id, naming where the first one was."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.seen: dict[str, object] = {}

    def add(self, unit_id: str, line: int | None) -> str:
        """Record a unit's id; `line` is where the unit starts."""
        if unit_id in self.seen:
            first = self.seen[unit_id]
            raise InputError(self.path, line, f"duplicate id {unit_id!r} (first at line {first})")
        self.seen[unit_id] = line
        return unit_id

    def __len__(self) -> int:
        return len(self.seen)


def is_french(lang: str | None) -> bool:
    return bool(lang) and lang.lower().replace("_", "-").split("-")[0] in ("fr", "fra", "fre")


def is_english(lang: str | None) -> bool:
    return bool(lang) and lang.lower().replace("_", "-").split("-")[0] in ("en", "eng")


def eager(reader):
    """Run a reader to the end before the first segment is handed out, so that bad
    input is refused before any report line is written. For formats that are
    parsed whole anyway (XML, PO, CSV, SRT)."""
    import functools

    @functools.wraps(reader)
    def wrapper(*args, **kwargs):
        return iter(list(reader(*args, **kwargs)))

    return wrapper
