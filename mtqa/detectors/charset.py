"""Character-level damage: control and zero-width characters, mojibake, lost characters."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from ..types import Finding, Segment
from .base import Context, Detector

# C0/C1 controls (a line never holds "\n"), DEL, format characters (zero-width
# space/joiners, word joiner, BOM, soft hyphen, bidi marks), line/paragraph separators.
_INVISIBLE = re.compile(
    "[\x00-\x08\x09\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+"
)
_NAMES = {"\t": "tab", "\u00ad": "soft hyphen", "\u200b": "zero-width space", "\u200c": "zero-width non-joiner",
          "\u200d": "zero-width joiner", "\u2060": "word joiner", "\ufeff": "byte-order mark / zero-width no-break space",
          "\u200e": "left-to-right mark", "\u200f": "right-to-left mark", "\r": "carriage return"}

# UTF-8 read as Windows-1252 (or Latin-1): a lead byte shown as "Ã", "Â", "â"…
# followed by characters whose cp1252 bytes are UTF-8 continuation bytes (0x80–0xBF).
# Necessary for a finding of E101: one of _INVISIBLE's characters (a class
# without "\n", so the engine's chunk scan over targets joined by "\n" is exact).
_INVISIBLE_CHAR = re.compile(_INVISIBLE.pattern[:-1])

_CONT = "\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE = re.compile(f"(?:[\u00c2-\u00f4][{_CONT}]{{1,3}})+")
# Necessary for a finding of E102: a _MOJIBAKE run starts with a lead character
# and a continuation character, or there is a replacement character.
_MOJIBAKE_GATE = re.compile(f"[\u00c2-\u00f4][{_CONT}]|\ufffd")


def _to_bytes(text: str) -> bytes | None:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))  # bytes cp1252 leaves undefined (0x81, 0x8d, …) read as Latin-1
            else:
                return None
    return bytes(out)


def _plausible(text: str) -> bool:
    return all(
        ch.isascii() or 0xA0 <= ord(ch) <= 0x24F or 0x2000 <= ord(ch) <= 0x206F or ch in "€™"
        for ch in text
    )


def repair(run: str) -> str | None:
    """The text a mojibake run stood for, or None if it is not mojibake."""
    fixed = run
    for _ in range(3):  # double-encoded text ("ÃƒÂ©") needs several rounds
        raw = _to_bytes(fixed)
        if raw is None:
            break
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            break
        if decoded == fixed or not _plausible(decoded):
            break
        fixed = decoded
    return fixed if fixed != run else None


class InvisibleCharacter(Detector):
    """Control, zero-width or other invisible format characters in the text."""

    code = "E101"
    name = "invisible-character"
    category = "fluency/character-encoding"
    severity = "minor"
    fix = "safe"
    severity_reason = "Invisible to the reader but breaks search, counting and downstream tools."
    prefilter = _INVISIBLE_CHAR
    examples = (("Le maire a démissionné.", "The mayor\u200b resigned."),
                ("Le maire a démissionné.", "The mayor\x07 resigned."))
    traps = (("Le maire a démissionné.", "The mayor resigned."),
             ("Le maire a démissionné.", "The mayor\u00a0resigned."))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        for m in _INVISIBLE.finditer(text):
            run = m.group()
            if run.strip("\t") == "" and (not text[:m.start()].strip() or not text[m.end():].strip()):
                continue  # a tab at the edge is leading/trailing whitespace (P203)
            if run == "\u200d" and m.start() > 0 and m.end() < len(text) and not (
                text[m.start() - 1].isalnum() or text[m.end()].isalnum()
            ):
                continue  # a joiner inside an emoji sequence
            names = sorted({_NAMES.get(ch) or unicodedata.name(ch, f"U+{ord(ch):04X}").lower() for ch in run})
            suggestion = " " if run in ("\t", "\r", "\u2028", "\u2029") else ""
            yield self.finding(m.start(), m.end(), f"invisible character: {', '.join(names)}", suggestion)


class Mojibake(Detector):
    """Mojibake ("Ã©", "â€™") or replacement characters: UTF-8 decoded with the wrong encoding."""

    code = "E102"
    name = "mojibake"
    category = "fluency/character-encoding"
    severity = "major"
    fix = "safe"
    severity_reason = "Words become garbled for every reader; names and quotes turn unreadable."
    prefilter = _MOJIBAKE_GATE
    examples = (("Le café est fermé.", "The cafÃ© is closed."),
                ("C'est l'été.", "Itâ€™s summer."))
    traps = (("São Paulo", "SÃO PAULO"),
             ("Le café", "The café"),
             ("à « Montréal »", "à « Montréal »"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        for m in _MOJIBAKE.finditer(text):
            fixed = repair(m.group())
            if fixed is None:
                continue
            yield self.finding(m.start(), m.end(), f"mojibake {m.group()!r} (UTF-8 read as Windows-1252) for {fixed!r}", fixed)
        for m in re.finditer("\ufffd+", text):
            yield self.finding(m.start(), m.end(), "replacement character: a character was lost in decoding")


DETECTORS = (InvisibleCharacter, Mojibake)
