"""Writing XML targets back (XLIFF, TMX) without re-serializing the document.

The file is parsed as the readers parse it; a changed element's content is
spliced into the original text, so every other byte stays as it was. Inline
tags are kept where they are: a target's text is changed only between them.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import InputError


def xml_tree(path: str, raw: bytes, encoding: str):
    """The file parsed as the readers do (safe: no entities, no DTD, no network),
    but keeping comments and processing instructions so they are written back."""
    from lxml import etree

    from .xmlsafe import parse

    parse(path, encoding, raw=raw)  # refuses what the readers refuse, with a place
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=False, remove_pis=False)
    return etree.fromstring(raw, parser)


_XML_MASK = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.S)


class Splicer:
    """Writes changed elements back into the original XML text, leaving every
    other byte as it was (lxml would re-serialize the whole document: attribute
    order, quotes, empty tags and the declaration would all change)."""

    def __init__(self, root, original: str, path: str) -> None:
        self.root = root
        self.original = original
        self.path = path
        self.masked = _XML_MASK.sub(lambda m: " " * len(m.group()), original)
        self.crlf = "\r\n" in original
        self._tags: dict[str, list] = {}
        self.edits: list[tuple[int, int, str]] = []

    def _start_tags(self, name: str) -> list:
        if name not in self._tags:
            pattern = re.compile(
                rf"<(?:[\w.-]+:)?{re.escape(name)}(?=[\s/>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>")
            self._tags[name] = list(pattern.finditer(self.masked))
        return self._tags[name]

    def _locate(self, el):
        from .xmlsafe import local

        name = local(el.tag)
        same = [e for e in self.root.iter() if isinstance(e.tag, str) and local(e.tag) == name]
        tags = self._start_tags(name)
        if len(same) != len(tags):
            raise InputError(self.path, getattr(el, "sourceline", None),
                             f"cannot find <{name}> again in the file text; not written")
        return tags[next(k for k, e in enumerate(same) if e is el)]

    def replace_content(self, el) -> None:
        """Write `el`'s (changed) content and attributes in place of the original element."""
        from lxml import etree

        m = self._locate(el)
        serial = etree.tostring(el, encoding="unicode", with_tail=False)
        head = re.match(r"<[^>]*?(/?)>", serial)
        inner = "" if head.group(1) else serial[head.end(): serial.rindex("</")]
        if self.crlf:
            inner = re.sub(r"(?<!\r)\n", "\r\n", inner)
        start_tag = self._attributes(m.group(), el)
        if m.group(1):  # <target/>: becomes <target>…</target>
            qname = re.match(r"<([\w.:-]+)", m.group()).group(1)
            new = start_tag if not inner else start_tag[:-2].rstrip() + ">" + inner + f"</{qname}>"
            self.edits.append((m.start(), m.end(), new))
            return
        qname = re.match(r"<([\w.:-]+)", m.group()).group(1)
        end = re.compile("</" + re.escape(qname) + r"\s*>")
        close = end.search(self.masked, m.end())
        if close is None:
            raise InputError(self.path, getattr(el, "sourceline", None), "unclosed element; not written")
        self.edits.append((m.start(), m.end(), start_tag))
        self.edits.append((m.end(), close.start(), inner))

    def set_attributes(self, el) -> None:
        m = self._locate(el)
        self.edits.append((m.start(), m.end(), self._attributes(m.group(), el)))

    @staticmethod
    def _attributes(tag: str, el) -> str:
        """The original start tag with the attributes of `el` that differ set."""
        for key, value in el.attrib.items():
            if "}" in key:
                continue  # namespaced attributes are never changed here
            quoted = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            attr = re.compile(rf"(\s{re.escape(key)}\s*=\s*)(\"[^\"]*\"|'[^']*')")
            found = attr.search(tag)
            if found:
                current = found.group(2)[1:-1]
                if current != quoted and current.replace("&quot;", '"') != value:
                    tag = tag[: found.start(2)] + f'"{quoted}"' + tag[found.end(2):]
            else:
                close = len(tag) - (2 if tag.endswith("/>") else 1)
                tag = tag[:close].rstrip() + f' {key}="{quoted}"' + tag[close:]
        return tag

    def text(self) -> str:
        out = self.original
        merged: dict[tuple[int, int], str] = {}
        for a, b, new in self.edits:
            merged[(a, b)] = new
        for (a, b), new in sorted(merged.items(), reverse=True):
            out = out[:a] + new + out[b:]
        return out


def pieces(el) -> list[list]:
    """The inline text of an element as the readers render it, in pieces:
    ["text", node, "text"|"tail", str] (changeable) and ["tag", str] (fixed)."""
    from .xmlsafe import PAIRED, PLACEHOLDER_ATTRS, attrs_text, local

    out: list[list] = []

    def walk(node) -> None:
        out.append(["text", node, "text", node.text or ""])
        for sub in node:
            name = local(sub.tag)
            if not isinstance(sub.tag, str):
                pass  # comments, PIs: not text
            elif name == "cp":
                try:
                    out.append(["tag", chr(int(sub.get("hex", ""), 16))])
                except ValueError:
                    out.append(["tag", "\ufffd"])
            elif name in PAIRED:
                out.append(["tag", f"<{name}{attrs_text(sub, PLACEHOLDER_ATTRS)}>"])
                walk(sub)
                out.append(["tag", f"</{name}>"])
            else:
                out.append(["tag", f"<{name}{attrs_text(sub, PLACEHOLDER_ATTRS)}/>"])
            out.append(["text", sub, "tail", sub.tail or ""])

    walk(el)
    return out


def inline(el) -> str:
    return "".join(p[-1] for p in pieces(el))


def set_inline(el, new: str, path: str, place: Any) -> None:
    """Change the text of `el` so that its inline rendering becomes `new`,
    leaving every inline tag where it is."""
    parts = pieces(el)
    runs: list[str] = []  # the new text between consecutive tags
    pos = 0
    for p in parts:
        if p[0] == "tag":
            at = new.find(p[1], pos)
            if at < 0:
                raise InputError(path, place, "the corrected target lost an inline tag; not written")
            runs.append(new[pos:at])
            pos = at + len(p[1])
    runs.append(new[pos:])
    # A run between two tags may span several text slots (a comment's tail):
    # the first slot gets the run, the others are emptied.
    run, first = 0, True
    for p in parts:
        if p[0] == "tag":
            run, first = run + 1, True
            continue
        setattr(p[1], p[2], (runs[run] if first else "") or None)
        first = False
    if inline(el) != new:
        raise InputError(path, place, "the corrected target cannot be written back around its inline tags")


def line_of(el) -> Any:
    return getattr(el, "sourceline", None)
