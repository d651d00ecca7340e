"""Verb tense contradicting a time expression: "held a summit next week"."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .. import data
from ..types import Finding, Segment
from ._memo import memo_by_text
from .base import Context, Detector


@lru_cache(maxsize=None)
def _time_pattern(lang: str, direction: str) -> re.Pattern[str]:
    alts = [row[2] for row in data.table("time_expressions.tsv") if row[0] == lang and row[1] == direction]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _irregular_past() -> frozenset[str]:
    return data.wordset("en_irregular_past.txt")


_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|[,;:.!?()\"“”]")

# Tokens that end the clause when scanning left from the time expression.
# "after" and "once" open a subordinate clause whose verb has its own tense:
# in "will be published after the committee finished its work next month"
# the main clause's "will" must not excuse "finished".
_BARRIERS = frozenset(",;:.!?()\"“”") | {"that", "which", "who", "when", "while", "because", "but",
                                        "if", "until", "since", "and", "or", "before", "after", "once"}
# Words that make a future reading of the clause grammatical.
# ("to" is one only before an infinitive: see _past_clash.)
_FUTURE_MARKERS = frozenset(
    "will 'll ’ll would shall going plans plan planned intends expected scheduled "
    "due set slated supposed about could might may should must can is are am be".split()
)
# Words after which a past participle is not a finite past verb.
_NOT_FINITE_BEFORE = frozenset(
    "the a an this that these those its their his her our your my to be been being "
    "is are was were has have had having get gets got newly recently".split()
)
_SUBJECT_PRONOUNS = frozenset("i you he she it we they who".split())
_NOT_VERBS = frozenset("hundred kindred sacred naked wicked wretched beloved rugged ragged learned aged".split())
# Irregular past participles that differ from the simple past ("gone", "flown").
_PARTICIPLES = frozenset(
    "gone done seen taken given written spoken chosen driven eaten fallen flown known shown grown thrown begun "
    "drunk sung sworn torn worn ridden risen stolen broken frozen forgotten gotten hidden beaten bitten "
    "arisen awoken forbidden forgiven shaken undertaken withdrawn".split()
)
_PAST_AUX_OK = frozenset("scheduled set expected due supposed slated planned going about to".split())

_FR_FUTURE = re.compile(
    r"\b(?:\w+(?:erai|eras|era|erons|erez|eront|irai|iras|ira|irons|irez|iront|rait|raient)"
    r"|\w+(?:dr|tr|vr)(?:ai|as|a|ons|ez|ont)"
    r"|aura|auront|sera|seront|fera|feront|ira|iront|viendra|viendront|tiendra|tiendront|pourra|"
    r"pourront|devra|devront|verra|verront|saura|sauront|voudra|faudra|va|vont|allons|allez|"
    r"doit|doivent|prévoit|prévoient|compte|comptent)\b",
    re.IGNORECASE,
)
_FR_PAST = re.compile(
    r"\b(?:(?:a|ont|ai|as|avons|avez|est|sont|sommes|êtes|avait|avaient|était|étaient)\s+"
    r"(?:\w+\s+)?\w+(?:é|ée|és|ées|i|is|ie|it|u|us|ue|t|te)"
    r"|\w+(?:ait|aient|èrent|ât))\b",
    re.IGNORECASE,
)


# Words after "to" that show it is a preposition, not an infinitive marker.
_NOT_INFINITIVE = frozenset(
    "the a an his her their its our my your this that these those some all every each no one two three "
    "him them us me it".split()
)


def _clause_tokens_before(text: str, end: int, limit: int = 10) -> list[str]:
    """Lowercased tokens to the left of `end`, nearest first, up to a clause barrier.

    "to" before an infinitive ("agreed to travel next week") is kept as the
    marker "to" (the infinitive carries the future); "to" before a name, a
    determiner or a pronoun ("went to Tokyo next week") becomes "to:prep"."""
    raw = _WORD.findall(text[max(0, end - 400):end])[::-1]
    out = []
    for i, tok in enumerate(raw[:limit]):
        low = tok.lower()
        if low in _BARRIERS and out:
            break
        if low in _BARRIERS:
            continue
        if low == "to" and i >= 1:
            nxt = raw[i - 1]
            if nxt[:1].isupper() or nxt.lower() in _NOT_INFINITIVE or nxt in _BARRIERS:
                low = "to:prep"
        elif low == "to":
            low = "to:prep"
        out.append(low)
    return out


def _past_clash(tokens: list[str], perfect_ok: bool = False) -> tuple[str, str] | None:
    """The past verb of a clause that reads as past, and the form it has
    ("past tense", "present perfect", ...), or None when it can be future.

    `perfect_ok`: the time is a deadline ("by 2030"), which a present perfect
    fits ("has cut its emissions by 2030")."""
    if any(t in _FUTURE_MARKERS and t not in ("is", "are", "am", "be") or t == "to" for t in tokens):
        return None
    for i, tok in enumerate(tokens):
        prev = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok in ("was", "were"):
            nxt = tokens[i - 1] if i >= 1 else ""
            if nxt in _PAST_AUX_OK or tok == "were" and nxt == "to":
                return None
            return tok, "past tense"
        if tok in ("is", "are", "am", "be"):
            return None
        past = tok in _irregular_past() or (
            tok.endswith("ed") and len(tok) > 4 and not tok.endswith("eed") and tok not in _NOT_VERBS
        )
        if (past or tok in _PARTICIPLES) and prev in ("has", "have", "had") and tok not in ("had", "been"):
            if perfect_ok and prev != "had":
                return None
            # a perfect, "has traveled to Tokyo next week" ("will have" was excused above)
            return tok, "past perfect" if prev == "had" else "present perfect"
        if past and tok != "had":
            if prev in ("was", "were"):
                continue  # passive: judged on the auxiliary
            if prev in _NOT_FINITE_BEFORE or not prev:
                return None
            if i >= 1 and tokens[i - 1] == "by" and prev not in _SUBJECT_PRONOUNS:
                # "the miles traveled by each driver": a participle after a
                # noun with its agent is a reduced relative, not the clause's
                # verb; judge the clause on the verbs further left.
                continue
            return tok, "past tense"
    return None


_PRESENT_BE = frozenset(("is", "are", "am"))
# After these, "is"/"are" with a past time is grammatical: "is expected to
# have ... yesterday" is rare, but "is believed to have" and "is said" are not.
_PRESENT_OK_AFTER = frozenset("believed said thought reported known alleged understood expected likely to".split())


# Right after "is/are", these make a future: "is to", "is going to", "is set to", "is due to", "is about to".
_FUTURE_AFTER_BE = frozenset("to going set due about".split())
# ... and these, followed by "to": "is expected to", "is scheduled to", "is poised to".
_FUTURE_BEFORE_TO = frozenset("expected scheduled slated poised planned supposed likely".split())


def _future_clash(tokens: list[str]) -> tuple[str, str] | None:
    """The future (or present "is/are") verb of a clause with a past time, and
    the form it has ("future 'is going to'", "present tense"), or None."""
    for i, tok in enumerate(tokens):
        if tok in ("will", "'ll", "’ll", "shall"):
            return tok, "future"
        if tok in _PRESENT_BE:
            later = tokens[:i]  # the words between the verb and the time expression, nearest the time first
            if any(t in ("have", "been", "being") for t in later):
                return None  # "is believed to have left", "is being held since"
            if later and later[-1] in _FUTURE_AFTER_BE:
                phrase = later[-1] + (" to" if later[-1] in ("going", "set", "due", "about") and
                                      len(later) >= 2 and later[-2] == "to" else "")
                return tok, f"future {tok + ' ' + phrase!r}"  # "is to travel", "is set to travel ... last week"
            if len(later) >= 2 and later[-1] in _FUTURE_BEFORE_TO and later[-2] == "to":
                return tok, f"future {tok + ' ' + later[-1] + ' to'!r}"
            if any(t in _PRESENT_OK_AFTER for t in later):
                return None
            return tok, "present tense"
        if tok in ("would", "could", "might", "may", "should", "must", "was", "were", "had", "did", "has", "have"):
            return None
        if tok in _irregular_past() or (tok.endswith("ed") and len(tok) > 4):
            prev = tokens[i + 1] if i + 1 < len(tokens) else ""
            if (prev in _PRESENT_BE and (tok in _FUTURE_AFTER_BE or tok in _FUTURE_BEFORE_TO)
                    and i >= 1 and tokens[i - 1] == "to"):
                if any(t in ("have", "been", "being") for t in tokens[:i]):
                    return None  # "is expected to have left yesterday"
                return prev, f"future {prev + ' ' + tok + ' to'!r}"  # "is set to", "is expected to"
            if prev in _PRESENT_BE and tok not in _PRESENT_OK_AFTER:
                return prev, "present tense"  # present passive: "are published last week"
            return None  # a past verb nearer the time expression: the clause is past
    return None


@memo_by_text(maxsize=4096)
def _source_directions(source: str) -> tuple[tuple[str, str], ...]:
    """(English expressions, direction) pairs whose clash T101 looks for in
    the target: the source has such a time expression and agrees with it.
    "relative" times (la veille, le lendemain) take the direction of the
    French verbs, when those agree. Memoised per source (see _memo): the
    French patterns are most of T101's cost."""
    out = []
    future_verb = past_verb = None
    for direction in ("future", "past", "relative"):
        if not _time_pattern("fr", direction).search(source):
            continue
        if future_verb is None:
            future_verb, past_verb = bool(_FR_FUTURE.search(source)), bool(_FR_PAST.search(source))
        if direction == "relative":
            if future_verb != past_verb:  # "Il arrivera le lendemain", "Il était arrivé la veille"
                out.append(("relative", "future" if future_verb else "past"))
            continue
        if direction == "future" and not future_verb:
            if past_verb:
                continue  # the source itself is in the past
        if direction == "past" and not past_verb:
            continue
        out.append((direction, direction))
    return tuple(out)


class TenseTimeClash(Detector):
    """A verb tense that contradicts a time expression the source agrees with."""

    code = "T101"
    name = "tense-time-clash"
    category = "accuracy/mistranslation"
    severity = "major"
    fix = "reviewable"
    severity_reason = "It tells the reader an event already happened (or not) when it did not."
    examples = (
        ("après que le gouvernement aura tenu un sommet la semaine prochaine",
         "after the government held a summit next week"),
        ("Le sommet a eu lieu hier.", "The summit will take place yesterday."),
    )
    traps = (
        ("Le sommet aura lieu la semaine prochaine.", "The summit will be held next week."),
        ("Il a annoncé qu'il partira demain.", "He announced that he will leave tomorrow."),
        ("La réunion était prévue pour demain.", "The meeting was scheduled for tomorrow."),
    )

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        for expressions, direction in _source_directions(segment.source):
            for m in _time_pattern("en", expressions).finditer(text):
                if re.match(r"['’]s?\b", text[m.end():m.end() + 2]):
                    continue  # "next week's summit", "yesterday's vote": a noun modifier
                tokens = _clause_tokens_before(text, m.start())
                deadline = m.group().lower().startswith("by ") or text[max(0, m.start() - 3):m.start()].lower() == "by "
                clash = _past_clash(tokens, deadline) if direction == "future" else _future_clash(tokens)
                if not clash:
                    continue
                verb, form = clash
                # Point at the verb itself: its last occurrence before the expression.
                # (Searched in the stretch the clause tokens came from: linear on long lines.)
                base = max(0, m.start() - 400)
                vm = None
                for vm in re.finditer(rf"(?<![\w'’]){re.escape(verb)}(?!\w)", text[base: m.start()], re.IGNORECASE):
                    pass
                start = base + vm.start() if vm else m.start()
                end = base + vm.end() if vm else m.end()
                # "past tense 'held'", "present tense 'is'", "future 'will'", "future 'is going to'"
                named = form if "'" in form else f"{form} {verb!r}"
                if expressions == "relative":
                    tells = "in the past" if direction == "past" else "as future"
                    message = f"{named} with {m.group()!r}: the source tells this {tells}"
                else:
                    message = f"{named} contradicts {m.group()!r}, and the source agrees with the time"
                yield self.finding(start, end, message, None)


DETECTORS = (TenseTimeClash,)
