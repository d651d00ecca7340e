"""TMX 1.4: one segment per <tu>. The French variant is the header's `srclang`
when it is French, else the first fr-* <tuv>; the English one the first en-*.
Ids are the `tuid` (the <tu>'s position when it has none)."""

from __future__ import annotations

from typing import Any, Iterator, Sequence

from ..types import Segment
from .errors import InputError
from .units import UniqueIds, eager, is_english, is_french
from .writing import Rendered, Unit, UnitChange, find_units, read_original
from .xmlsafe import XML_LANG, TextPlaces, child, children, inline_text, local, parse, read_bytes


def unit_id(tu: Any, n: int) -> str:
    """The id of the `n`th <tu> (1-based), for the reader and the writer: its tuid, else n."""
    return tu.get("tuid") or str(n)


def tuv_lang(tuv: Any) -> str | None:
    """A <tuv>'s language (xml:lang, or TMX 1.1's lang), for the reader and the writer."""
    return tuv.get(XML_LANG) or tuv.get("lang")


def english_tuv(tuvs: list[tuple[str | None, Any]]) -> tuple[str | None, Any] | None:
    """The (language, <tuv>) the target is read from and written to: the first en-*."""
    return next((t for t in tuvs if is_english(t[0])), None)


@eager
def read_tmx(path: str, *, encoding: str = "utf-8") -> Iterator[Segment]:
    raw = read_bytes(path)
    root = parse(path, encoding, raw)
    places = TextPlaces(raw, path, encoding)
    if local(root.tag) != "tmx":
        raise InputError(path, root.sourceline, f"not TMX: the root element is <{local(root.tag)}>")
    header = child(root, "header")
    srclang = header.get("srclang") if header is not None else None
    body = child(root, "body")
    if body is None:
        raise InputError(path, root.sourceline, "no <body> element")
    ids = UniqueIds(path)
    for n, tu in enumerate(children(body, "tu"), 1):
        tuvs = []
        for tuv in children(tu, "tuv"):
            lang = tuv_lang(tuv)
            if not lang:
                raise InputError(path, tuv.sourceline, "<tuv> without xml:lang")
            tuvs.append((lang, tuv))
        french = [t for t in tuvs if is_french(t[0])]
        src = next((t for t in french if srclang and t[0].lower() == srclang.lower()), french[0] if french else None)
        tgt = english_tuv(tuvs)
        if src is None:
            raise InputError(path, tu.sourceline, "<tu> has no French (fr-*) <tuv>")
        uid = unit_id(tu, n)
        ids.add(uid, tu.sourceline)
        seg_s = child(src[1], "seg")
        if seg_s is None:
            raise InputError(path, src[1].sourceline, "<tuv> without <seg>")
        source, s_tags = inline_text(seg_s)
        meta = {"format": "tmx", "unit": uid, "position": n, "line": tu.sourceline, "source_lang": src[0]}
        if tgt is not None:
            seg_t = child(tgt[1], "seg")
            if seg_t is None:
                raise InputError(path, tgt[1].sourceline, "<tuv> without <seg>")
            target, t_tags = inline_text(seg_t)
            meta["target_lang"] = tgt[0]
        else:
            target, t_tags = "", False
            meta["missing_target"] = True
        if s_tags or t_tags:
            meta["inline"] = True
        origin = places.origin(path, seg_s, source, seg_t if tgt is not None else None, target)
        if origin:
            meta["origin"] = origin
        notes = [" ".join("".join(x.itertext()).split()) for el in (tu, src[1], tgt[1] if tgt else None)
                 if el is not None for x in children(el, "note")]
        yield Segment(
            id=uid, source=source, target=target, place=f"{path}:{tu.sourceline}",
            note="\n".join(t for t in notes if t) or None, meta=meta,
        )
    if not len(ids):
        raise InputError(path, None, "empty input: no <tu>")


def write_tmx(path: str, segments: Sequence[Segment], changes: Sequence[UnitChange], encoding: str) -> Rendered:
    from .xmlsplice import Splicer, inline, line_of, set_inline, xml_tree

    text, bom, raw = read_original(path, encoding)
    root = xml_tree(path, raw, encoding)
    body = child(root, "body")
    units: list[Unit] = []
    if body is not None:
        for n, tu in enumerate(children(body, "tu"), 1):
            tgt = english_tuv([(tuv_lang(t), t) for t in children(tu, "tuv")])
            seg = child(tgt[1], "seg") if tgt is not None else None
            if seg is None:
                continue
            units.append(Unit(unit_id(tu, n), inline(seg), seg))
    where = find_units(units, segments, changes, path)
    splice = Splicer(root, text, path)
    for c in changes:
        seg = units[where[c.index]].ref
        set_inline(seg, c.target, path, line_of(seg))
        splice.replace_content(seg)
    return Rendered(path, text, splice.text(), bom, encoding)
