"""Line-aligned pair: SOURCE and TARGET (and optional REF) files, one segment a line."""

from __future__ import annotations

from typing import Callable, Iterator, Sequence

from ..types import Segment
from .errors import InputError
from .text import Encoding, count_lines, is_regular_file, iter_lines, read_head, sniff_wide, split_encoding
from .errors import plural
from .writing import Rendered, Unit, UnitChange, find_units, line_body, read_original, split_lines, unit_place


def line_id(n: int) -> str:
    """The unit id of line `n` (1-based) of a line-aligned pair: reader and writer."""
    return str(n)


def read_pair(
    source: str, target: str, reference: str | None = None, *, encoding: Encoding = "utf-8",
    doc_ids: str | None = None, on_count: Callable[[int], None] | None = None,
) -> Iterator[Segment]:
    """Stream segments from line-aligned files; ids are 1-based line numbers.

    Regular files are counted first so that a misalignment is reported before
    any output is produced; streams are checked as they are read. `on_count`
    hears the target's line count once it is known (a progress total), so
    nobody reads the file a second time to count it.

    Documents: the files are one document, unless `doc_ids` names a file with
    one document id a line (as WMT distributes test sets), or a line blank on
    both sides separates documents (the blank line is still a segment, the
    last of its document).
    """
    src_enc, tgt_enc = split_encoding(encoding)
    paths = [p for p in (source, target, reference) if p is not None]
    # The reference is English: it is read like the target.
    encs = [src_enc, tgt_enc, tgt_enc][: len(paths)]
    flags = ["--source-encoding", "--target-encoding", "--target-encoding"]
    if doc_ids is not None:
        paths.append(doc_ids)
        encs.append("utf-8")
    for p, enc, flag in zip(paths, encs, flags):
        sniff_wide(read_head(p), p, enc, flag)
    counts = {p: count_lines(p, enc) for p, enc in zip(paths, encs) if is_regular_file(p)}
    if len(counts) == len(paths):
        if counts[source] == 0 and counts[target] == 0:
            raise InputError(source, None, f"empty input (and {target} is empty too)")
        for p in paths[1:]:
            if counts[p] != counts[source]:
                raise InputError(
                    source, None,
                    f"misaligned files: {source} has {plural(counts[source], 'line')}, {p} has {plural(counts[p], 'line')}",
                )
    if on_count is not None and target in counts:
        on_count(counts[target])
    iters = [iter_lines(p, enc) for p, enc in zip(paths, encs)]
    n = 0
    doc: str | None = None
    blank_docs = 1
    while True:
        rows = [next(it, None) for it in iters]
        if all(r is None for r in rows):
            break
        if any(r is None for r in rows):
            ended = paths[rows.index(None)]
            raise InputError(ended, None, f"misaligned files: {ended} ended at line {n}, the others go on")
        n += 1
        texts = [r[1] for r in rows]
        if doc_ids is not None:
            doc = texts[-1].strip()
            if not doc:
                raise InputError(doc_ids, n, "empty document id")
        yield Segment(
            id=line_id(n),
            source=texts[0],
            target=texts[1],
            reference=texts[2] if reference is not None else None,
            place=f"{target}:{n}",
            doc=doc,
        )
        if doc_ids is None and not texts[0].strip() and not texts[1].strip():
            blank_docs += 1  # a line blank on both sides ends the document
            doc = str(blank_docs)
    if n == 0:
        raise InputError(source, None, "empty input")


def write_text(path: str, segments: Sequence[Segment], changes: Sequence[UnitChange], encoding: str) -> Rendered:
    """The target file of a line-aligned pair: line n is segment n."""
    text, bom, _ = read_original(path, encoding)
    lines = split_lines(text)
    units = [Unit(line_id(n), line_body(line)[0], n - 1) for n, line in enumerate(lines, 1)]
    where = find_units(units, segments, changes, path)
    for c in changes:
        if "\n" in c.target:
            raise InputError(path, unit_place(c.segment), "a corrected line would contain a line break")
        n = units[where[c.index]].ref
        body, end = line_body(lines[n])
        lines[n] = c.target + end
    return Rendered(path, text, "".join(lines), bom, encoding)
