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
from typing import Iterator

from ..types import Segment
from .errors import InputError
from .text import read_text
from .units import UniqueIds, eager

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
        if base in ids.seen or f"{base}[0]" in ids.seen:
            base = f"{base}@{line}"
        note = "\n".join(c for c in (entry.tcomment, entry.comment) if c) or None
        meta = {"format": "po", "msgid": entry.msgid, "msgctxt": entry.msgctxt, "line": line}
        if "fuzzy" in entry.flags:
            meta["fuzzy"] = True
        if entry.msgid_plural:
            forms = sorted(entry.msgstr_plural) or [0, 1]
            for n in forms:
                seg_id = ids.add(f"{base}[{n}]", line)
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
