"""Writers: put corrected targets back into the input's own format.

Each writer re-reads the original file, finds the units to change (by the
unit ids readers put in `Segment.id`, checked against the original target
text; by input order and text when ids do not resolve) and changes only their
target text, so that everything else — comments, notes, flags, other columns,
line endings, a BOM — stays as it was. A unit that cannot be found again, or a
target that cannot be written faithfully, is an `InputError` naming the file
and the place: nothing is written rather than a wrong file.

`render(fmt, path, segments, changes)` returns the original and the new text;
the caller writes the file (atomically) and makes the diff.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from ..types import Segment
from .errors import InputError


@dataclass(frozen=True)
class UnitChange:
    """A corrected target for the segment at `index` of the reader's output."""

    index: int
    segment: Segment
    target: str
    # A reviewable fix was applied: mark the unit for review where the format can
    # (XLIFF state, PO fuzzy flag).
    review: bool = False


@dataclass(frozen=True)
class Rendered:
    path: str
    original: str
    text: str
    bom: bool
    encoding: str

    @property
    def changed(self) -> bool:
        return self.original != self.text

    def encode(self) -> bytes:
        data = self.text.encode(self.encoding)
        return (codecs.BOM_UTF8 + data) if self.bom else data


@dataclass
class _Unit:
    ids: frozenset[str]
    target: str
    ref: Any  # whatever the writer needs to change it


def read_original(path: str, encoding: str) -> tuple[str, bool, bytes]:
    """The whole file, decoded strictly: (text, had a UTF-8 BOM, raw bytes)."""
    from .text import read_text

    if path == "-":
        raise InputError(path, None, "cannot write corrections back to standard input; give a file")
    text = read_text(path, encoding)
    with open(path, "rb") as fh:
        raw = fh.read()
    return text, raw.startswith(codecs.BOM_UTF8), raw


def _lines(text: str) -> list[str]:
    """Lines with their endings; only "\\n" ends a line (as the readers count)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _body(line: str) -> tuple[str, str]:
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith("\n"):
        return line[:-1], "\n"
    return line, ""


def _align(units: Sequence[_Unit], segments: Sequence[Segment], changes: Sequence[UnitChange],
           path: str) -> dict[int, int]:
    """Unit index for each changed segment index.

    First by id (each unit lists the ids a reader may have given it), checked
    against the original target; if any changed segment does not resolve that
    way, by walking segments and units together in order, matching targets.
    """
    wanted = {c.index for c in changes}
    by_id: dict[str, list[int]] = {}
    for k, u in enumerate(units):
        for uid in u.ids:
            by_id.setdefault(uid, []).append(k)
    out: dict[int, int] = {}
    used: set[int] = set()
    for i in sorted(wanted):
        seg = segments[i]
        hits = [k for k in by_id.get(seg.id, []) if units[k].target == seg.target and k not in used]
        if len(hits) != 1:
            break
        out[i] = hits[0]
        used.add(hits[0])
    else:
        return out
    out = {}
    k = 0
    for i, seg in enumerate(segments):
        j = k
        while j < len(units) and units[j].target != seg.target:
            j += 1
        if j < len(units):
            if i in wanted:
                out[i] = j
            k = j + 1
        elif i in wanted:
            raise InputError(path, _where(seg), "cannot find this unit again in the file to write the fix back")
    return out


def _where(seg: Segment) -> str | None:
    place = seg.place or ""
    m = re.search(r":(\d+(?::\d+)?)$", place)
    return m.group(1) if m else f"unit {seg.id}"


# ---------------------------------------------------------------- plain text


def write_text(path: str, segments: Sequence[Segment], changes: Sequence[UnitChange], encoding: str) -> Rendered:
    """The target file of a line-aligned pair: line n is segment n."""
    text, bom, _ = read_original(path, encoding)
    lines = _lines(text)
    units = [_Unit(frozenset({str(n)}), _body(line)[0], n - 1) for n, line in enumerate(lines, 1)]
    where = _align(units, segments, changes, path)
    for c in changes:
        if "\n" in c.target:
            raise InputError(path, _where(c.segment), "a corrected line would contain a line break")
        n = units[where[c.index]].ref
        body, end = _body(lines[n])
        lines[n] = c.target + end
    return Rendered(path, text, "".join(lines), bom, encoding)


# ---------------------------------------------------------------- JSON Lines

_JSONL_TARGET_KEYS = ("target", "mt", "tgt")


def write_jsonl(path: str, segments: Sequence[Segment], changes: Sequence[UnitChange], encoding: str) -> Rendered:
    text, bom, _ = read_original(path, encoding)
    lines = _lines(text)
    units = []
    for n, line in enumerate(lines, 1):
        body, _end = _body(line)
        if not body.strip():
            continue
        try:
            obj = json.loads(body)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"{n}:{exc.colno}", f"not JSON: {exc.msg}") from None
        if not isinstance(obj, dict):
            continue
        key = next((k for k in _JSONL_TARGET_KEYS if isinstance(obj.get(k), str)), None)
        if key is None:
            continue
        ids = {str(n)} | ({str(obj["id"])} if "id" in obj and obj["id"] is not None else set())
        units.append(_Unit(frozenset(ids), obj[key], (n - 1, obj, key)))
    where = _align(units, segments, changes, path)
    for c in changes:
        n, obj, key = units[where[c.index]].ref
        body, end = _body(lines[n])
        obj[key] = c.target
        compact = '":"' in body or '","' in body
        ascii_only = body.isascii()
        lines[n] = json.dumps(obj, ensure_ascii=ascii_only,
                              separators=(",", ":") if compact else (", ", ": ")) + end
    return Rendered(path, text, "".join(lines), bom, encoding)


# ---------------------------------------------------------------- TSV / CSV

_COLUMNS = {"id": "id", "source": "source", "src": "source", "target": "target", "mt": "target", "tgt": "target"}


def _records(text: str, delimiter: str, path: str):
    """(first line index, line count, row) for each CSV/TSV record."""
    physical = io.StringIO(text, newline="").readlines()
    consumed = [0]

    def feed():
        for line in physical:
            consumed[0] += 1
            yield line

    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(feed(), delimiter=delimiter, quoting=quoting, strict=True)
    start = 0
    try:
        for row in reader:
            yield start, consumed[0] - start, row, physical
            start = consumed[0]
    except csv.Error as exc:
        raise InputError(path, start + 1, f"malformed {'TSV' if delimiter == chr(9) else 'CSV'}: {exc}") from None


def _write_delimited(path: str, segments, changes, encoding: str, delimiter: str) -> Rendered:
    text, bom, _ = read_original(path, encoding)
    header: dict[str, int] | None = None
    units: list[_Unit] = []
    physical: list[str] = []
    for start, count, row, physical in _records(text, delimiter, path):
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            names = [_COLUMNS.get(c.strip().lower()) for c in row]
            if "target" in names or "source" in names:
                header = {name: i for i, name in reversed(list(enumerate(names))) if name}
                continue
            header = {"source": 0, "target": 1}
        col = header.get("target", 1)
        if col >= len(row):
            continue
        ids = {str(len(units) + 1)}
        if "id" in header and header["id"] < len(row) and row[header["id"]].strip():
            ids = {row[header["id"]].strip()}
        units.append(_Unit(frozenset(ids), row[col], (start, count, row, col)))
    where = _align(units, segments, changes, path)
    lines = list(physical)
    for c in sorted(changes, key=lambda c: -units[where[c.index]].ref[0]):
        start, count, row, col = units[where[c.index]].ref
        raw = "".join(lines[start:start + count])
        _body_text, end = _body(raw)
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


def write_tsv(path, segments, changes, encoding):
    return _write_delimited(path, segments, changes, encoding, "\t")


def write_csv(path, segments, changes, encoding):
    return _write_delimited(path, segments, changes, encoding, ",")


# ---------------------------------------------------------------- XML (XLIFF, TMX)


def _xml_tree(path: str, raw: bytes, encoding: str):
    """The file parsed as the readers do (safe: no entities, no DTD, no network),
    but keeping comments and processing instructions so they are written back."""
    from lxml import etree

    from .xmlsafe import parse

    parse(path, encoding, raw=raw)  # refuses what the readers refuse, with a place
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=False, remove_pis=False)
    return etree.fromstring(raw, parser)


_XML_MASK = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.S)


class _Splicer:
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


def _pieces(el) -> list[list]:
    """The inline text of an element as the readers render it, in pieces:
    ["text", node, "text"|"tail", str] (changeable) and ["tag", str] (fixed)."""
    from .xmlsafe import PAIRED, PLACEHOLDER_ATTRS, _attrs, local

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
                out.append(["tag", f"<{name}{_attrs(sub, PLACEHOLDER_ATTRS)}>"])
                walk(sub)
                out.append(["tag", f"</{name}>"])
            else:
                out.append(["tag", f"<{name}{_attrs(sub, PLACEHOLDER_ATTRS)}/>"])
            out.append(["text", sub, "tail", sub.tail or ""])

    walk(el)
    return out


def _inline(el) -> str:
    return "".join(p[-1] for p in _pieces(el))


def _set_inline(el, new: str, path: str, place: Any) -> None:
    """Change the text of `el` so that its inline rendering becomes `new`,
    leaving every inline tag where it is."""
    pieces = _pieces(el)
    runs: list[str] = []  # the new text between consecutive tags
    pos = 0
    for p in pieces:
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
    for p in pieces:
        if p[0] == "tag":
            run, first = run + 1, True
            continue
        setattr(p[1], p[2], (runs[run] if first else "") or None)
        first = False
    if _inline(el) != new:
        raise InputError(path, place, "the corrected target cannot be written back around its inline tags")


def _line_of(el) -> Any:
    return getattr(el, "sourceline", None)


def write_xliff(path: str, segments: Sequence[Segment], changes: Sequence[UnitChange], encoding: str) -> Rendered:
    from .xmlsafe import child, children, local

    text, bom, raw = read_original(path, encoding)
    root = _xml_tree(path, raw, encoding)
    version = (root.get("version") or "").strip() or ("2.0" if root.tag.partition("}")[0].endswith(":2.0") else "1.2")
    files = list(children(root, "file"))
    multi = len(files) > 1
    units: list[_Unit] = []
    for n, f in enumerate(files, 1):
        if version.startswith("1"):
            fname = f.get("original") or str(n)
            for tu in f.iter("{*}trans-unit"):
                tgt = child(tu, "target")
                if tgt is None:
                    continue
                uid = tu.get("id") or ""
                ids = {f"{fname}#{uid}" if multi else uid, uid}
                units.append(_Unit(frozenset(ids), _inline(tgt), (tgt, tgt)))
        else:
            fname = f.get("original") or f.get("id") or str(n)
            for unit in f.iter("{*}unit"):
                uid = unit.get("id") or ""
                segs = [s for s in unit if local(s.tag) == "segment"]
                for i, seg in enumerate(segs, 1):
                    tgt = child(seg, "target")
                    if tgt is None:
                        continue
                    base = uid if len(segs) == 1 else f"{uid}/{seg.get('id') or i}"
                    ids = {f"{fname}#{base}" if multi else base, base}
                    units.append(_Unit(frozenset(ids), _inline(tgt), (tgt, seg)))
    where = _align(units, segments, changes, path)
    splice = _Splicer(root, text, path)
    for c in changes:
        tgt, holder = units[where[c.index]].ref
        _set_inline(tgt, c.target, path, _line_of(tgt))
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


def write_tmx(path: str, segments: Sequence[Segment], changes: Sequence[UnitChange], encoding: str) -> Rendered:
    from .units import is_english
    from .xmlsafe import XML_LANG, child, children

    text, bom, raw = read_original(path, encoding)
    root = _xml_tree(path, raw, encoding)
    body = child(root, "body")
    units: list[_Unit] = []
    if body is not None:
        for n, tu in enumerate(children(body, "tu"), 1):
            tuv = next((t for t in children(tu, "tuv") if is_english(t.get(XML_LANG) or t.get("lang"))), None)
            seg = child(tuv, "seg") if tuv is not None else None
            if seg is None:
                continue
            units.append(_Unit(frozenset({tu.get("tuid") or str(n), str(n)}), _inline(seg), seg))
    where = _align(units, segments, changes, path)
    splice = _Splicer(root, text, path)
    for c in changes:
        seg = units[where[c.index]].ref
        _set_inline(seg, c.target, path, _line_of(seg))
        splice.replace_content(seg)
    return Rendered(path, text, splice.text(), bom, encoding)


# ---------------------------------------------------------------- gettext PO

_MSGSTR = re.compile(r"^msgstr(?:\[(\d+)\])?[ \t]+\"")
_FLAGS = re.compile(r"^#,(.*)$")


def _po_quote(value: str) -> str:
    value = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
             .replace("\t", "\\t").replace("\r", "\\r"))
    return f'"{value}"'


def _po_block(keyword: str, value: str, old_parts: list[str] | None, end: str) -> list[str]:
    """A msgstr block: one line, or (when it was) `msgstr ""` and one quoted line
    per part, breaking where the old parts broke (mapped through the change)."""
    if not old_parts:
        return [f"{keyword} {_po_quote(value)}{end}"]
    parts = _split_like(old_parts, value)
    return [f'{keyword} ""{end}'] + [f"{_po_quote(p)}{end}" for p in parts]


def _split_like(old_parts: list[str], new: str) -> list[str]:
    import difflib

    old = "".join(old_parts)
    cuts, pos = [], 0
    for part in old_parts[:-1]:
        pos += len(part)
        cuts.append(pos)
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    new_cuts = []
    for cut in cuts:
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal" and i1 <= cut <= i2:
                new_cuts.append(j1 + (cut - i1))
                break
    for k, ch in enumerate(new):  # gettext also breaks after each "\n"
        if ch == "\n" and k + 1 < len(new):
            new_cuts.append(k + 1)
    bounds = [0] + sorted(set(c for c in new_cuts if 0 < c < len(new))) + [len(new)]
    return [new[a:b] for a, b in zip(bounds, bounds[1:])] or [""]


def _po_unquote(line: str) -> str:
    body = line.strip()
    m = re.match(r'^(?:msgstr(?:\[\d+\])?\s+)?"(.*)"$', body)
    raw = m.group(1) if m else ""
    table = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
    return re.sub(r'\\(.)', lambda x: table.get(x.group(1), x.group(1)), raw)


def write_po(path: str, segments: Sequence[Segment], changes: Sequence[UnitChange], encoding: str) -> Rendered:
    import polib

    text, bom, _ = read_original(path, encoding)
    try:
        po = polib.pofile(text, encoding=encoding, wrapwidth=0)
    except (OSError, ValueError, UnicodeError) as exc:
        raise InputError(path, None, f"malformed PO: {exc}") from None
    lines = _lines(text)
    units: list[_Unit] = []
    for entry in po:
        if entry.obsolete or (entry.msgid == "" and not entry.msgctxt):
            continue
        line = entry.linenum
        bases = {str(line)}
        if entry.msgctxt:
            bases.add(entry.msgctxt)
        if entry.occurrences:
            f, ln = entry.occurrences[0]
            occ = f"{f}:{ln}" if ln else f
            bases |= {occ, f"{occ}@{line}"}
        if entry.msgid_plural:
            for form in sorted(entry.msgstr_plural) or [0, 1]:
                ids = frozenset(f"{b}[{form}]" for b in bases)
                units.append(_Unit(ids, entry.msgstr_plural.get(form, ""), (line, form)))
        else:
            units.append(_Unit(frozenset(bases), entry.msgstr, (line, None)))
    where = _align(units, segments, changes, path)
    # Edit bottom-up so that line numbers above stay valid.
    for c in sorted(changes, key=lambda c: units[where[c.index]].ref, reverse=True):
        line, form = units[where[c.index]].ref
        k = line - 1
        while k < len(lines):
            m = _MSGSTR.match(lines[k])
            if m and (m.group(1) is None if form is None else m.group(1) == str(form)):
                break
            k += 1
        else:
            raise InputError(path, line, "cannot find this entry's msgstr to write the fix back")
        stop = k + 1
        while stop < len(lines) and lines[stop].lstrip().startswith('"'):
            stop += 1
        keyword = "msgstr" if form is None else f"msgstr[{form}]"
        end = _body(lines[k])[1] or "\n"
        old_parts = [_po_unquote(x) for x in lines[k + 1:stop]] if stop - k > 1 else None
        if old_parts is not None and _po_unquote(lines[k]):
            old_parts.insert(0, _po_unquote(lines[k]))
        block = _po_block(keyword, c.target, old_parts, end)
        if stop == len(lines) and not _body(lines[stop - 1])[1]:
            block[-1] = _body(block[-1])[0]
        lines[k:stop] = block
        if c.review:
            _po_mark_fuzzy(lines, line - 1, k, end)
    return Rendered(path, text, "".join(lines), bom, encoding)


def _po_mark_fuzzy(lines: list[str], first: int, msgstr_at: int, end: str) -> None:
    """Add the fuzzy flag to the entry starting at line index `first`."""
    for k in range(first, msgstr_at):
        body, e = _body(lines[k])
        m = _FLAGS.match(body)
        if m:
            flags = [f.strip() for f in m.group(1).split(",") if f.strip()]
            if "fuzzy" not in flags:
                lines[k] = "#, " + ", ".join(["fuzzy"] + flags) + e
            return
    k = first
    while k < msgstr_at and lines[k].startswith("#") and not lines[k].startswith("#|"):
        k += 1
    lines.insert(k, "#, fuzzy" + end)


# ---------------------------------------------------------------- SRT


def write_srt(path: str, segments: Sequence[Segment], changes: Sequence[UnitChange], encoding: str) -> Rendered:
    """The English file of an SRT pair: a cue's text lines, whitespace kept where
    the words around it are unchanged."""
    import srt

    text, bom, _ = read_original(path, encoding)
    try:
        cues = list(srt.parse(text))
    except (srt.SRTParseError, ValueError, TypeError) as exc:
        raise InputError(path, None, f"malformed SRT: {exc}") from None
    starts = [m.start() for m in re.finditer(r"^\s*\d[\d:,.]*\s*-->", text, re.M)]
    units = [_Unit(frozenset({str(c.index)}), " ".join(c.content.split()), k) for k, c in enumerate(cues)]
    where = _align(units, segments, changes, path)
    spans: list[tuple[int, int, str]] = []
    for c in changes:
        k = units[where[c.index]].ref
        cue = cues[k]
        if k >= len(starts):
            raise InputError(path, None, f"cannot find cue {cue.index} again")
        at = text.find(cue.content, text.find("\n", starts[k]) + 1)
        if at < 0:
            raise InputError(path, text.count("\n", 0, starts[k]) + 1, f"cannot find the text of cue {cue.index}")
        spans.append((at, at + len(cue.content), _rewrap(cue.content, c.target)))
    out = text
    for a, b, new in sorted(spans, reverse=True):
        out = out[:a] + new + out[b:]
    return Rendered(path, text, out, bom, encoding)


def _rewrap(content: str, new: str) -> str:
    """`new` (single-spaced) with the line breaks of `content` kept between the
    same words where possible."""
    import difflib

    old = " ".join(content.split())
    if "\n" not in content.strip():
        return new
    breaks = []  # positions in `old` of spaces that were line breaks
    pos = 0
    for word_sep in re.finditer(r"\S+(\s*)", content.strip()):
        pos += len(word_sep.group().strip())
        if "\n" in word_sep.group(1):
            breaks.append(pos)
        if word_sep.group(1):
            pos += 1
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    chars = list(new)
    for b in breaks:
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" and i1 <= b < i2:
                j = j1 + (b - i1)
                if chars[j] == " ":
                    chars[j] = "\n"
                break
    return "".join(chars)


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
