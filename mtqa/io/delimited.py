"""TSV and CSV: a header row naming the columns (`id`, `source`/`src`,
`target`/`mt`, `reference`/`ref`, `note`, `doc`), or no header and the
columns source, target[, reference]. CSV follows RFC 4180 quoting; TSV is
plain tab-separated (no quoting), as spreadsheets and MT tools export it."""

from __future__ import annotations

import csv
import io
from typing import Iterator, Sequence

from ..types import Segment
from .errors import InputError
from .text import read_text
from .units import UniqueIds, eager
from .writing import Rendered, Unit, UnitChange, find_units, line_body, read_original

COLUMNS = {
    "id": "id", "source": "source", "src": "source", "target": "target", "mt": "target", "tgt": "target",
    "reference": "reference", "ref": "reference", "note": "note", "notes": "note", "doc": "doc",
}


def row_id(cell: str | None, number: int) -> str:
    """A row's unit id, for the reader and the writer: its id cell, else its
    number among the rows (1-based, the header not counted)."""
    return cell.strip() if cell is not None and cell.strip() else str(number)


def _records(text: str, delimiter: str, path: str) -> Iterator[tuple[int, int, list[str]]]:
    """(index of its first physical line, how many lines it spans, cells) of each
    CSV/TSV record, for the reader (line numbers) and the writer (which lines
    to replace)."""
    physical = io.StringIO(text, newline="").readlines()
    consumed = [0]

    def feed() -> Iterator[str]:
        for line in physical:
            consumed[0] += 1
            yield line

    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(feed(), delimiter=delimiter, quoting=quoting, strict=True)
    start = 0
    try:
        for row in reader:
            yield start, consumed[0] - start, row
            start = consumed[0]
    except csv.Error as exc:
        raise InputError(path, reader.line_num or start + 1,
                         f"malformed {'TSV' if delimiter == chr(9) else 'CSV'}: {exc}") from None


def header_of(row: list[str], path: str, lineno: int) -> dict[str, int] | None:
    """The columns a header row names (name -> index), for the reader and the
    writer; None when the row names neither a source nor a target column (it
    is data). A column named twice, or a header without source or target
    column, is refused."""
    names = [COLUMNS.get(c.strip().lower()) for c in row]
    if "target" not in names and "source" not in names:
        return None
    header: dict[str, int] = {}
    for i, name in enumerate(names):
        if name is None:
            continue
        if name in header:
            raise InputError(path, lineno, f"column {row[i]!r} given twice in the header")
        header[name] = i
    missing = [c for c in ("source", "target") if c not in header]
    if missing:
        raise InputError(path, lineno, f"the header has no {' or '.join(missing)} column")
    return header


def default_columns(row: list[str]) -> dict[str, int]:
    """The columns of a file without a header: source, target[, reference]."""
    return {"source": 0, "target": 1, **({"reference": 2} if len(row) >= 3 else {})}


@eager
def read_delimited(path: str, *, encoding: str = "utf-8", delimiter: str = ",") -> Iterator[Segment]:
    fmt = "tsv" if delimiter == "\t" else "csv"
    text = read_text(path, encoding)
    header: dict[str, int] | None = None
    ids = UniqueIds(path)
    for start, _count, row in _records(text, delimiter, path):
        lineno = start + 1
        if not any(cell.strip() for cell in row):
            continue
        if header is None and not len(ids):
            width = len(row)
            header = header_of(row, path, lineno)
            if header is not None:
                continue
            header = default_columns(row)
        if len(row) < 2 or len(row) < max(header.values()) + 1:
            raise InputError(path, lineno, f"{len(row)} column{'s' if len(row) != 1 else ''}, expected {width} "
                             f"({', '.join(sorted(header, key=header.get))})")
        if len(row) > width:
            raise InputError(path, lineno, f"{len(row)} columns, expected {width}")

        def get(name: str) -> str | None:
            i = header.get(name)
            return row[i] if i is not None and i < len(row) else None

        unit_id = row_id(get("id"), len(ids) + 1)
        ids.add(unit_id, lineno)
        ref = get("reference")
        note = get("note")
        doc = get("doc")
        yield Segment(
            id=unit_id, source=get("source") or "", target=get("target") or "",
            reference=ref if "reference" in header else None,
            doc=doc or None, place=f"{path}:{lineno}", note=note or None,
            meta={"format": fmt, "line": lineno, "row": len(ids), "columns": dict(header)},
        )
    if not len(ids):
        raise InputError(path, None, "empty input: no rows")


def read_tsv(path: str, *, encoding: str = "utf-8") -> Iterator[Segment]:
    return read_delimited(path, encoding=encoding, delimiter="\t")


def read_csv(path: str, *, encoding: str = "utf-8") -> Iterator[Segment]:
    return read_delimited(path, encoding=encoding, delimiter=",")


# ---------------------------------------------------------------- the writer


def _write_delimited(path: str, segments, changes, encoding: str, delimiter: str) -> Rendered:
    text, bom, _ = read_original(path, encoding)
    header: dict[str, int] | None = None
    units: list[Unit] = []
    for start, count, row in _records(text, delimiter, path):
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = header_of(row, path, start + 1)
            if header is not None:
                continue
            header = default_columns(row)
        col = header.get("target", 1)
        if col >= len(row):
            continue
        cell = row[header["id"]] if "id" in header and header["id"] < len(row) else None
        units.append(Unit(row_id(cell, len(units) + 1), row[col], (start, count, row, col)))
    where = find_units(units, segments, changes, path)
    lines = io.StringIO(text, newline="").readlines()
    for c in sorted(changes, key=lambda c: -units[where[c.index]].ref[0]):
        start, count, row, col = units[where[c.index]].ref
        raw = "".join(lines[start:start + count])
        _body_text, end = line_body(raw)
        new_row = list(row)
        new_row[col] = c.target
        if delimiter == "\t":
            if any(ch in c.target for ch in "\t\n\r"):
                raise InputError(path, start + 1, "a corrected TSV cell would contain a tab or line break")
            out = "\t".join(new_row) + end
        else:
            quoted = _quoted_fields(raw, delimiter)
            cells = []
            for k, cell in enumerate(new_row):
                if (k < len(quoted) and quoted[k]) or any(ch in cell for ch in (delimiter, '"', "\r", "\n")):
                    cell = '"' + cell.replace('"', '""') + '"'
                cells.append(cell)
            out = delimiter.join(cells) + end
        lines[start:start + count] = [out]
    return Rendered(path, text, "".join(lines), bom, encoding)


def _quoted_fields(raw: str, delimiter: str) -> list[bool]:
    """Which fields of one raw CSV record were written in quotes, so that a
    rewritten row keeps the quoting of the cells it does not change."""
    out: list[bool] = []
    k, n = 0, len(raw)
    while True:
        if k < n and raw[k] == '"':
            out.append(True)
            k += 1
            while k < n:
                if raw[k] == '"':
                    if k + 1 < n and raw[k + 1] == '"':
                        k += 2
                        continue
                    k += 1
                    break
                k += 1
        else:
            out.append(False)
        while k < n and raw[k] not in (delimiter, "\r", "\n"):
            k += 1
        if k < n and raw[k] == delimiter:
            k += 1
            continue
        return out


def write_tsv(path: str, segments: Sequence[Segment], changes: Sequence[UnitChange], encoding: str) -> Rendered:
    return _write_delimited(path, segments, changes, encoding, "\t")


def write_csv(path: str, segments: Sequence[Segment], changes: Sequence[UnitChange], encoding: str) -> Rendered:
    return _write_delimited(path, segments, changes, encoding, ",")
