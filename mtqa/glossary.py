"""Reading a glossary file: TSV, CSV or TBX, into checked entries.

A glossary is a TSV or CSV file (or TBX, read with lxml) with the columns

    source term, target term, status (required | forbidden), optional note

A header row naming the columns is allowed; `#` starts a comment line. A
forbidden row with an empty source term (or `*`) forbids the target term
everywhere; with a source term it is forbidden as that term's translation.
A bad file raises `GlossaryError`, which names the file and line. The rules
that read the entries are in `mtqa/detectors/terminology.py`.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass

from .errors import MtqaError
from .text.terms import TOKEN, Term

STATUSES = ("required", "forbidden")
_HEADER_WORDS = {"source", "target", "status", "note", "src", "tgt", "fr", "en", "french", "english"}


class GlossaryError(MtqaError, ValueError):
    """A bad glossary file: printed as one line `FILE:LINE: message`, exit 2."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Entry:
    source: Term | None
    target: Term
    status: str
    note: str
    line: int


def load_glossary(path: str) -> tuple[Entry, ...]:
    """Read a TSV/CSV/TBX glossary; GlossaryError names the file and line of any problem."""
    if not os.path.exists(path):
        raise GlossaryError(path, None, "glossary file not found")
    if os.path.isdir(path):
        raise GlossaryError(path, None, "is a directory, not a glossary file")
    if path.lower().endswith((".tbx", ".xml")):
        return _load_tbx(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise GlossaryError(path, line, "not valid UTF-8") from None
    except OSError as exc:
        raise GlossaryError(path, None, f"cannot read: {exc.strerror}") from None
    delimiter = "," if path.lower().endswith(".csv") else "\t"
    entries: list[Entry] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    first = True
    try:
        for row in reader:
            lineno = reader.line_num
            if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue
            cells = [c.strip() for c in row]
            if first and {c.lower() for c in cells[:3]} <= _HEADER_WORDS and cells[0].lower() in _HEADER_WORDS:
                first = False
                continue
            first = False
            if len(cells) < 3:
                raise GlossaryError(
                    path, lineno,
                    f"expected 3 or 4 {'comma' if delimiter == ',' else 'tab'}-separated columns "
                    f"(source, target, status[, note]), got {len(cells)}",
                )
            if len(cells) > 4 and any(cells[4:]):
                raise GlossaryError(path, lineno, f"expected at most 4 columns, got {len(cells)}")
            src, tgt, status = cells[0], cells[1], cells[2].lower()
            note = cells[3] if len(cells) > 3 else ""
            entries.append(glossary_entry(path, lineno, src, tgt, status, note))
    except csv.Error as exc:
        raise GlossaryError(path, reader.line_num, f"malformed row: {exc}") from None
    if not entries:
        raise GlossaryError(path, None, "no glossary entries")
    return tuple(entries)


def glossary_entry(path: str, lineno: int, src: str, tgt: str, status: str, note: str) -> Entry:
    if status not in STATUSES:
        raise GlossaryError(path, lineno, f"status must be 'required' or 'forbidden', not {status!r}")
    if not tgt or not TOKEN.search(tgt):
        raise GlossaryError(path, lineno, "empty target term")
    if src in ("", "*"):
        if status == "required":
            raise GlossaryError(path, lineno, "a required entry needs a source term")
        source = None
    else:
        if not TOKEN.search(src):
            raise GlossaryError(path, lineno, f"source term {src!r} has no words")
        source = Term.make(src, "fr")
    return Entry(source, Term.make(tgt, "en"), status, note, lineno)


def _load_tbx(path: str) -> tuple[Entry, ...]:
    """TBX: each termEntry's French and English terms; termNote administrativeStatus
    'deprecatedTerm-admn-sts' / 'supersededTerm-admn-sts' marks an English term forbidden."""
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover
        raise GlossaryError(path, None, "reading TBX needs lxml") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        tree = etree.parse(path, parser)
    except etree.XMLSyntaxError as exc:
        raise GlossaryError(path, exc.lineno, f"not well-formed XML: {exc.msg}") from None
    entries: list[Entry] = []
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for te in tree.iter("{*}termEntry", "termEntry", "{*}conceptEntry", "conceptEntry"):
        fr_terms, en_terms = [], []
        for ls in te.iter("{*}langSet", "langSet", "{*}langSec", "langSec"):
            lang = (ls.get(xml_lang) or ls.get("lang") or "").lower()[:2]
            for tig in ls.iter("{*}tig", "tig", "{*}ntig", "ntig", "{*}termSec", "termSec"):
                term_el = next(iter(tig.iter("{*}term", "term")), None)
                if term_el is None or not (term_el.text or "").strip():
                    continue
                status = "required"
                for tn in tig.iter("{*}termNote", "termNote"):
                    if (tn.text or "").strip().lower() in ("deprecatedterm-admn-sts", "supersededterm-admn-sts",
                                                             "deprecated", "forbidden", "notrecommended"):
                        status = "forbidden"
                item = (term_el.text.strip(), status, term_el.sourceline or te.sourceline)
                (fr_terms if lang == "fr" else en_terms if lang == "en" else []).append(item)
        for fr, _, _ in fr_terms:
            for en, status, line in en_terms:
                entries.append(glossary_entry(path, line, fr, en, status, ""))
    if not entries:
        raise GlossaryError(path, None, "no French-English term pairs in the TBX file")
    return tuple(entries)
