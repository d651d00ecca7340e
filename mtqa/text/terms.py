"""Terms matched through inflection: the stems of English and French words.

A `Term` is a phrase as stems ("projets de loi" ~ "projet de loi", "ratified"
~ "ratify"); an all-capitals token ("UN", "OTAN") stays as it is and matches
case-sensitively. The glossary (`mtqa/glossary.py`, rules G101/G102) and the
document's term consistency (K102) match their terms with these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

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


def stemmed_tokens(text: str, lang: str) -> list[tuple[str, str, int, int]]:
    stem = stem_fr if lang == "fr" else stem_en
    return [(m.group(), stem(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)]
