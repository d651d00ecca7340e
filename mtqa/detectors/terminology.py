"""Glossary terminology: required translations missing, forbidden ones used.

A glossary is a TSV or CSV file (or TBX, read with lxml) with the columns

    source term, target term, status (required | forbidden), optional note

A header row naming the columns is allowed; `#` starts a comment line. A
forbidden row with an empty source term (or `*`) forbids the target term
everywhere; with a source term it is forbidden as that term's translation.
Matching is case-insensitive (an all-capitals term such as "UN" or "OTAN"
matches case-sensitively) and inflection-aware: French and English plurals
and simple English verb forms match ("projet de loi" ~ "projets de loi",
"by-law" ~ "by-laws", "ratify" ~ "ratified"). The detectors do nothing
without a glossary (`mtqa check --glossary PATH`).
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ..errors import MtqaError
from ..types import Finding, Segment
from .base import Context, Detector

STATUSES = ("required", "forbidden")
_HEADER_WORDS = {"source", "target", "status", "note", "src", "tgt", "fr", "en", "french", "english"}


class GlossaryError(MtqaError, ValueError):
    """A bad glossary file: printed as one line `FILE:LINE: message`, exit 2."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


TOKEN = re.compile(r"[^\W_]+")


def stem_en(tok: str) -> str:
    t = tok.lower()
    if len(t) <= 3:
        return t
    if t.endswith("ies") and len(t) > 4:
        t = t[:-3] + "y"
    elif t.endswith("ied") and len(t) > 4:
        t = t[:-3] + "y"
    elif t.endswith(("sses", "xes", "ches", "shes", "zes")):
        t = t[:-2]
    elif t.endswith("s") and not t.endswith(("ss", "us", "is")):
        t = t[:-1]
    elif t.endswith("ing") and len(t) > 5:
        t = t[:-3]
    elif t.endswith("ed") and len(t) > 4:
        t = t[:-2]
    if len(t) > 3 and t[-1] == t[-2] and t[-1] not in "lsz" and t[-1].isalpha():
        t = t[:-1]  # "planned" -> "plan", "stopping" -> "stop"
    if t.endswith("e") and len(t) > 3:
        t = t[:-1]  # "create" ~ "created" ~ "creating"
    return t


def stem_fr(tok: str) -> str:
    t = tok.lower()
    if len(t) <= 3:
        return t
    if t.endswith("aux") and len(t) > 4:
        return t[:-3] + "al"  # journaux -> journal
    if t.endswith(("s", "x")) and not t.endswith(("ss",)):
        t = t[:-1]
    if t.endswith("e") and len(t) > 3:
        t = t[:-1]  # feminine: élue -> élu
    return t


@dataclass(frozen=True)
class Term:
    text: str
    stems: tuple[str, ...]
    case_sensitive: bool

    @classmethod
    def make(cls, text: str, lang: str) -> "Term":
        toks = TOKEN.findall(text)
        case_sensitive = any(len(t) >= 2 and t.isupper() for t in toks)
        stem = stem_fr if lang == "fr" else stem_en
        stems = tuple(t if case_sensitive and t.isupper() else stem(t) for t in toks)
        return cls(text, stems, case_sensitive)

    def find(self, tokens: Sequence[tuple[str, str, int, int]]) -> list[tuple[int, int]]:
        """Character spans where the term's stems occur in (token, stem, start, end) tokens."""
        n = len(self.stems)
        out = []
        if not n:
            return out
        for i in range(len(tokens) - n + 1):
            ok = True
            for k, st in enumerate(self.stems):
                tok, stem, _, _ = tokens[i + k]
                if st.isupper() and self.case_sensitive:
                    if tok != st and tok not in (st + "s", st + "'s", st + "’s"):  # "MPs"
                        ok = False
                        break
                elif stem != st:
                    ok = False
                    break
            if ok:
                out.append((tokens[i][2], tokens[i + n - 1][3]))
        return out


@dataclass(frozen=True)
class Entry:
    source: Term | None
    target: Term
    status: str
    note: str
    line: int


def stemmed_tokens(text: str, lang: str) -> list[tuple[str, str, int, int]]:
    stem = stem_fr if lang == "fr" else stem_en
    return [(m.group(), stem(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)]


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


def _glossary(options: dict[str, Any]) -> tuple[Entry, ...]:
    g = options.get("glossary")
    if not g:
        return ()
    if isinstance(g, (str, os.PathLike)):
        return load_glossary(os.fspath(g))
    return tuple(g)


class _GlossaryDetector(Detector):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.entries = _glossary(options)
        self.required: dict[Term, list[Entry]] = {}
        for e in self.entries:
            if e.status == "required" and e.source is not None:
                self.required.setdefault(e.source, []).append(e)
        self.forbidden = [e for e in self.entries if e.status == "forbidden"]

    def applies(self, segment: Segment) -> bool:
        return bool(self.entries)


class GlossaryTermMissing(_GlossaryDetector):
    """A glossary source term whose required translation is absent from the target."""

    code = "G101"
    name = "glossary-term-missing"
    category = "terminology/inappropriate"
    severity = "major"
    fix = "reviewable"
    severity_reason = "The client's glossary is a requirement; a term rendered otherwise is a terminology error."
    examples = (("Le projet de loi C-11 a été adopté. [glossary: projet de loi = bill]",
                 "The draft law C-11 was passed."),)
    traps = (("Les projets de loi ont été adoptés.", "The bills were passed."),)

    def check(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        src_toks = tgt_toks = None
        for term, entries in self.required.items():
            if src_toks is None:
                src_toks = stemmed_tokens(segment.source, "fr")
            spans = term.find(src_toks)
            if not spans:
                continue
            if tgt_toks is None:
                tgt_toks = stemmed_tokens(segment.target, "en")
            found = sum(len(e.target.find(tgt_toks)) for e in entries)
            if found >= len(spans):
                continue
            wanted = " / ".join(dict.fromkeys(e.target.text for e in entries))
            note = next((e.note for e in entries if e.note), "")
            for start, end in spans[found:]:
                yield self.finding(
                    start, end,
                    f"glossary: {term.text!r} should be translated {wanted!r}" + (f" ({note})" if note else ""),
                    entries[0].target.text, side="source",
                )


class GlossaryForbiddenTerm(_GlossaryDetector):
    """A target term that the glossary forbids (everywhere, or for a given source term)."""

    code = "G102"
    name = "glossary-forbidden-term"
    category = "terminology/inappropriate"
    severity = "major"
    fix = "reviewable"
    severity_reason = "The glossary rules the term out; the client will reject it."
    examples = (("Le député a voté. [glossary: député -> deputy forbidden]", "The deputy voted."),)
    traps = (("Le vice-premier ministre a voté.", "The Deputy Prime Minister voted."),)

    def check(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        if not self.forbidden:
            return
        tgt_toks = stemmed_tokens(segment.target, "en")
        src_toks = None
        required_spans: list[tuple[int, int]] | None = None
        # One finding per span: a specific row (with its source term and
        # alternative) wins over a `*` row forbidding the same words.
        reported: set[tuple[int, int]] = set()
        for e in sorted(self.forbidden, key=lambda e: e.source is None):
            spans = e.target.find(tgt_toks)
            if not spans:
                continue
            if e.source is not None:
                if src_toks is None:
                    src_toks = stemmed_tokens(segment.source, "fr")
                if not e.source.find(src_toks):
                    continue
            # A forbidden term inside a required one ("deputy" in "Deputy Prime Minister")
            # is part of the required term, not a use of the forbidden one.
            if required_spans is None:
                required_spans = [s for entries in self.required.values() for r in entries
                                  for s in r.target.find(tgt_toks)]
            alternatives = [r.target.text for r in self.required.get(e.source, [])] if e.source else []
            for start, end in spans:
                if any(rs <= start and end <= re_ and (rs, re_) != (start, end) for rs, re_ in required_spans):
                    continue
                if (start, end) in reported:
                    continue
                reported.add((start, end))
                yield self.finding(
                    start, end,
                    f"glossary forbids {segment.target[start:end]!r}"
                    + (f" for {e.source.text!r}" if e.source else "") + (f" ({e.note})" if e.note else ""),
                    alternatives[0] if alternatives else None,
                )


DETECTORS = (GlossaryTermMissing, GlossaryForbiddenTerm)
