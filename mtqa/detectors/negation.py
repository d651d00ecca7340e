"""Negation lost or added: "ne … pas" rendered without "not", or a "not" from nowhere.

English often renders a French negation lexically ("n'a pas pu" = failed to,
"sans précédent" = unprecedented, "ne … que" = only), so both detectors flag
only when one side clearly negates and the other side shows no negation at
all, not even a lexical one (refuse, fail, lack, un-/in-/dis- words, -less).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .. import data, langid
from ..types import Finding, Segment
from ._memo import memo_by_text
from .base import Context, Detector

# A gap word is never "que"/"qu'" (restrictive "ne ... que": a "pas" or "plus"
# after it is a noun or a comparative, "n'y a qu'un pas", "n'en est que plus
# crucial") nor "un"/"une" (an object already stands between: "ne connaissaient
# une croissance plus rapide" is a literary "ne" with a comparative).
_GAP = (r"(?:(?!(?:qu(?:e[ \u00a0]|['’])|une?[ \u00a0]))"
        r"(?:[^\W\d_]+(?:['’\-][^\W\d_]*)?[ \u00a0]+|[^\W\d_]+['’]))")
# "ne … pas": the clitic, up to six words without punctuation, the negator.
_FR_NE = re.compile(
    rf"(?<![\w'’])(n(?:e[ \u00a0]+|['’]))(?:{_GAP}){{0,6}}?"
    r"(pas|jamais|plus|rien|personne|aucun|aucune|guère|nullement|ni)(?![\w'’])(?![ \u00a0]*qu(?:e\b|['’]))",
    re.IGNORECASE,
)
# Negative subjects: "personne ne", "rien n'", "aucun député ne", "nul ne".
_FR_SUBJECT = re.compile(
    r"(?<![\w'’])(personne|rien|aucun|aucune|nul|nulle|ni)(?![\w'’])[^.;:!?«»\"]{0,60}?(?<![\w'’])n(?:e(?![\w'’])|['’])",
    re.IGNORECASE,
)
# "sans" as a plain negation; idioms where it is not one are removed first.
_FR_SANS = re.compile(
    r"(?<![\w'’\-])sans(?![\w'’\-])(?=[ \u00a0]+(?:(?:le|la|les|l['’]|un|une|des|aucun|aucune|leur|leurs|son|sa|ses|"
    r"se|s['’]|y|en|me|m['’]|te|nous|vous|lui|jamais|rien|personne|même|plus|avoir|être|faire)(?![\w'’])|"
    r"[^\W\d_]+(?:er|ir|re)(?![\w'’])))",
    re.IGNORECASE,
)
_FR_SANS_IDIOMS = re.compile(
    r"\bsans\s+(?:aucun\s+)?(?:doute|cesse|compter|oublier|parler|relâche|arrêt|conteste|faute|"
    r"encombre|exception|égal|précédent|fil|pareil|nul\s+doute|quoi|que|qu['’]|le\s+sou|rendez-vous)|\bnon\s+sans\b",
    re.IGNORECASE,
)
# "pas sans", "jamais sans": the "sans" undoes the negation before it (the
# "ne ... pas" is already skipped as a litotes, see _FR_LITOTES).
_FR_NEGATOR_BEFORE = re.compile(r"(?<![\w'’])(?:pas|point|jamais)[ \u00a0]+$", re.IGNORECASE)
# Litotes: a negation of a negative word ("pas impossible", "pas sans", "pas mal").
_FR_LITOTES = re.compile(
    r"[ \u00a0]*(?:\w+[ \u00a0]+)?(?:sans|mal|moins|seulement|que|qu['’]|négligeable|rare|étonnant|"
    r"in\w+|im\w+|il\w+|ir\w+|dés\w+|mal\w+)",
    re.IGNORECASE,
)

# Any trace of negation in French (for A102: the source then may explain a "not").
_FR_ANY_NEG = re.compile(
    # Elided before a negative quantifier or noun: "qu'aucun", "d'aucune", "l'absence", "à l'insu".
    r"(?<![\w'’])(?:qu|d|l|s)['’](?:aucun\w*|absen\w*|insu|échec\w*|impossib\w*|interdi\w*)(?![\w'’])|"
    r"(?<![\w'’])n['’]|(?<![\w'’])(?:ne|pas|jamais|rien|personne|aucun|aucune|sans|non|ni|nul|nulle|guère|"
    r"nullement|aucunement|néant|insu|introuvab\w*|refus\w*|refuse\w*|manqu\w*|échec\w*|échou\w*|empêch\w*|évit\w*|cess\w*|"
    r"absen\w*|faute|sauf|excepté|hormis|loin|moins|peu|seul\w*|rarement|interdi\w*|difficile\w*|"
    r"reste\s+à|plutôt|au\s+lieu|jusqu['’]|contraire\w*|indemne\w*|pire|nier|nie|nient|nié\w*|rejet\w*|rejett\w*|"
    r"prohib\w*|défen\w*|oppos\w*|exclu\w*|inconnu\w*|zéro|dout\w*|ignor\w*|impossib\w*|"
    r"incapab\w*|hors|vide\w*|priv\w*|perd\w*|perte\w*|tort|faux|fausse\w*|erreur\w*|faille\w*|"
    r"défaut\w*|pénurie\w*|fini|finie|terminé\w*|arrêt\w*|contre\s+(?:la\s+)?volonté|à\s+peine|"
    r"plus\s+(?:de|d['’]|jamais|aucun|rien|personne|besoin|question))(?:(?<=['’])|(?![\w'’]))",
    re.IGNORECASE,
)

# English negation words (strict).
_EN_NEG = re.compile(
    r"(?<![\w'’\-])(?:not|never|no|none|nobody|nothing|neither|nor|without|nowhere|cannot|no-one)(?![\w'’\-])"
    r"|n['’]t(?![\w'’])",
    re.IGNORECASE,
)
# English idioms with a negation word that are not a negation of the clause.
_EN_NEG_IDIOMS = re.compile(
    r"\b(?:not\s+only|not\s+just|not\s+least|not\s+to\s+mention|not\s+merely|no\s+doubt|no\s+matter|"
    r"nonetheless|none\s+the\s+less|no\s+later\s+than|no\s+earlier\s+than|no\s+more\s+than|"
    r"no\s+less\s+than|no\s+fewer\s+than|not\s+less\s+than|not\s+more\s+than|whether\s+or\s+not|"
    r"or\s+not|if\s+not|nothing\s+but|none\s+other\s+than|not\s+until|no\s+sooner|"
    r"no\s+wonder|no\s+longer|never\s+before|more\s+than\s+ever|not\s+yet|not\s+long\s+ago|spare\s+no|"
    r"no\s+more\s+\w+ing|a\s+nobody|not\s+far|"
    # Positive in meaning: "nothing short of miraculous", "no choice but to leave".
    r"nothing\s+short\s+of|nothing\s+more\s+than|no\s+(?:choice|option|alternative)\s+(?:\w+\s+)?but|"
    r"without\s+a\s+hitch|"
    # A question tag asks, it does not negate: "you noticed, haven't you?"
    r"\b(?:is|are|was|were|do|does|did|have|has|had|can|could|will|would|should)n['’]t\s+"
    r"(?:it|he|she|they|we|you|i|there)\s*\?|"
    r"second\s+to\s+none|not\b[^.;:!?]{0,60}?\buntil\b|no\.\s*\d|no\s+\d)",
    re.IGNORECASE,
)
# Lexical negation in English: words that carry the negation themselves.
_EN_LEXICAL = re.compile(
    r"(?<![\w'’])(?:refus\w*|fail\w*|lack\w*|den(?:y|ies|ied|ial)|reject\w*|absen\w*|unable|"
    r"impossibl\w*|avoid\w*|prevent\w*|stop\w*|ceas\w*|halt\w*|quit\w*|ban|bans|banned|banning|"
    r"forb[ia]d\w*|prohibit\w*|exclud\w*|except\w*|instead|rather|yet|far\s+from|ever|"
    r"doubt\w*|unlikely|little|few|fewer|least|hardly|barely|scarcely|seldom|rarely|lest|"
    r"neglect\w*|miss\w*|omit\w*|ignor\w*|dismiss\w*|declin\w*|resist\w*|escap\w*|free|"
    r"\w+-free|anymore|unless|until|zero|"
    r"nil|silent|beyond|short\s+of|lost|lose|loss|losing|end\w*|"
    r"wrong\w*|false\w*|mistak\w*|spare\w*|devoid|absent|closed|empty|idle|oppos\w*|"
    r"mere\w*|sole\w*|exclusive\w*|nor|neither|none|null|void|"
    r"always|suspend\w*|bar|bars|barred|barring|de-\w+|hard\s+to|difficult\s+to|strangers?|the\s+\w+est|"
    r"hesitat\w*|reluctan\w*|wary|skeptic\w*|sceptic\w*|insufficien\w*|short\w*|scarc\w*)(?![\w'’])",
    re.IGNORECASE,
)
_EN_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_NEG_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "mis", "anti")
# Negative adjectives and nouns end like these ("inaccurate", "illegal", "impossible", "inability").
_ADJ_ENDINGS = ("ble", "bly", "ent", "ently", "ant", "al", "ally", "ive", "ively", "ate", "ately", "ect", "ectly",
                "ete", "ure", "ar", "ous", "ic", "ity", "ence", "ance", "ency", "ancy", "ness", "ed", "ful", "ise", "ize")
_DIS_VERBS = ("disagree", "disapprov", "dislik", "disobey", "disallow", "disqualif", "disarm", "disband",
              "discontinu", "disregard", "distrust", "disbeliev", "disown", "disavow")


@lru_cache(maxsize=4096)
def _negative_word(word: str, lang: str) -> bool:
    """A prefixed or suffixed negative word ("unable", "illegal", "homeless", "incapable")."""
    w = word.lower()
    if lang == "en" and w.endswith("less") and len(w) > 6:
        return True
    if lang == "en" and w.startswith("un") and len(w) >= 7 and not w.startswith(_UN_NOT_NEGATIVE):
        return True
    if w.startswith("non-") or w.startswith("non") and len(w) > 6:
        return True
    prefixes = _NEG_PREFIXES if lang == "en" else ("in", "im", "il", "ir", "dés", "dé", "mal", "mé", "anti", "non")
    for p in prefixes:
        if w.startswith(p) and len(w) - len(p) >= 4:
            if lang == "en" and p in ("in", "im", "il", "ir", "mis") and not w.endswith(_ADJ_ENDINGS):
                continue  # "intends", "involve", "imports": verbs, not negative adjectives
            if lang == "en" and p == "dis" and not (w.endswith(_ADJ_ENDINGS) or w.startswith(_DIS_VERBS)):
                continue  # "discover", "display", "discuss"
            rest = w[len(p):].lstrip("-")
            # langid's shared, memoised accessor (wordfreq loads on first use).
            zipf_frequency = langid.zipf_en if lang == "en" else langid.zipf_fr
            zr = zipf_frequency(rest)
            if zr >= 3.0 and zipf_frequency(w) <= zr:
                return True
    return False


_EN_NEG_LOOSE = re.compile(r"(?<![\w'’])(?:not|no|non|never|none|without)(?![\w'’])|n['’]t\b", re.IGNORECASE)
_EN_MORE = re.compile(r"\bmore\b", re.IGNORECASE)
_UN_NOT_NEGATIVE = ("under", "unit", "union", "univers", "uniform", "uniq", "unanim", "uncle", "unveil", "unison")


def _en_has_any_negation(text: str) -> bool:
    if _EN_NEG.search(text) or _EN_NEG_LOOSE.search(text) or _EN_LEXICAL.search(text):
        return True
    return any(_negative_word(m.group(), "en") for m in _EN_WORD.finditer(text))


# "No. 1", "no.° 5": the abbreviation of "number" (French "n°"), not a negation.
_NUMBER_ABBREVIATION = re.compile(r"\.\s*[°º]?\s*\d")


def _en_strict_negations(text: str) -> list[re.Match[str]]:
    idioms = [m.span() for m in _EN_NEG_IDIOMS.finditer(text)]
    return [m for m in _EN_NEG.finditer(text) if not any(s <= m.start() < e for s, e in idioms)
            and not (m.group().lower() == "no" and _NUMBER_ABBREVIATION.match(text, m.end()))]


class _Inside:
    """Whether increasing positions fall inside ordered, non-overlapping spans:
    one pass over the spans in all (a list scan per position was quadratic)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.j = 0

    def __call__(self, pos: int) -> bool:
        spans = self.spans
        while self.j < len(spans) and spans[self.j][1] <= pos:
            self.j += 1
        return self.j < len(spans) and spans[self.j][0] <= pos


@memo_by_text(maxsize=4096)
def _fr_clear_negations(source: str) -> tuple[tuple[int, int, str], ...]:
    """Spans of unambiguous French negations (not "ne … que", not "ne" explétif)."""
    out = []
    for m in _FR_NE.finditer(source):
        if _FR_LITOTES.match(source, m.end()):
            continue
        out.append((m.start(), m.end(), m.group(2).lower()))
    ne_spans = [(s, e) for s, e, _ in out]  # in order, not overlapping (one finditer)
    inside_ne = _Inside(ne_spans)
    for m in _FR_SUBJECT.finditer(source):
        if not inside_ne(m.start()):
            out.append((m.start(), m.end(), m.group(1).lower()))
    if _FR_SANS.search(source):
        inside_idiom = _Inside([m.span() for m in _FR_SANS_IDIOMS.finditer(source)])
        for m in _FR_SANS.finditer(source):
            if inside_idiom(m.start()):
                continue
            if _FR_LITOTES.match(source, m.end()):
                continue
            if _FR_NEGATOR_BEFORE.search(source, max(0, m.start() - 12), m.start()):
                continue  # litotes: "ce n'est pas sans rappeler" = it is reminiscent of
            out.append((m.start(), m.end(), "sans"))
    return tuple(sorted(out))


@memo_by_text(maxsize=4096)
def _dropped_negations(source: str) -> tuple[tuple[int, int, str], ...]:
    """`_fr_clear_negations(source)` for A101, () without "ne", "n'" or "sans"
    (a cheap test first); memoised per source with its test."""
    low = source.lower()
    if not ("n" in source and ("ne" in low or "n'" in low or "n’" in low) or "sans" in low):
        return ()
    return _fr_clear_negations(source)


@memo_by_text(maxsize=4096)
def _fr_has_any_negation(source: str) -> bool:
    if _FR_ANY_NEG.search(source):
        return True
    return any(_negative_word(m.group(), "fr") for m in re.finditer(r"[^\W\d_]+", source))


@lru_cache(maxsize=1)
def _paraphrase_table() -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...]:
    rows = []
    for row in data.table("fr_negation_paraphrases.tsv"):
        fr = re.compile(rf"(?<![\w])(?:{row[0]})(?![\w])", re.IGNORECASE)
        en = None if row[1] == "*" else re.compile(rf"(?<![\w'’])(?:{row[1]})(?![\w'’])", re.IGNORECASE)
        rows.append((fr, en))
    return tuple(rows)


# "se demandent si le débat n'est pas une diversion": a rhetorical negation.
_FR_WONDER_IF = re.compile(r"(?:demand\w*|question\w*)\s+(?:\w+\s+){0,2}s(?:i\s|['’]il)", re.IGNORECASE)


_FR_BEFORE_ANYONE = re.compile(r"\b(?:avant|sans)\s+qu(?:e\s+|['’])$", re.IGNORECASE)
_EN_ANY = re.compile(r"\b(?:any|anyone|anybody|anything)\b", re.IGNORECASE)


def negation_paraphrased(source: str, start: int, end: int, target: str) -> bool:
    """Whether the French negation at source[start:end] is one English renders
    positively: a litotes verb ("n'arrêtent pas de" = keep), a negated verb whose
    antonym the target uses ("n'a pas survécu" = succumbed, "n'a pas accepté" =
    refused, through the A201 direction lexicon), or a rhetorical "si ... ne ... pas"."""
    span = source[start:min(len(source), end + 30)]
    for fr, en in _paraphrase_table():
        if fr.search(span) and (en is None or en.search(target)):
            return True
    if _FR_WONDER_IF.search(source, max(0, start - 120), start):
        return True
    if _FR_BEFORE_ANYONE.search(source, max(0, start - 20), start) and _EN_ANY.search(target):
        return True  # "avant que personne ne soit blessé" = before anyone is hurt (expletive ne)
    from .polarity import antonym_in_target

    return antonym_in_target(span, target)


# French negative quantifiers and the English universals that turn them around.
_UNIVERSALS = {
    "rien": r"everything",
    "personne": r"everyone|everybody",
    "nul": r"everyone|everybody",
    "nulle": r"everyone|everybody",
    "aucun": r"all|every|each",
    "aucune": r"all|every|each",
    "jamais": r"always",
}
_UNIVERSAL_RE = {w: re.compile(rf"(?<![\w'’\-])(?:{alts})(?![\w'’\-])", re.IGNORECASE) for w, alts in _UNIVERSALS.items()}
_NOT_UNIVERSAL = re.compile(r"\b(?:at\s+all|all\s+but|above\s+all|after\s+all|all\s+the\s+more|all\s+of\s+a\s+sudden|"
                            r"once\s+and\s+for\s+all|for\s+all|all\s+too)\b", re.IGNORECASE)
# "la personne", "chaque personne": the noun, not the pronoun.
_FR_PERSON_NOUN = re.compile(r"(?:\b(?:la|une|chaque|cette|toute|quelque|des|les|de|du|seule|telle|même)|\bd['’]|\bl['’])"
                             r"[ \u00a0]+$", re.IGNORECASE)


def quantifier_reversal(source: str, target: str,
                        negs: tuple[tuple[int, int, str], ...]) -> tuple[int, int, int, int] | None:
    """(source start, end, target start, end) of a French negative quantifier ("rien",
    "personne", "aucun", "jamais") that the target renders by the universal
    that contradicts it ("everything", "everyone", "all", "always"), where the
    target has no negation of its own; else None."""
    if _en_strict_negations(target):
        return None
    excluded: list[tuple[int, int]] | None = None
    for start, end, word in negs[:8]:  # bounded: hostile lines repeat "rien n'" thousands of times
        pattern = _UNIVERSAL_RE.get(word)
        if pattern is None:
            continue
        if word == "personne":
            w = source.lower().find("personne", start, end)
            if w >= 0 and _FR_PERSON_NOUN.search(source, max(0, w - 12), w):
                continue
        if excluded is None:
            excluded = [m.span() for m in _NOT_UNIVERSAL.finditer(target)][:50]
        # The universal must stand about where the quantifier stands: "Tous les
        # soldats ... et aucun d'entre eux" has its "All" at the other end.
        where = start / max(1, len(source))
        best = None
        for k, m in enumerate(pattern.finditer(target)):
            if k >= 50:
                break
            if any(a <= m.start() < b for a, b in excluded):
                continue
            gap = abs(m.start() / max(1, len(target)) - where)
            if gap <= 0.3 and (best is None or gap < best[0]):
                best = (gap, m.start(), m.end())
        if best:
            return start, end, best[1], best[2]
    return None


class NegationDropped(Detector):
    """The source is negated ("ne … pas", "jamais", "sans") and the target has no negation at all."""

    code = "A101"
    name = "negation-dropped"
    category = "accuracy/mistranslation"
    severity = "major"
    fix = "none"
    severity_reason = "Losing a negation inverts the meaning of the sentence."
    examples = (("Le ministre n'a pas signé l'accord.", "The minister signed the agreement."),
                ("Personne n'a été blessé.", "Someone was injured."))
    traps = (("Il ne reste que deux jours.", "Only two days remain."),
             ("Elle n'a pas pu venir.", "She was unable to come."),
             ("C'est sans doute vrai.", "It is probably true."))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        source = segment.source
        negs = _dropped_negations(source)
        if not negs:
            return
        target = segment.target
        # A finding needs a target with no negation at all, or else the "ne ...
        # plus" -> "more" misreading below, which needs a "plus" among the
        # negations (the paraphrase test only removes some) and a "more": a
        # necessary condition, tested first because most targets negate.
        if _en_has_any_negation(target) and not (any(w == "plus" for _, _, w in negs) and _EN_MORE.search(target)):
            return
        # The first negations only: each test reads the target (linear on long lines).
        negs = tuple(n for n in negs[:20] if not negation_paraphrased(source, n[0], n[1], target)) + negs[20:]
        if not negs:
            return
        if quantifier_reversal(source, target, negs):
            return  # A103 reports it, on the target word
        if _en_has_any_negation(target):
            # "il n'y aura plus d'employés" -> "there will be more employees": the
            # classic MT misreading of "ne ... plus", even beside "only" or "any".
            if not (any(w == "plus" for _, _, w in negs) and _EN_MORE.search(target)
                    and not _EN_NEG.search(target) and not _EN_NEG_LOOSE.search(target)
                    and not any(_negative_word(m.group(), "en") for m in _EN_WORD.finditer(target))):
                return
        start, end, word = negs[0]
        yield self.finding(
            start, end,
            f"the source negates ({source[start:end]!r}) but the target has no negation",
            None, side="source",
        )


class NegationAdded(Detector):
    """The target negates ("not", "never", "no") where the source has no negation at all."""

    code = "A102"
    name = "negation-added"
    category = "accuracy/mistranslation"
    severity = "major"
    fix = "none"
    severity_reason = "An added negation inverts the meaning of the sentence."
    # detect() needs an _EN_NEG match: as a prefilter its lookarounds see the
    # "\n" between joined targets as they see a text's edges (not a word character).
    prefilter = _EN_NEG
    examples = (("Le projet a été approuvé par le conseil.", "The project was not approved by the council."),)
    traps = (("Il a aussi critiqué le budget.", "Not only did he criticize the budget."),
             ("C'est certainement vrai.", "It is no doubt true."))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        target = segment.target
        if not _EN_NEG.search(target):
            return
        # The source test first: it is memoised per source and nearly always
        # true once the target negates, which spares the idiom scan below.
        if _fr_has_any_negation(segment.source):
            return
        negs = _en_strict_negations(target)
        if not negs:
            return
        m = negs[0]
        yield self.finding(
            m.start(), m.end(),
            f"negation {m.group()!r} in the target has no counterpart in the source",
            None,
        )


# Necessary for A103: one of the quantifiers in the lowercased source. Where
# `w in source.lower()` holds, this case-insensitive search matches too (none
# of the words ends in "i", the one letter a non-ASCII capital, "İ",
# lowercases into).
_FR_QUANTIFIER_GATE = re.compile("rien|personne|aucun|jamais|nul", re.IGNORECASE)


class NegativeQuantifierReversed(Detector):
    """A French negative quantifier rendered by the universal that contradicts it ("rien" -> "everything")."""

    code = "A103"
    name = "negative-quantifier-reversed"
    category = "accuracy/mistranslation"
    severity = "major"
    fix = "none"
    severity_reason = "'Nothing was decided' becoming 'everything was decided' says the opposite."
    source_prefilter = _FR_QUANTIFIER_GATE
    examples = (("Rien n'a été décidé.", "Everything was decided."),
                ("Personne n'a voté pour le projet.", "Everyone voted for the project."),
                ("Il n'a jamais refusé une entrevue.", "He always refused an interview."))
    traps = (("Rien n'a été décidé.", "Nothing has been decided."),
             ("Personne n'a voté pour le projet.", "Not everyone voted for the project."),
             ("La personne qui n'a pas voté a tout perdu.", "The person who did not vote lost everything."))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        low = ctx.source_lower
        if not any(w in low for w in ("rien", "personne", "aucun", "jamais", "nul")):
            return
        source = segment.source
        negs = tuple(n for n in _fr_clear_negations(source) if n[2] in _UNIVERSALS)
        if not negs:
            return
        hit = quantifier_reversal(source, segment.target, negs)
        if hit:
            s_start, s_end, start, end = hit
            yield self.finding(
                start, end,
                f"{segment.target[start:end]!r} turns the source's negative {source[s_start:s_end]!r} around",
                None,
            )


DETECTORS = (NegationDropped, NegationAdded, NegativeQuantifierReversed)
