"""The number lexicon: French and English number words, ordinals, approximations,
scales, months and days, and the values of number-word runs."""

from __future__ import annotations

import re


# --------------------------------------------------------------------------- words

FR_UNITS = {
    "zéro": 0, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80, "nonante": 90,
    "cent": 100, "cents": 100, "mille": 1000, "un": 1, "une": 1, "et": None,
}
EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "and": None,
    "a": None,
}
FR_ORDINALS = {
    "premier": 1, "première": 1, "deuxième": 2, "second": 2, "seconde": 2, "troisième": 3,
    "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8,
    "neuvième": 9, "dixième": 10, "onzième": 11, "douzième": 12, "treizième": 13,
    "quatorzième": 14, "quinzième": 15, "seizième": 16, "vingtième": 20, "trentième": 30,
    "quarantième": 40, "cinquantième": 50, "soixantième": 60, "septantième": 70, "huitantième": 80,
    "nonantième": 90, "centième": 100, "millième": 1000,
}
# The last element of a compound French ordinal ("dix-neuvième", "vingt et
# unième") and the cardinal word it ends on: the compound's value is the
# cardinal run's ("dix-neuf" = 19), which `fr_words_value` already knows.
FR_ORDINAL_ENDS = {
    "unième": "un", "deuxième": "deux", "troisième": "trois", "quatrième": "quatre",
    "cinquième": "cinq", "sixième": "six", "septième": "sept", "huitième": "huit",
    "neuvième": "neuf", "dixième": "dix", "onzième": "onze", "douzième": "douze",
    "treizième": "treize", "quatorzième": "quatorze", "quinzième": "quinze", "seizième": "seize",
    "vingtième": "vingt", "trentième": "trente", "quarantième": "quarante",
    "cinquantième": "cinquante", "soixantième": "soixante", "centième": "cent", "millième": "mille",
}
EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 1000,
}
# The same for English ("twenty-first", "one hundred and third").
EN_ORDINAL_ENDS = {
    "first": "one", "second": "two", "third": "three", "fourth": "four", "fifth": "five",
    "sixth": "six", "seventh": "seven", "eighth": "eight", "ninth": "nine", "tenth": "ten",
    "eleventh": "eleven", "twelfth": "twelve", "thirteenth": "thirteen", "fourteenth": "fourteen",
    "fifteenth": "fifteen", "sixteenth": "sixteen", "seventeenth": "seventeen",
    "eighteenth": "eighteen", "nineteenth": "nineteen", "twentieth": "twenty", "thirtieth": "thirty",
    "fortieth": "forty", "fiftieth": "fifty", "sixtieth": "sixty", "seventieth": "seventy",
    "eightieth": "eighty", "ninetieth": "ninety", "hundredth": "hundred", "thousandth": "thousand",
}
# Approximate amounts: soft, they match a value within a quarter.
FR_APPROX = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
    "trentenaire": 30, "quadragénaire": 40, "quinquagénaire": 50, "sexagénaire": 60,
    "septuagénaire": 70, "octogénaire": 80, "nonagénaire": 90, "centenaire": 100,
}
EN_APPROX = {
    "dozen": 12, "score": 20, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
    "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90,
}
# Fractions and multiples, weak, with the values they may stand for.
FR_SPECIAL = {
    "moitié": (0.5, 50), "demi": (0.5,), "demie": (0.5,), "tiers": (1 / 3, 33, 33.3, 3),
    "quart": (0.25, 25, 4), "quarts": (0.75, 75, 3), "double": (2,), "triple": (3,),
    # Multiplying verbs, rendered "double", "quadruple" or "by four".
    "doubler": (2,), "doublé": (2,), "doublée": (2,), "doublés": (2,), "tripler": (3,), "triplé": (3,),
    "triplée": (3,), "quadrupler": (4,), "quadruplé": (4,), "quadruplée": (4,), "quintupler": (5,),
    "quintuplé": (5,), "décupler": (10,), "décuplé": (10,),
    # Words that imply a number a translator may spell out: "décennie" → "ten
    # years", "semestre" → "six months", "quinquennal" → "five-year".
    "décennie": (10,), "décennies": (10,), "siècle": (100,), "siècles": (100,), "millénaire": (1000,),
    "millénaires": (1000,), "semestre": (6,), "semestres": (6,), "semestriel": (6,),
    "semestrielle": (6,), "trimestre": (3,), "trimestres": (3,), "trimestriel": (3,),
    "trimestrielle": (3,), "quinquennal": (5,), "quinquennale": (5,), "quinquennaux": (5,),
    "quinquennat": (5,), "septennat": (7,), "triennal": (3,), "triennale": (3,), "triennat": (3,),
    "biennal": (2,), "biennale": (2,), "bicentenaire": (200,), "tricentenaire": (300,),
    "bidimensionnel": (2,), "bidimensionnelle": (2,), "tridimensionnel": (3,),
    "tridimensionnelle": (3,), "bipède": (2,), "bipèdes": (2,), "quadrupède": (4,), "quadrupèdes": (4,),
}
EN_SPECIAL = {
    "half": (0.5, 50), "third": (1 / 3, 33, 33.3, 3), "thirds": (2 / 3, 66, 67, 3),
    "quarter": (0.25, 25, 4), "quarters": (0.75, 75, 3), "twice": (2,), "double": (2,),
    "doubled": (2,), "doubling": (2,), "triple": (3,), "tripled": (3,), "tripling": (3,),
    "quadruple": (4,), "quadrupled": (4,), "quadrupling": (4,), "quintuple": (5,), "quintupled": (5,),
    "thrice": (3,), "both": (2,),
    "pair": (2,), "couple": (2,), "dozens": (12,), "decade": (10,), "decades": (10,),
    "century": (100,), "once": (1,), "single": (1,), "noon": (12,), "midnight": (0, 12, 24),
    "fortnight": (2, 14, 15), "biennial": (2,), "annual": (1,), "several": (),
}

SCALES_FR = {
    "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "billion": 1e12,
    "billions": 1e12, "mille": 1e3, "m": 1e6, "md": 1e9, "mds": 1e9, "g": 1e9, "k": 1e3,
    "mio": 1e6, "mrd": 1e9,
}
SCALES_EN = {
    "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9, "trillion": 1e12,
    "trillions": 1e12, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9,
    "k": 1e3, "tn": 1e12, "trn": 1e12,
}

FR_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
FR_DAYS = {"lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6, "dimanche": 7}
EN_DAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}

# Units a translator may legitimately convert: the numbers next to them are soft.
FR_UNITS_CONV = re.compile(
    r"\s?(?:de\s|d['’])?(?:km/h|km²|km2|km|kilomètres?|kilos?|kg|kilogrammes?|tonnes?|t\b|m²|m2|m\b|mètres?|"
    r"cm|centimètres?|mm|millimètres?|l\b|litres?|hectares?|ha\b|°\s?C?|degrés|"
    r"livres?|pieds|pouces|miles|milles)",
    re.IGNORECASE,
)
EN_UNITS_CONV = re.compile(
    r"[\s-]?(?:mph|miles?|mi\b|feet|foot|ft\b|inch(?:es)?|in\.|yards?|pounds?|lbs?|"
    r"ounces?|oz\b|gallons?|acres?|°\s?F?|degrees|fahrenheit|square|cubic|tons?|km|kilomet(?:er|re)s?|"
    r"met(?:er|re)s?|kilo(?:gram)?s?|kg|hectares?)",
    re.IGNORECASE,
)


APPROX_BEFORE_EN = re.compile(r"(?:about|around|roughly|approximately|some|nearly|almost|"
                               r"over|more than|less than|under|up to|~)\s+(?:\S+\s+)?$", re.I)

ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_VAL = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman(s: str) -> int:
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN_VAL[ch]
        if i + 1 < len(s) and _ROMAN_VAL[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


# Idioms whose number word is no figure: "aux quatre coins du monde" is
# "around the world", "tiré à quatre épingles" "dressed to the nines", "un
# onze" a football team. The number words inside are soft.
FR_NUMBER_IDIOMS = re.compile(
    r"\bquatre\s+(?:coins|épingles|vérités|volontés|jeudis)\b|\bentre\s+quatre\s+(?:yeux|murs|planches)\b"
    r"|\b(?:se\s+mettre|se\s+met|se\s+mettent|en)\s+quatre\s+pour\b|\bun\s+de\s+ces\s+quatre\b"
    r"|\bquatre\s+à\s+quatre\b|\bcheveux\s+en\s+quatre\b|\btrente-six\s+(?:chandelles|façons|fois|mille)\b"
    r"|\bsur\s+(?:son|leur|mon|ton)\s+trente\s+et\s+un\b|\bmille\s+(?:fois|excuses|mercis|morceaux|têtes|feux)\b"
    r"|\bdes\s+mille\s+et\s+des\s+cents\b|\bdonne\s+en\s+mille\b|\bà\s+deux\s+pas\b|\ben\s+deux\s+mots\b"
    r"|\bdeux\s+poids,?\s+deux\s+mesures\b|\bni\s+une\s+ni\s+deux\b|\bdeux\s+temps\s+trois\s+mouvements\b"
    r"|\bde\s+deux\s+choses\s+l['’]une\b|\bcent\s+(?:fois|pas)\b"
    r"|\b(?:un|le|son|leur|notre|votre|ce)\s+onze\s+"
    r"(?:de\s+départ|titulaire|type|idéal|fonctionnel|compétitif|entrant)\b"
    r"|\bun\s+onze\b(?=\s*[.,;!?]|$)",
    re.IGNORECASE,
)
# A number word every idiom above holds.
FR_IDIOM_WORDS = ("quatre", "trente", "mille", "deux", "cent", "onze")
assert all(any(w in p.lower() for w in FR_IDIOM_WORDS) for p in FR_NUMBER_IDIOMS.pattern.split("|\\b"))


# Phrases that give a number without a number word, and what they stand for
# (soft: they match a figure on the other side, never reported alone):
# "il y a un demi-siècle" is "fifty years ago", "ces quinze dernières
# années" "the past decade and a half", "six mois" "half a year".
NUMBER_PHRASES = {
    "fr": tuple((re.compile(p, re.IGNORECASE), v) for p, v in (
        (r"\bdemi-siècles?\b", (50,)), (r"\bquarts?\s+de\s+siècle\b", (25,)),
        (r"\bdemi-heures?\b", (30, 0.5)), (r"\bdemi-douzaines?\b", (6,)),
        (r"\bdemi-millions?\b", (500000, 0.5)), (r"\bdemi-milliards?\b", (5e8, 0.5)),
    )),
    "en": tuple((re.compile(p, re.IGNORECASE), v) for p, v in (
        (r"\bhalf(?:\s+a\s+|-)centur(?:y|ies)\b", (50,)), (r"\bquarter(?:\s+of\s+a\s+|-|\s+)century\b", (25,)),
        (r"\bdecades?\s+and\s+a\s+half\b", (15,)), (r"\bcentur(?:y|ies)\s+and\s+a\s+half\b", (150,)),
        # (before "half an hour": "an hour and a half-hour" is 90 minutes)
        (r"\b(?:an|one)\s+hour\s+and\s+(?:a\s+)?half\b", (1.5, 90)),
        (r"\bhalf(?:\s+an?\s+|-)hour\b", (30, 0.5)), (r"\bhalf(?:\s+a\s+|-)year(?:ly)?\b", (6, 0.5)),
        (r"\bhalf\s+a\s+dozen\b", (6,)), (r"\bhalf\s+a\s+million\b", (500000, 0.5)),
        (r"\bhalf\s+a\s+billion\b", (5e8, 0.5)),
    )),
}
# Words every phrase of a language holds, whole (looked for in `Scan.runs`).
PHRASE_WORDS = {"fr": frozenset({"demi", "siècle"}), "en": frozenset({"half", "quarter"})}
# Knockout rounds: a "huitième de finale" is the round of sixteen, a
# "seizième de finale" the round of 32 (soft: the values either may be given).
FR_KNOCKOUT_ROUND = re.compile(r"\b(huitième|seizième)s?\s+de\s+finale", re.IGNORECASE)
# A Roman numeral after a noun that numbers parts: "le chapitre IV" is
# "Chapter 4", "Acte III" "Act 3" (no other bare Roman numeral is read: "Louis
# XIV" stays a name on both sides).
ROMAN_NOUNS = {
    "fr": ("chapitre", "article", "titre", "tome", "livre", "acte", "volume", "partie", "section", "annexe", "phase",
           "saison", "scène", "chant", "épisode", "étape"),
    "en": ("chapter", "article", "title", "volume", "book", "act", "part", "section", "annex", "phase", "season",
           "scene", "canto", "episode", "stage"),
}
ROMAN_AFTER_NOUN = {lang: re.compile(r"(?i:\b(?:" + "|".join(nouns) + r")s?)\s+([IVXLC]+)(?![\w-])")
                    for lang, nouns in ROMAN_NOUNS.items()}


FR_FUNCTION_S = re.compile(r"\s+(?:des|les|ses|mes|tes|nos|vos|leurs|aux|dans|sous|sans|plus|moins|très|pas|"
                            r"puis|depuis|alors|mais|après|avant|chez|vers|dès|lors|sus|jamais)\b", re.I)


def fr_words_value(words: list[str]) -> float | None:
    total = 0
    current = 0
    for w in words:
        v = FR_UNITS.get(w)
        if v is None:
            continue
        if w in ("vingt", "vingts") and current % 100 == 4:  # quatre-vingt(s)
            current = current - 4 + 80
        elif v == 100:
            current = max(current, 1) * 100 if current % 100 else (current or 1) * 100
        elif v == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif w == "dix" and current % 100 in (60, 80):  # soixante-dix, quatre-vingt-dix
            current += 10
        else:
            current += v
    return float(total + current)


def en_words_value(words: list[str]) -> float | None:
    total = 0
    current = 0
    for w in words:
        v = EN_UNITS.get(w)
        if v is None:
            continue
        if v == 100:
            current = max(current, 1) * 100
        elif v == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += v
    return float(total + current)
