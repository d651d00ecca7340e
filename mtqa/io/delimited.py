"""TSV and CSV: a header row naming the columns (`id`, `source`/`src`,
`target`/`mt`, `reference`/`ref`, `note`, `doc`), or no header and the
columns source, target[, reference]. CSV follows RFC 4180 quoting; TSV is
plain tab-separated (no quoting), as spreadsheets and MT tools export it."""

from __future__ import annotations

import csv
import io
from typing import Iterator

from ..types import Segment
from .errors import InputError
from .text import read_text
from .units import UniqueIds, eager

COLUMNS = {
    "id": "id", "source": "source", "src": "source", "target": "target", "mt": "target", "tgt": "target",
    "reference": "reference", "ref": "reference", "note": "note", "notes": "note", "doc": "doc",
}


def _rows(text: str, delimiter: str, path: str) -> Iterator[tuple[int, list[str]]]:
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting, strict=True)
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(path, reader.line_num or start, f"malformed {'TSV' if delimiter == chr(9) else 'CSV'}: {exc}") from None


@eager
def read_delimited(path: str, *, encoding: str = "utf-8", delimiter: str = ",") -> Iterator[Segment]:
    fmt = "tsv" if delimiter == "\t" else "csv"
    text = read_text(path, encoding)
    rows = _rows(text, delimiter, path)
    header: dict[str, int] | None = None
    ids = UniqueIds(path)
    for lineno, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if header is None and not len(ids):
            names = [COLUMNS.get(c.strip().lower()) for c in row]
            if "target" in names or "source" in names:
                header = {}
                for i, name in enumerate(names):
                    if name is None:
                        continue
                    if name in header:
                        raise InputError(path, lineno, f"column {row[i]!r} given twice in the header")
                    header[name] = i
                missing = [c for c in ("source", "target") if c not in header]
                if missing:
                    raise InputError(path, lineno, f"the header has no {' or '.join(missing)} column")
                width = len(row)
                continue
            header = {"source": 0, "target": 1}
            if len(row) >= 3:
                header["reference"] = 2
            width = len(row)
        if len(row) < 2 or len(row) < max(header.values()) + 1:
            raise InputError(path, lineno, f"{len(row)} column{'s' if len(row) != 1 else ''}, expected {width} "
                             f"({', '.join(sorted(header, key=header.get))})")
        if len(row) > width:
            raise InputError(path, lineno, f"{len(row)} columns, expected {width}")

        def get(name: str) -> str | None:
            i = header.get(name)
            return row[i] if i is not None and i < len(row) else None

        unit_id = get("id")
        unit_id = unit_id.strip() if unit_id is not None and unit_id.strip() else str(len(ids) + 1)
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
