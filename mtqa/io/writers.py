"""Writers: put corrected targets back into the input's own format.

Each format's writer sits beside its reader (`pair`, `jsonl`, `delimited`,
`xliff`, `tmx`, `po`, `srt`), sharing the format's unit-id function; what
they share is in `writing` (and `xmlsplice` for XML). This module maps a
format to its writer: `render(fmt, path, segments, changes)` returns the
original and the new text; the caller writes the file (atomically) and makes
the diff.
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

from ..types import Segment
from .delimited import write_csv, write_tsv
from .errors import InputError
from .jsonl import write_jsonl
from .pair import write_text
from .po import write_po
from .srt import write_srt
from .tmx import write_tmx
from .writing import Rendered, UnitChange
from .xliff import write_xliff

WRITERS: dict[str, Callable[[str, Sequence[Segment], Sequence[UnitChange], str], Rendered]] = {
    "pair": write_text,
    "text": write_text,
    "jsonl": write_jsonl,
    "tsv": write_tsv,
    "csv": write_csv,
    "xliff": write_xliff,
    "tmx": write_tmx,
    "po": write_po,
    "srt": write_srt,
}


def render(fmt: str, path: str, segments: Sequence[Segment], changes: Iterable[UnitChange], *,
           encoding: str = "utf-8") -> Rendered:
    writer = WRITERS.get(fmt)
    if writer is None:
        raise InputError(path, None, f"`mtqa fix` cannot write {fmt!r} files back "
                         f"(it writes {', '.join(sorted(set(WRITERS) - {'text'}))})")
    return writer(path, list(segments), list(changes), encoding)


__all__ = ["UnitChange", "Rendered", "WRITERS", "render"]
