"""JSON Lines: one object a line with `source`/`target` (or `src`/`mt`), optional
`id`, `reference` (`ref`), `note`, `doc`. Ids default to the line number."""

from __future__ import annotations

import json
from typing import Iterator

from ..types import Segment
from .errors import InputError
from .text import iter_lines
from .units import UniqueIds

ALIASES = {
    "source": ("source", "src"),
    "target": ("target", "mt", "tgt"),
    "reference": ("reference", "ref"),
}


def _field(obj: dict, name: str, path: str, lineno: int, required: bool) -> str | None:
    for key in ALIASES.get(name, (name,)):
        if key in obj:
            value = obj[key]
            if value is None and not required:
                return None
            if not isinstance(value, str):
                raise InputError(path, lineno, f"'{key}' must be a string, not {type(value).__name__}")
            return value
    if required:
        keys = " or ".join(repr(k) for k in ALIASES[name])
        raise InputError(path, lineno, f"no {keys} key in this JSON object")
    return None


def read_jsonl(path: str, *, encoding: str = "utf-8") -> Iterator[Segment]:
    ids = UniqueIds(path)
    for lineno, line in iter_lines(path, encoding):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"{lineno}:{exc.colno}", f"not JSON: {exc.msg}") from None
        if not isinstance(obj, dict):
            raise InputError(path, lineno, f"expected a JSON object, got {type(obj).__name__}")
        source = _field(obj, "source", path, lineno, True)
        target = _field(obj, "target", path, lineno, True)
        reference = _field(obj, "reference", path, lineno, False)
        note = _field(obj, "note", path, lineno, False)
        doc = obj.get("doc")
        raw_id = obj.get("id", lineno)
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
            raise InputError(path, lineno, "'id' must be a string or an integer")
        unit_id = ids.add(str(raw_id), lineno)
        yield Segment(
            id=unit_id, source=source, target=target, reference=reference,
            doc=str(doc) if doc is not None else None, place=f"{path}:{lineno}", note=note,
            meta={"format": "jsonl", "line": lineno},
        )
    if not len(ids):
        raise InputError(path, None, "empty input: no JSON object")
