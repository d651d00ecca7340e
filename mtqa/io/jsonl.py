"""JSON Lines: one object a line with `source`/`target` (or `src`/`mt`), optional
`id`, `reference` (`ref`), `note`, `doc`. Ids default to the line number."""

from __future__ import annotations

import json
from typing import Iterator, Sequence

from ..types import Segment
from .errors import InputError
from .text import iter_lines
from .units import UniqueIds
from .writing import Rendered, Unit, UnitChange, find_units, line_body, read_original, split_lines

ALIASES = {
    "source": ("source", "src"),
    "target": ("target", "mt", "tgt"),
    "reference": ("reference", "ref"),
}


def field_key(obj: dict, name: str) -> str | None:
    """The key a line's `name` field is under (the first of its aliases
    present), for the reader and the writer (which rewrites the target there)."""
    return next((key for key in ALIASES.get(name, (name,)) if key in obj), None)


def _field(obj: dict, name: str, path: str, lineno: int, required: bool) -> str | None:
    key = field_key(obj, name)
    if key is not None:
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


def _load(line: str, path: str, lineno: int):
    """One line's JSON value; an InputError at its line and column if it is not JSON."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"{lineno}:{exc.colno}", f"not JSON: {exc.msg}") from None
    except ValueError as exc:  # a number too long for int(): not a JSONDecodeError
        raise InputError(path, lineno, str(exc)) from None


def unit_id(obj: dict, lineno: int) -> str:
    """A line's unit id, for the reader and the writer: its `id`, else its line number."""
    return str(obj.get("id", lineno))


def read_jsonl(path: str, *, encoding: str = "utf-8") -> Iterator[Segment]:
    ids = UniqueIds(path)
    for lineno, line in iter_lines(path, encoding):
        if not line.strip():
            continue
        obj = _load(line, path, lineno)
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
        seg_id = ids.add(unit_id(obj, lineno), lineno)
        yield Segment(
            id=seg_id, source=source, target=target, reference=reference,
            doc=str(doc) if doc is not None else None, place=f"{path}:{lineno}", note=note,
            meta={"format": "jsonl", "line": lineno},
        )
    if not len(ids):
        raise InputError(path, None, "empty input: no JSON object")


def write_jsonl(path: str, segments: Sequence[Segment], changes: Sequence[UnitChange], encoding: str) -> Rendered:
    text, bom, _ = read_original(path, encoding)
    lines = split_lines(text)
    units = []
    for n, line in enumerate(lines, 1):
        body, _end = line_body(line)
        if not body.strip():
            continue
        obj = _load(body, path, n)
        if not isinstance(obj, dict):
            continue
        key = field_key(obj, "target")
        if key is None or not isinstance(obj[key], str):
            continue
        units.append(Unit(unit_id(obj, n), obj[key], (n - 1, obj, key)))
    where = find_units(units, segments, changes, path)
    for c in changes:
        n, obj, key = units[where[c.index]].ref
        body, end = line_body(lines[n])
        obj[key] = c.target
        compact = '":"' in body or '","' in body
        ascii_only = body.isascii()
        lines[n] = json.dumps(obj, ensure_ascii=ascii_only,
                              separators=(",", ":") if compact else (", ", ": ")) + end
    return Rendered(path, text, "".join(lines), bom, encoding)
