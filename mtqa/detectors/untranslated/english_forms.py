"""English spellings the wordfreq lexicons under-count, so that a correct
English word does not read as French left untranslated.

wordfreq's English list is dominated by American text: the British "-isation"
and "-ise" spellings ("militarisation", "virtualisation", "localise"), regular
plurals of uncountable-looking nouns ("destructions", "turbulences") and
hyphenated compounds of such words ("anti-militarisation") score far lower
than their French twins, and the lexicon test calls them French. Each rule
here maps the word to the form English lexicons do know and asks about that.
The rules are narrow on purpose: "-re"/"-er" and "-our"/"-or" are left out,
since French "lettre", "ordre", "ministre", "jour" map onto English words too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ... import langid

# British "-is-" where American English has "-iz-" ("organisation" -> "organization").
# At least four letters before "is", so French "prise", "crise", "mise" (-> "prize")
# never qualify; the "-iz-" spelling does not occur in French. Not "-iser": the
# French infinitive ("optimiser", "localiser") is far commoner in MT output than
# the British agent noun.
_BRITISH_IS = re.compile(r"^(.{4,})is(ation|ations|e|es|ed|ing)$")
# British "-yse" ("analyse", "catalyse", "paralysed").
_BRITISH_YSE = re.compile(r"^(.{3,})ys(e|es|ed|ing)$")
# Plurals of nouns spelled alike in both languages: English adds the same "s"
# to these endings ("destruction" -> "destructions"). Other endings are left
# out: "importants", "grands", "certaines" are French adjective plurals.
_NOUN_PLURAL = re.compile(r"^(.{3,}(?:tion|sion|xion|ence|ance|ment))s$")
# English prefixes that form hyphenated compounds ("anti-", "de-", "re-").
_PREFIXES = frozenset("anti de re pre post non co counter self ex semi sub pro over under inter multi "
                      "micro macro mega mini neo pseudo ultra cross".split())

# The "-iz-" form only needs to be known to English at all; a plural's singular
# must be an ordinary English word.
_IZ_ZIPF = 1.5
_SINGULAR_ZIPF = 3.0
# How much more French than its singular a plural may be (in Zipf units) and
# still read as English: "destructions" 1.4, "turbulences" 2.2, "violences" 2.9.
_PLURAL_LEAD = 2.5


@lru_cache(maxsize=16384)
def english_form(word: str) -> bool:
    """Whether a lowercase word the lexicons call French is a regular English
    form: a British spelling, a plural, or a hyphenated compound of those."""
    if "-" in word or "‐" in word:
        return _english_compound(word.replace("‐", "-"))
    m = _BRITISH_IS.match(word)
    if m:
        american = f"{m.group(1)}iz{m.group(2)}"
        # An "-isations" plural: its American singular is enough.
        if langid.zipf_en(american) >= _IZ_ZIPF or (american.endswith("s") and langid.zipf_en(american[:-1]) >= _IZ_ZIPF):
            return True
    m = _BRITISH_YSE.match(word)
    if m and langid.zipf_en(f"{m.group(1)}yz{m.group(2)}") >= _IZ_ZIPF:
        return True
    m = _NOUN_PLURAL.match(word)
    if m:
        singular = m.group(1)
        if english_form(singular):
            return True
        # Not a plural far more French than its singular: French pluralises
        # nouns English keeps uncountable ("les violences"), and that plural is
        # then a French usage left in the English.
        lead = langid.zipf_fr(word) - langid.zipf_en(word)
        singular_lead = langid.zipf_fr(singular) - langid.zipf_en(singular)
        if langid.zipf_en(singular) >= _SINGULAR_ZIPF and lead - singular_lead < _PLURAL_LEAD:
            return True
    return False


def _english_compound(word: str) -> bool:
    """Every part English: a compound prefix, an English word that does not
    lean French, or an English form by the rules above. "kilo-octets" and
    "micro-puces" stay French: "octets" leans French, "puces" is French."""
    parts = [p for p in word.split("-") if p]
    if len(parts) < 2:
        return False
    for i, part in enumerate(parts):
        if i < len(parts) - 1 and part in _PREFIXES:
            continue
        en, fr = langid.zipf_en(part), langid.zipf_fr(part)
        if en >= 3.0 and fr - en < 1.0:
            continue
        if english_form(part):
            continue
        return False
    return True
