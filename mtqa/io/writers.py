"""Writing corrected targets back into the input's own format.

Each format's writer sits beside its reader in the format's module; the table
of formats (`formats.FORMATS`) says which formats have one.
`render(fmt, path, segments, changes)` returns the original and the new text;
the caller writes the file (atomically) and makes the diff.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from ..types import Segment
from .errors import InputError
from .formats import WRITERS
from .writing import Rendered, UnitChange


def render(fmt: str, path: str, segments: Sequence[Segment], changes: Iterable[UnitChange], *,
           encoding: str = "utf-8") -> Rendered:
    writer = WRITERS.get(fmt)
    if writer is None:
        raise InputError(path, None, f"`mtqa fix` cannot write {fmt!r} files back "
                         f"(it writes {', '.join(sorted(set(WRITERS) - {'text'}))})")
    return writer(path, list(segments), list(changes), encoding)


__all__ = ["UnitChange", "Rendered", "WRITERS", "render"]
