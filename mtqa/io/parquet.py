"""Parquet shards (`--executor dask`): a table with `source` and `target`
string columns, optional `id`, `reference`, `doc` and `note`. Ids default to
the row number (from 1), as the JSON Lines reader's default to the line
number. Needs pyarrow (`pip install 'mtqa[parquet]'`), imported only here."""

from __future__ import annotations

from ..types import Segment
from .errors import InputError

COLUMNS = ("id", "source", "target", "reference", "doc", "note")


def read_parquet(path: str) -> list[Segment]:
    """All segments of one Parquet file, in row order."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(path, None, "reading Parquet needs pyarrow (pip install pyarrow)") from None
    try:
        table = pq.read_table(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for bad files
        raise InputError(path, None, f"not a readable Parquet file: {exc}") from None
    cols = set(table.column_names)
    for need in ("source", "target"):
        if need not in cols:
            raise InputError(path, None, f"no {need!r} column (columns: {', '.join(sorted(cols))})")
    rows = table.num_rows
    data = {c: table.column(c).to_pylist() if c in cols else [None] * rows for c in COLUMNS}
    out = []
    for i in range(rows):
        row = i + 1
        src, tgt = data["source"][i], data["target"][i]
        if not isinstance(src, str) or not isinstance(tgt, str):
            raise InputError(path, f"row {row}", "'source' and 'target' must be strings")
        ref, doc, note, raw_id = data["reference"][i], data["doc"][i], data["note"][i], data["id"][i]
        out.append(Segment(
            id=str(raw_id if raw_id is not None else row), source=src, target=tgt,
            reference=ref if isinstance(ref, str) else None,
            doc=str(doc) if doc is not None else None, place=f"{path}:{row}",
            note=note if isinstance(note, str) else None,
        ))
    return out
