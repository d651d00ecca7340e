"""XLIFF 1.2 and 2.x: one segment per trans-unit (1.2) or per <segment> (2.x).

Inline codes are kept as placeholders the markup checks can see (see
`xmlsafe.inline_text`); <note>s become the segment's note (so `mtqa: ignore[…]`
works there). Ids are the unit's own id (`unit/segment` when a 2.x unit has
several segments), prefixed with the file's `original`/`id` only when the
document has several <file>s. `meta` holds what a writer needs to find the
unit again: format, version, file, unit, segment and the line of the unit.
"""

from __future__ import annotations

from typing import Any, Iterator, Sequence

from ..types import Segment
from .errors import InputError
from .units import UniqueIds, eager, is_english, is_french
from .writing import Rendered, Unit, UnitChange, find_units, read_original
from .xmlsafe import TextPlaces, read_bytes, child, children, inline_text, local, parse


def file_name(f: Any, n: int, version: str) -> str:
    """The name of the `n`th <file> (1-based): `original` (1.2; 2.x: or `id`), else n."""
    if version.startswith("1"):
        return f.get("original") or str(n)
    return f.get("original") or f.get("id") or str(n)


def unit_id(fname: str, base: str, multi: bool) -> str:
    """A unit's (segment's) id, for the reader and the writer: `base` (the
    trans-unit id; 2.x: see segment_base), prefixed by its file's name when the
    document has several <file>s."""
    return f"{fname}#{base}" if multi else base


def segment_base(uid: str, sid: str | None, i: int, count: int) -> str:
    """The id base of the `i`th of `count` <segment>s of 2.x unit `uid`."""
    return uid if count == 1 else f"{uid}/{sid or i}"


def unit_segments(unit: Any, uid: str) -> list[tuple[int, Any, str]]:
    """(position, <segment>, id base) of each <segment> of a 2.x <unit>, for
    the reader and the writer."""
    segs = [s for s in unit if local(s.tag) == "segment"]
    return [(i, seg, segment_base(uid, seg.get("id"), i, len(segs))) for i, seg in enumerate(segs, 1)]


def xliff_version(root: Any) -> str:
    """The document's XLIFF version, for the reader and the writer: its
    `version` attribute, else 2.0 for the 2.0 namespace, else 1.2."""
    version = (root.get("version") or "").strip()
    if not version:
        ns = root.tag.partition("}")[0]
        version = "2.0" if ns.endswith(":2.0") else "1.2"
    return version


def _lang_check(path: str, line: Any, src: str | None, tgt: str | None) -> None:
    if src and not is_french(src):
        raise InputError(path, line, f"source language is {src!r}; mtqa checks French → English")
    if tgt and not is_english(tgt):
        raise InputError(path, line, f"target language is {tgt!r}; mtqa checks French → English")


def _notes(el: Any) -> str | None:
    texts = []
    for holder in (el, child(el, "notes")):
        if holder is None:
            continue
        for n in children(holder, "note"):
            t = "".join(n.itertext()).strip()
            if t:
                texts.append(t)
    return "\n".join(texts) or None


@eager
def read_xliff(path: str, *, encoding: str = "utf-8") -> Iterator[Segment]:
    raw = read_bytes(path)
    root = parse(path, encoding, raw)
    places = TextPlaces(raw, path, encoding)
    if local(root.tag) != "xliff":
        raise InputError(path, root.sourceline, f"not XLIFF: the root element is <{local(root.tag)}>")
    version = xliff_version(root)
    files = list(children(root, "file"))
    if not files:
        raise InputError(path, root.sourceline, "no <file> element")
    ids = UniqueIds(path)
    if version.startswith("1"):
        gen = _read_12(path, files, ids, version, places)
    elif version.startswith("2"):
        _lang_check(path, root.sourceline, root.get("srcLang"), root.get("trgLang"))
        gen = _read_2x(path, files, ids, version, places)
    else:
        raise InputError(path, root.sourceline, f"unsupported XLIFF version {version!r} (1.2 and 2.x are read)")
    yield from gen
    if not len(ids):
        raise InputError(path, None, "empty input: no translation unit")


def _read_12(path: str, files: list, ids: UniqueIds, version: str, places: TextPlaces) -> Iterator[Segment]:
    multi = len(files) > 1
    for n, f in enumerate(files, 1):
        _lang_check(path, f.sourceline, f.get("source-language"), f.get("target-language"))
        fname = file_name(f, n, version)
        for tu in f.iter("{*}trans-unit"):
            uid = tu.get("id")
            if not uid:
                raise InputError(path, tu.sourceline, "<trans-unit> without an id")
            src_el = child(tu, "source")
            if src_el is None:
                raise InputError(path, tu.sourceline, f"<trans-unit id={uid!r}> has no <source>")
            tgt_el = child(tu, "target")
            source, s_tags = inline_text(src_el)
            target, t_tags = inline_text(tgt_el) if tgt_el is not None else ("", False)
            seg_id = ids.add(unit_id(fname, uid, multi), tu.sourceline)
            meta = {"format": "xliff", "version": version, "file": fname, "unit": uid, "line": tu.sourceline}
            if tgt_el is None:
                meta["missing_target"] = True
            elif tgt_el.get("state"):
                meta["state"] = tgt_el.get("state")
            if s_tags or t_tags:
                meta["inline"] = True
            if tu.get("translate") == "no":
                meta["translate"] = False
            origin = places.origin(path, src_el, source, tgt_el, target)
            if origin:
                meta["origin"] = origin
            yield Segment(
                id=seg_id, source=source, target=target, doc=fname if multi else None,
                place=f"{path}:{tu.sourceline}", note=_notes(tu), meta=meta,
            )


def _read_2x(path: str, files: list, ids: UniqueIds, version: str, places: TextPlaces) -> Iterator[Segment]:
    multi = len(files) > 1
    for n, f in enumerate(files, 1):
        fname = file_name(f, n, version)
        for unit in f.iter("{*}unit"):
            uid = unit.get("id")
            if not uid:
                raise InputError(path, unit.sourceline, "<unit> without an id")
            note = _notes(unit)
            segs = unit_segments(unit, uid)
            if not segs:
                raise InputError(path, unit.sourceline, f"<unit id={uid!r}> has no <segment>")
            for i, seg, base in segs:
                src_el = child(seg, "source")
                if src_el is None:
                    raise InputError(path, seg.sourceline, f"<segment> of unit {uid!r} has no <source>")
                tgt_el = child(seg, "target")
                source, s_tags = inline_text(src_el)
                target, t_tags = inline_text(tgt_el) if tgt_el is not None else ("", False)
                sid = seg.get("id")
                seg_id = ids.add(unit_id(fname, base, multi), seg.sourceline)
                meta = {"format": "xliff", "version": version, "file": fname, "unit": uid,
                        "segment": sid or i, "line": seg.sourceline}
                if tgt_el is None:
                    meta["missing_target"] = True
                if seg.get("state"):
                    meta["state"] = seg.get("state")
                if s_tags or t_tags:
                    meta["inline"] = True
                origin = places.origin(path, src_el, source, tgt_el, target)
                if origin:
                    meta["origin"] = origin
                yield Segment(
                    id=seg_id, source=source, target=target, doc=fname if multi else None,
                    place=f"{path}:{seg.sourceline}", note=note, meta=meta,
                )


def write_xliff(path: str, segments: Sequence[Segment], changes: Sequence[UnitChange], encoding: str) -> Rendered:
    from .xmlsplice import Splicer, inline, line_of, set_inline, xml_tree

    text, bom, raw = read_original(path, encoding)
    root = xml_tree(path, raw, encoding)
    version = xliff_version(root)
    files = list(children(root, "file"))
    multi = len(files) > 1
    units: list[Unit] = []
    for n, f in enumerate(files, 1):
        if version.startswith("1"):
            fname = file_name(f, n, version)
            for tu in f.iter("{*}trans-unit"):
                tgt = child(tu, "target")
                if tgt is None:
                    continue
                uid = tu.get("id") or ""
                units.append(Unit(unit_id(fname, uid, multi), inline(tgt), (tgt, tgt)))
        else:
            fname = file_name(f, n, version)
            for unit in f.iter("{*}unit"):
                uid = unit.get("id") or ""
                for _i, seg, base in unit_segments(unit, uid):
                    tgt = child(seg, "target")
                    if tgt is not None:
                        units.append(Unit(unit_id(fname, base, multi), inline(tgt), (tgt, seg)))
    where = find_units(units, segments, changes, path)
    splice = Splicer(root, text, path)
    for c in changes:
        tgt, holder = units[where[c.index]].ref
        set_inline(tgt, c.target, path, line_of(tgt))
        state = holder.get("state")
        if version.startswith("1"):
            if c.review:
                holder.set("state", "needs-review-translation")
            elif state in (None, "new", "needs-translation"):
                holder.set("state", "translated")
        else:
            if c.review:
                holder.set("state", "translated")
                holder.set("subState", "mtqa:needs-review")
            elif state in (None, "initial"):
                holder.set("state", "translated")
        splice.replace_content(tgt)
        if holder is not tgt:
            splice.set_attributes(holder)
    return Rendered(path, text, splice.text(), bom, encoding)
