"""Translated feeds: an RSS 2.0 / Atom feed in French and its English translation.

Both feeds are first parsed with the safe XML parser (no entities, no DTD, no
network; malformed XML refused with its line and column), then read with
feedparser. Items pair by guid/id, then by link, then by position among the
rest. Each pair is one document (`doc` = the French item's id): its title is
one segment, its content (or summary) is split into sentences and aligned as
unaligned documents are. An item with no counterpart becomes one segment with
an empty side (alignment 1-0 / 0-1, reported by D101 / D102). Every segment's
`meta` names the item ids and links of both feeds.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any, Iterator

from ..types import Segment
from ..segmentation import split_sentences
from .documents import segments_from_documents
from .errors import InputError
from .units import eager
from .xmlsafe import local, parse, read_bytes

BLOCK = {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
         "article", "figcaption", "pre", "hr", "dd", "dt"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment, one block element a line."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


_BODY_TAGS = ("encoded", "content", "description", "summary")


def _text_lines(el: Any) -> tuple[int | None, int | None]:
    """(line of the title text, line of the body text) of an <item>/<entry>:
    the line where each element's text starts (a CDATA or text beginning on
    the line after its tag counts from there)."""
    def text_line(child: Any) -> int | None:
        if child is None:
            return None
        line = child.sourceline
        text = child.text or ""
        lead = text[: len(text) - len(text.lstrip())]
        return line + lead.count("\n") if line is not None else None

    title = next((c for c in el if local(c.tag) == "title"), None)
    body = None
    for tag in _BODY_TAGS:
        body = next((c for c in el if local(c.tag) == tag), None)
        if body is not None:
            break
    return text_line(title), text_line(body)


class Item:
    title_line: int | None = None
    body_line: int | None = None

    def __init__(self, entry: Any, position: int, line: int | None) -> None:
        self.position = position
        self.line = line
        self.guid = str(entry.get("id") or "") or None
        self.link = entry.get("link") or None
        self.title = " ".join(html_to_text(entry.get("title", "") or "").split())
        body, field = "", None
        content = entry.get("content") or []
        if content and content[0].get("value"):
            body, field = content[0]["value"], "content"
        elif entry.get("summary"):
            body, field = entry["summary"], "summary"
        self.field = field
        self.body = html_to_text(body)

    @property
    def key(self) -> str:
        return self.guid or self.link or f"item-{self.position}"


def _items(path: str, encoding: str) -> list[Item]:
    import feedparser

    raw = read_bytes(path)
    root = parse(path, encoding, raw)  # refuses bombs, external entities, malformed XML
    if local(root.tag) not in ("rss", "feed", "RDF"):
        raise InputError(path, root.sourceline, f"not an RSS or Atom feed: the root element is <{local(root.tag)}>")
    elements = [el for el in root.iter() if local(el.tag) in ("item", "entry")]
    lines = [el.sourceline for el in elements]
    # The lines of each item's title and body text, for places that point at the text.
    text_lines = [_text_lines(el) for el in elements]
    parsed = feedparser.parse(raw, sanitize_html=True, resolve_relative_uris=False)
    if parsed.get("bozo") and not parsed.entries:
        exc = parsed.get("bozo_exception")
        raise InputError(path, getattr(exc, "getLineNumber", lambda: None)(), f"unreadable feed: {exc}")
    items = [Item(e, k, lines[k - 1] if k - 1 < len(lines) else None) for k, e in enumerate(parsed.entries, 1)]
    for it in items:
        if it.position - 1 < len(text_lines):
            it.title_line, it.body_line = text_lines[it.position - 1]
    if not items:
        raise InputError(path, None, "empty input: the feed has no item")
    seen: dict[str, Item] = {}
    for it in items:
        if it.guid:
            if it.guid in seen:
                raise InputError(path, it.line, f"duplicate item id {it.guid!r} (first at line {seen[it.guid].line})")
            seen[it.guid] = it
    return items


def pair_items(fr: list[Item], en: list[Item]) -> list[tuple[Item | None, Item | None, str]]:
    """(French item, English item, how they were paired), in the French feed's order;
    English items left over come last, in their order."""
    match: dict[int, tuple[Item, str]] = {}
    used: set[int] = set()
    for attr in ("guid", "link"):
        index: dict[str, Item] = {}
        for it in en:
            value = getattr(it, attr)
            if value and it.position not in used:
                index.setdefault(value, it)
        for it in fr:
            value = getattr(it, attr)
            if it.position in match or not value or value not in index or index[value].position in used:
                continue
            match[it.position] = (index[value], attr)
            used.add(index[value].position)
    rest_en = [it for it in en if it.position not in used]
    rest_fr = [it for it in fr if it.position not in match]
    for a, b in zip(rest_fr, rest_en):
        match[a.position] = (b, "position")
        used.add(b.position)
    out: list[tuple[Item | None, Item | None, str]] = []
    for it in fr:
        if it.position in match:
            out.append((it, *match[it.position]))
        else:
            out.append((it, None, "unpaired"))
    out.extend((None, it, "unpaired") for it in en if it.position not in used)
    return out


@eager
def read_feeds(source: str, target: str, *, encoding: str = "utf-8", models: bool = True,
               encoder: str | None = None) -> Iterator[Segment]:
    """`encoder` names the sentence encoder item bodies are aligned with (`--encoder`)."""
    from .text import split_encoding

    src_enc, tgt_enc = split_encoding(encoding)
    fr = _items(source, src_enc)
    en = _items(target, tgt_enc)
    for a, b, how in pair_items(fr, en):
        ref = a or b
        meta: dict[str, Any] = {
            "format": "feed",
            "item": a.key if a else None,
            "link": a.link if a else None,
            "target_item": b.key if b else None,
            "target_link": b.link if b else None,
            "paired_by": how,
        }
        doc = ref.key
        place = f"{target}:{b.line}" if b is not None else f"{source}:{a.line}"
        if a is None or b is None:
            text = "\n".join(x for x in (ref.title, ref.body) if x)
            link = "1-0" if b is None else "0-1"
            yield Segment(
                id=ref.key, source=text if a else "", target=text if b else "", doc=doc, place=place,
                meta={**meta, "field": "item", "alignment": {"link": link, "confidence": 1.0, "method": "feed"}},
            )
            continue
        title_place = f"{target}:{b.title_line}" if b.title_line else place
        yield Segment(
            id=f"{a.key}#title", source=a.title, target=b.title, doc=doc, place=title_place,
            meta={**meta, "field": "title", "alignment": {"link": "1-1", "confidence": 1.0, "method": "feed"}},
        )
        fs = split_sentences(a.body, "fr")
        es = split_sentences(b.body, "en")
        if not fs and not es:
            continue
        for seg in segments_from_documents(
            fs, es, source, target, models=models, encoder=encoder, id_prefix=f"{a.key}#",
            doc=doc, extra_meta={**meta, "field": a.field or b.field}, origin=False,
        ):
            # The place is the line where the body text starts in the file (the
            # sentences' own lines count inside the HTML-stripped body).
            body_line = b.body_line if seg.target else a.body_line
            side = target if seg.target else source
            seg_place = f"{side}:{body_line}" if body_line else place
            yield Segment(id=seg.id, source=seg.source, target=seg.target, doc=doc, place=seg_place, meta=seg.meta)

