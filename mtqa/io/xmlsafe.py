"""Safe XML parsing for the XML readers (XLIFF, TMX, feeds).

lxml with entity substitution, DTD loading and network access off. A document
that declares entities (the "billion laughs" bomb, external entities) is
refused outright, with the line and column of the declaration; a DOCTYPE that
only names an external DTD (`<!DOCTYPE tmx SYSTEM "tmx14.dtd">`) is accepted
and the DTD is never fetched.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from .errors import InputError
from .text import STDIN, decode_strict, open_binary

_ENTITY_DECL = re.compile(r"<!ENTITY\b")
_INLINE_DECL = re.compile(r"<!DOCTYPE\b[^>\[]*\[")


def read_bytes(path: str) -> bytes:
    fh = open_binary(path)
    try:
        return fh.read()
    finally:
        if path != STDIN:
            fh.close()


def _place(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return f"{line}:{offset - start + 1}"


def check_utf8(raw: bytes, path: str, encoding: str) -> str:
    """Strict decoding with an exact place, as the text readers do; the text."""
    return decode_strict(raw, path, encoding)


def parse(path: str, encoding: str = "utf-8", raw: bytes | None = None) -> Any:
    """The lxml root element of a file, parsed safely; InputError on anything bad."""
    from lxml import etree

    if raw is None:
        raw = read_bytes(path)
    if not raw.strip():
        raise InputError(path, None, "empty input")
    # The checks run on the text as decoded with the user's encoding, and the
    # parser is told that encoding (an XML declaration cannot override it).
    text = check_utf8(raw, path, encoding)
    m = _ENTITY_DECL.search(text)
    if m:
        raise InputError(
            path, _place(text, m.start()),
            "XML entity declarations are refused (entity expansion and external entities are not allowed)",
        )
    m = _INLINE_DECL.search(text)
    if m:
        raise InputError(path, _place(text, m.start()), "an internal DTD subset is refused")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        encoding="utf-8",
    )
    try:
        # Parsed from the decoded text, re-encoded: the user's --encoding wins over
        # any XML declaration, so nothing the checks above did not see is parsed.
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        line, col = getattr(exc, "position", (exc.lineno, None)) or (exc.lineno, None)
        msg = exc.msg if hasattr(exc, "msg") else str(exc)
        msg = re.sub(r",? line \d+, column \d+\s*$", "", str(msg)).strip()
        place = f"{line}:{col}" if line and col else (line or None)
        raise InputError(path, place, f"malformed XML: {msg}") from None
    except ValueError as exc:
        raise InputError(path, None, f"malformed XML: {exc}") from None
    if root is None:
        raise InputError(path, None, "empty input")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and next(iter(dtd.iterentities()), None) is not None:  # defence in depth
        raise InputError(path, None, "XML entity declarations are refused")
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise InputError(path, node.sourceline, f"undeclared entity reference &{node.name}; is refused")
    return root


def local(tag: Any) -> str:
    """An element's name without its namespace ('' for comments and the like)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(el: Any, name: str) -> Iterator[Any]:
    for child in el:
        if local(child.tag) == name:
            yield child


def child(el: Any, name: str) -> Any:
    return next(children(el, name), None)


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def attrs_text(el: Any, keep: tuple[str, ...]) -> str:
    parts = []
    for key, value in el.attrib.items():
        name = local(key)
        if name in keep:
            value = value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            parts.append(f' {name}="{value}"')
    return "".join(parts)


# Inline elements whose content is text to translate (rendered open tag, text, close tag)
PAIRED = {"g", "pc", "mrk", "hi", "sub"}
# Attributes a placeholder keeps so that source and target tags can be matched.
PLACEHOLDER_ATTRS = ("id", "rid", "mid", "x", "i", "type", "startRef", "mtype", "pos", "hex", "ctype")


def inline_text(el: Any) -> tuple[str, bool]:
    """The text of a <source>/<target>/<seg> with inline tags kept as placeholders.

    Paired elements (g, pc, mrk, hi, sub) become `<g id="1">…</g>`; stand-alone
    codes (x, ph, bx, ex, bpt, ept, it, sc, ec, sm, em, ut) become an empty
    element `<ph id="1"/>` (their native code is not text to translate). XLIFF
    2's `<cp hex="…"/>` becomes the character it stands for. Returns the text
    and whether any tag was rendered, so a writer knows to parse them back.
    """
    out: list[str] = []
    tagged = False

    def walk(node: Any) -> None:
        nonlocal tagged
        if node.text:
            out.append(node.text)
        for sub in node:
            name = local(sub.tag)
            if name == "cp":
                try:
                    out.append(chr(int(sub.get("hex", ""), 16)))
                except ValueError:
                    out.append("\ufffd")
            elif name == "mrk" and sub.get("mtype") == "seg":
                walk(sub)  # XLIFF 1.2 segmentation marker, not markup
            elif name in PAIRED:
                tagged = True
                out.append(f"<{name}{attrs_text(sub, PLACEHOLDER_ATTRS)}>")
                walk(sub)
                out.append(f"</{name}>")
            elif name:
                tagged = True
                out.append(f"<{name}{attrs_text(sub, PLACEHOLDER_ATTRS)}/>")
            if sub.tail:
                out.append(sub.tail)

    walk(el)
    return "".join(out), tagged


class TextPlaces:
    """Where an element's text starts in the decoded file, for places that
    point at the text node (line and column of a span, not of its unit)."""

    def __init__(self, raw: bytes, path: str, encoding: str) -> None:
        self.text = check_utf8(raw, path, encoding)
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts

    def anchors(self, el: Any, text: str) -> list[list[int]] | None:
        """[offset, line, column] anchors for `text` (the element's text as
        read) when it stands verbatim in the file after the start tag; None
        when it does not (entities, inline codes): then only the unit's line
        is given."""
        line = getattr(el, "sourceline", None)
        if el is None or line is None or not text or line > len(self.starts):
            return None
        name = local(el.tag)
        m = re.compile(r"<(?:[\w.-]+:)?" + re.escape(name) + r"(?=[\s/>])[^>]*>").search(self.text, self.starts[line - 1])
        if m is None or m.group().endswith("/>"):
            return None
        begin = m.end()
        if self.text[begin:begin + len(text)] != text:
            return None
        first_line = self.text.count("\n", self.starts[line - 1], begin) + line
        out = [[0, first_line, begin - self.starts[first_line - 1] + 1]]
        k = text.find("\n")
        ln = first_line
        while k >= 0:
            ln += 1
            out.append([k + 1, ln, 1])
            k = text.find("\n", k + 1)
        return out

    def origin(self, path: str, src_el: Any, source: str, tgt_el: Any, target: str) -> dict | None:
        a = self.anchors(src_el, source)
        b = self.anchors(tgt_el, target)
        if a is None and b is None:
            return None
        out = {}
        if a is not None:
            out["source"] = [path, a]
        if b is not None:
            out["target"] = [path, b]
        return out
