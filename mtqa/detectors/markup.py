"""Placeholders, markup and addresses that must pass through translation unchanged.

Placeholders (`{0}`, `{name}`, `{{name}}`, `%s`, `%(name)s`, `%1$s`, `${var}`,
`$var`), HTML/XML tags, URLs, e-mail addresses, @handles and #hashtags are
compared between source and target as multisets: one missing, altered or
added is flagged. Tags may be reordered (English word order differs) but
the target's tags must balance.

Hashtags: a hashtag is an identifier, so by default it must be kept. A
French campaign tag has an official English counterpart in a few cases
(#MoiAussi -> #MeToo); those pairs are data (`fr_en_hashtags.tsv`) and an
English counterpart from that table counts as preserved.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

from .. import data
from ..types import Finding, Segment
from .base import Context, Detector

_PLACEHOLDER = re.compile(
    r"\{\{\s*[\w.\-]+\s*\}\}"                       # {{name}}
    r"|\{[\w.\-]*(?::[^{}\s]*)?\}"                   # {0} {name} {0:.2f} {}
    r"|%(?:\d+\$)?(?:\([\w.\-]+\))?[-+#0]*\d*(?:\.\d+)?[sdifuxXeEgGcr%@](?![A-Za-z])"  # %s %d %(name)s %1$s
    r"|\$\{[\w.\-]+\}"                              # ${var}
    r"|(?<![\w$])\$[a-z_][A-Za-z0-9_]*"             # $var (lowercase start: not "$US")
)
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:.\-]*)((?:\s+[^<>]*?)?)\s*(/?)\s*>")
_ATTR = re.compile(r"""([\w:\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# Attributes whose values are addresses or identifiers, not text to translate.
_FIXED_ATTRS = frozenset({"href", "src", "id", "class", "name", "type", "rel", "for", "action", "data"})
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'«»“”]+|\bwww\.[^\s<>\"'«»“”]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b")
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{1,30}\b(?![@.][A-Za-z])")
_HASHTAG = re.compile(r"(?<![\w&#/])#[^\W\d_][\w]*")
_TRAILING = ".,;:!?)]}»”’'\""
# Necessary for a match of _URL ("://" or "www." under the same flag) or of
# _EMAIL ("@"); much cheaper to test than the patterns themselves.
_WWW = re.compile(r"www\.", re.IGNORECASE)


def _may_hold_address(text: str) -> bool:
    return "@" in text or "://" in text or _WWW.search(text) is not None


def _clean_url(u: str) -> str:
    u = u.rstrip(_TRAILING)
    # "(see http://x.org/a)" keeps its closing parenthesis outside.
    return u


def _url_key(u: str) -> str:
    return _clean_url(u).rstrip("/").lower().removeprefix("http://").removeprefix("https://")


def _spans(pattern: re.Pattern[str], text: str, clean=None) -> list[tuple[str, int, int]]:
    out = []
    for m in pattern.finditer(text):
        s = m.group()
        if clean:
            c = clean(s)
            out.append((c, m.start(), m.start() + len(c)))
        else:
            out.append((s, m.start(), m.end()))
    return out


def _diff(src: list[tuple[str, int, int]], tgt: list[tuple[str, int, int]], key=lambda s: s):
    """(missing source items, added target items) comparing multisets by key."""
    remaining = Counter(key(s) for s, _, _ in tgt)
    missing = []
    for item in src:
        k = key(item[0])
        if remaining[k] > 0:
            remaining[k] -= 1
        else:
            missing.append(item)
    left = Counter(key(s) for s, _, _ in src)
    added = []
    for item in tgt:
        k = key(item[0])
        if left[k] > 0:
            left[k] -= 1
        else:
            added.append(item)
    return missing, added


class _Preserved(Detector):
    """Shared logic: items found by `_items` in both sides must match."""

    kind = "item"
    quick = ""

    def _items(self, text: str) -> list[tuple[str, int, int]]:
        raise NotImplementedError

    def _key(self, s: str) -> str:
        return s

    def _equivalent(self, a: str, b: str) -> bool:
        return False

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        source, target = segment.source, segment.target
        if self.quick and not any(ch in source or ch in target for ch in self.quick):
            return
        src, tgt = self._items(source), self._items(target)
        if not src and not tgt:
            return
        missing, added = _diff(src, tgt, self._key)
        # Pair a missing item with an added one: that is an alteration.
        for miss in list(missing):
            partner = next((a for a in added if self._equivalent(miss[0], a[0])), None)
            if partner is not None:
                missing.remove(miss)
                added.remove(partner)
        altered = []
        while missing and added:
            altered.append((missing.pop(0), added.pop(0)))
        for (s, _, _), (t, ts, te) in altered:
            yield self.finding(ts, te, f"{self.kind} {s!r} altered to {t!r}", s)
        for s, ss, se in missing:
            yield self.finding(ss, se, f"{self.kind} {s!r} of the source is missing from the target",
                               None, side="source", category="accuracy/omission")
        for t, ts, te in added:
            yield self.finding(ts, te, f"{self.kind} {t!r} is not in the source", None,
                               category="accuracy/addition")


class PlaceholderMismatch(_Preserved):
    """A placeholder ({0}, %s, %(name)s, {{name}}, $var) missing, altered or added."""

    code = "M101"
    name = "placeholder-mismatch"
    category = "accuracy/mistranslation"
    severity = "critical"
    fix = "reviewable"
    severity_reason = "A broken placeholder breaks the software that fills it in, or shows raw code to users."
    kind = "placeholder"
    quick = "{%$"
    either_prefilter = re.compile(r"[{%$]")  # `quick` as a gate: detect() needs one on a side
    examples = (("Bonjour {name}, vous avez %d messages.", "Hello {nom}, you have %d messages."),)
    traps = (("Le prix est de 5 $.", "The price is $5."), ("Une hausse de 5 %.", "A 5% increase."))

    def _items(self, text: str) -> list[tuple[str, int, int]]:
        return [(s, a, b) for s, a, b in _spans(_PLACEHOLDER, text) if s != "%%"]

    def _key(self, s: str) -> str:
        return re.sub(r"\s+", "", s)


def _tag_key(name: str, closing: str, attrs: str, selfclose: str) -> str:
    fixed = []
    for m in _ATTR.finditer(attrs or ""):
        if m.group(1).lower() in _FIXED_ATTRS:
            fixed.append(f'{m.group(1).lower()}="{m.group(2) or m.group(3) or m.group(4) or ""}"')
    attrs_key = " " + " ".join(sorted(fixed)) if fixed else ""
    if closing:
        return f"</{name.lower()}>"
    return f"<{name.lower()}{attrs_key}{'/' if selfclose else ''}>"


def _tags(text: str) -> list[tuple[str, int, int, str, str]]:
    """(key, start, end, name, kind) for each tag; kind is open, close or self."""
    out = []
    for m in _TAG.finditer(text):
        closing, name, attrs, selfclose = m.group(1), m.group(2), m.group(3), m.group(4)
        kind = "close" if closing else ("self" if selfclose or name.lower() in _VOID else "open")
        out.append((_tag_key(name, closing, attrs, selfclose), m.start(), m.end(), name.lower(), kind))
    return out


_TAG_NAME = re.compile(r"</?([^\s>/]+)")
_VOID = frozenset("br hr img input meta link area base col embed source track wbr".split())


class TagMismatch(Detector):
    """An HTML/XML tag missing, altered or added, or the target's tags unbalanced."""

    code = "M102"
    name = "tag-mismatch"
    category = "accuracy/mistranslation"
    severity = "major"
    fix = "reviewable"
    severity_reason = "Broken markup changes how the text renders (lost links, bold running on) or fails to parse."
    either_prefilter = re.compile("<")  # detect() needs a "<" on a side
    examples = (("Cliquez <a href=\"/aide\">ici</a>.", "Click here</a>."),
                ("Il est <b>très</b> tard.", "It is <b>very late."))
    traps = (("<b>Le</b> <i>premier</i> ministre", "The <i>Prime</i> <b>Minister</b>"),
             ("Le taux est < 5 % et > 2 %.", "The rate is < 5% and > 2%."))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        source, target = segment.source, segment.target
        if "<" not in source and "<" not in target:
            return
        src, tgt = _tags(source), _tags(target)
        if not src and not tgt:
            return
        missing, added = _diff([(k, s, e) for k, s, e, _, _ in src], [(k, s, e) for k, s, e, _, _ in tgt])
        reported: set[int] = set()
        involved = {_TAG_NAME.match(k).group(1) for k, _, _ in missing + added}
        while missing and added:
            (s, _, _), (t, ts, te) = missing.pop(0), added.pop(0)
            reported.add(ts)
            yield self.finding(ts, te, f"tag {s!r} altered to {t!r}", s)
        for s, ss, se in missing:
            yield self.finding(ss, se, f"tag {s!r} of the source is missing from the target", None,
                               side="source", category="accuracy/omission")
        for t, ts, te in added:
            reported.add(ts)
            yield self.finding(ts, te, f"tag {t!r} is not in the source", None, category="accuracy/addition")
        # Balance: every close has an open of the same name before it (order of pairs is free).
        stack: list[tuple[str, int, int]] = []
        for _, s, e, name, kind in tgt:
            if kind == "open":
                stack.append((name, s, e))
            elif kind == "close":
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i][0] == name:
                        del stack[i]
                        break
                else:
                    if s not in reported and name not in involved:
                        yield self.finding(s, e, f"closing tag '</{name}>' has no opening tag before it", None)
        src_open = Counter(n for _, _, _, n, k in src if k == "open") - Counter(n for _, _, _, n, k in src if k == "close")
        for name, s, e in stack:
            if s not in reported and name not in involved and not src_open.get(name):
                yield self.finding(s, e, f"tag '<{name}>' is never closed", None)


class AddressMismatch(_Preserved):
    """A URL or e-mail address of the source missing, altered or added in the target."""

    code = "M103"
    name = "address-mismatch"
    category = "accuracy/mistranslation"
    severity = "major"
    fix = "reviewable"
    severity_reason = "A wrong address sends readers to the wrong place or nowhere."
    kind = "address"
    quick = "@/w"
    # detect() needs _may_hold_address on a side: "@", "://" or "www." (any case).
    either_prefilter = re.compile(r"@|://|www\.", re.IGNORECASE)
    examples = (("Écrivez à info@exemple.ca.", "Write to info@example.ca."),
                ("Voir https://www.canada.ca/fr.html", "See https://www.canada.ca/en.html"))
    traps = (("Écrivez à info@exemple.ca.", "Write to info@exemple.ca."),
             ("Voir www.lapresse.ca/actualites.", "See www.lapresse.ca/actualites"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        # `quick` cannot say "://" or "www.", and nearly every text has a "w".
        if not (_may_hold_address(segment.source) or _may_hold_address(segment.target)):
            return ()
        return super().detect(segment, ctx)

    def _items(self, text: str) -> list[tuple[str, int, int]]:
        urls = _spans(_URL, text, _clean_url)
        emails = [e for e in _spans(_EMAIL, text) if not any(us <= e[1] < ue for _, us, ue in urls)]
        return sorted(urls + emails, key=lambda x: x[1])

    def _key(self, s: str) -> str:
        return _url_key(s) if "@" not in s or "/" in s else s.lower()


@lru_cache(maxsize=1)
def _hashtag_equivalents() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for row in data.table("fr_en_hashtags.tsv"):
        if len(row) >= 2:
            out.setdefault("#" + row[0].lstrip("#").lower(), set()).add("#" + row[1].lstrip("#").lower())
    return {k: frozenset(v) for k, v in out.items()}


class HandleHashtagMismatch(_Preserved):
    """An @handle or #hashtag of the source missing, altered or added in the target."""

    code = "M104"
    name = "handle-hashtag-mismatch"
    category = "accuracy/mistranslation"
    severity = "minor"
    fix = "reviewable"
    severity_reason = "Social handles and tags are identifiers: a changed one points to another account or thread."
    kind = "handle or hashtag"
    quick = "@#"
    either_prefilter = re.compile(r"[@#]")  # `quick` as a gate: detect() needs one on a side
    examples = (("Suivez @radiocanadainfo.", "Follow @radiocanadainfo_en."),
                ("Le mot-clic #Élections2022 circule.", "The hashtag is trending."))
    traps = (("Le mouvement #MoiAussi a pris de l'ampleur.", "The #MeToo movement gained momentum."),
             ("Il est no 1 au classement.", "He is #1 in the rankings."))

    def _items(self, text: str) -> list[tuple[str, int, int]]:
        emails = [(s, e) for _, s, e in _spans(_EMAIL, text)]
        out = [x for x in _spans(_HANDLE, text) + _spans(_HASHTAG, text)
               if not any(s <= x[1] < e for s, e in emails)]
        return sorted(out, key=lambda x: x[1])

    def _key(self, s: str) -> str:
        return s.lower()  # hashtags and handles are case-insensitive on the platforms

    def _equivalent(self, a: str, b: str) -> bool:
        return b.lower() in _hashtag_equivalents().get(a.lower(), ())


DETECTORS = (PlaceholderMismatch, TagMismatch, AddressMismatch, HandleHashtagMismatch)
