"""gettext PO (polib): msgid is the French source, msgstr the English target.

One segment per entry, or per plural form (`id[0]`, `id[1]`, …: form 0 pairs
msgid with msgstr[0], the others msgid_plural with msgstr[n]). The id is the
msgctxt, else the first reference (`file.c:12`), else the entry's line; when
two entries would share an id (same reference), the entry's line is appended
(`file.c:12@40`). Translator and extracted comments become the note; the
header entry and obsolete (#~) entries are not translations and are skipped.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Sequence

from ..types import Segment
from .errors import InputError
from .text import read_text
from .units import UniqueIds, eager
from .writing import Rendered, Unit, UnitChange, find_units, line_body, read_original, split_lines

_LINE = re.compile(r"\(line (\d+)\)")


def _origin(path: str, lines: list[str], first: int, source: str, target: str) -> dict | None:
    """Where msgid's and msgstr's text lie (line, column) when each is one
    literal on its keyword's line with no escapes; else None for that side."""
    out: dict = {}
    want = {"msgid": ("source", source), "msgstr": ("target", target)}
    for n in range(max(0, first - 1), min(len(lines), first + 40)):
        line = lines[n]
        for key, (side, text) in want.items():
            head = f'{key} "'
            if side not in out and line.startswith(head) and text and line == f'{head}{text}"' and "\\" not in text:
                out[side] = [path, [[0, n + 1, len(head) + 1]]]
        if "target" in out or (n > first and line.startswith("msgstr")):
            break
    return out or None


def entry_ids(po: Any, path: str) -> Iterator[tuple[Any, int, str]]:
    """The translation entries of a parsed file with their line and id base,
    for the reader and the writer: the msgctxt, else the first reference, else
    the line; `@line` appended when an earlier entry took that base. (A plural
    entry's units are `base[n]`.) Two entries with the same msgctxt and msgid
    are refused."""
    seen: set[str] = set()
    keys: dict[tuple[str | None, str], int] = {}
    for entry in po:
        if entry.obsolete or (entry.msgid == "" and not entry.msgctxt):
            continue
        line = entry.linenum or 1
        key = (entry.msgctxt, entry.msgid)
        if key in keys:
            raise InputError(path, line, f"duplicate entry for msgid {entry.msgid[:40]!r}"
                             f"{' msgctxt ' + repr(entry.msgctxt) if entry.msgctxt else ''} (first at line {keys[key]})")
        keys[key] = line
        if entry.msgctxt:
            base = entry.msgctxt
        elif entry.occurrences:
            f, ln = entry.occurrences[0]
            base = f"{f}:{ln}" if ln else f
        else:
            base = str(line)
        if base in seen or f"{base}[0]" in seen:
            base = f"{base}@{line}"
        seen.update(uid for _form, uid in entry_units(entry, base))
        yield entry, line, base


def plural_forms(entry: Any) -> list[int]:
    """The msgstr[n] forms of a plural entry (0 and 1 when it has none)."""
    return sorted(entry.msgstr_plural) or [0, 1]


def entry_units(entry: Any, base: str) -> list[tuple[int | None, str]]:
    """(plural form, unit id) of each unit of an entry, for the reader and the
    writer: (None, base) for a singular entry, (n, `base[n]`) per plural form."""
    if entry.msgid_plural:
        return [(n, f"{base}[{n}]") for n in plural_forms(entry)]
    return [(None, base)]


@eager
def read_po(path: str, *, encoding: str = "utf-8") -> Iterator[Segment]:
    import polib

    text = read_text(path, encoding)
    if not text.strip():
        raise InputError(path, None, "empty input")
    try:
        po = polib.pofile(text, encoding=encoding, wrapwidth=0)
    except (OSError, ValueError, UnicodeError) as exc:
        m = _LINE.search(str(exc))
        msg = re.sub(r"^Syntax error in po file\s*(\(line \d+\))?:?\s*", "", str(exc)) or "syntax error"
        raise InputError(path, m.group(1) if m else None, f"malformed PO: {msg}") from None
    ids = UniqueIds(path)
    file_lines = text.split("\n")
    for entry, line, base in entry_ids(po, path):
        note = "\n".join(c for c in (entry.tcomment, entry.comment) if c) or None
        meta = {"format": "po", "msgid": entry.msgid, "msgctxt": entry.msgctxt, "line": line}
        if "fuzzy" in entry.flags:
            meta["fuzzy"] = True
        if entry.msgid_plural:
            for n, uid in entry_units(entry, base):
                seg_id = ids.add(uid, line)
                target = entry.msgstr_plural.get(n, "")
                yield Segment(
                    id=seg_id, source=entry.msgid if n == 0 else entry.msgid_plural, target=target,
                    place=f"{path}:{line}", note=note, meta={**meta, "plural": n, "untranslated": not target},
                )
        else:
            seg_id = ids.add(base, line)
            origin = _origin(path, file_lines, line, entry.msgid, entry.msgstr)
            yield Segment(
                id=seg_id, source=entry.msgid, target=entry.msgstr, place=f"{path}:{line}", note=note,
                meta={**meta, "untranslated": not entry.msgstr, **({"origin": origin} if origin else {})},
            )
    if not len(ids):
        raise InputError(path, None, "empty input: no translated entry")


# ---------------------------------------------------------------- the writer

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
    lines = split_lines(text)
    units: list[Unit] = []
    for entry, line, base in entry_ids(po, path):
        for form, uid in entry_units(entry, base):
            target = entry.msgstr if form is None else entry.msgstr_plural.get(form, "")
            units.append(Unit(uid, target, (line, form)))
    where = find_units(units, segments, changes, path)
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
        end = line_body(lines[k])[1] or "\n"
        old_parts = [_po_unquote(x) for x in lines[k + 1:stop]] if stop - k > 1 else None
        if old_parts is not None and _po_unquote(lines[k]):
            old_parts.insert(0, _po_unquote(lines[k]))
        block = _po_block(keyword, c.target, old_parts, end)
        if stop == len(lines) and not line_body(lines[stop - 1])[1]:
            block[-1] = line_body(block[-1])[0]
        lines[k:stop] = block
        if c.review:
            _po_mark_fuzzy(lines, line - 1, k, end)
    return Rendered(path, text, "".join(lines), bom, encoding)


def _po_mark_fuzzy(lines: list[str], first: int, msgstr_at: int, end: str) -> None:
    """Add the fuzzy flag to the entry starting at line index `first`."""
    for k in range(first, msgstr_at):
        body, e = line_body(lines[k])
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
