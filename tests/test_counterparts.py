"""The counterpart search's indexes (mtqa/detectors/counterparts.py) answer as the rule they index.

`lexicon_forms` looks a word's stems up by prefix, and `Target.form_positions`
finds the words an English form renders by bisecting the sorted vocabulary;
both must give what trying every stem, or every target word, with
`stem_matches` gives.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from mtqa.text.folding import fold_lower
from mtqa.detectors.counterparts import EN_ENDINGS, FR_ENDINGS, Target, lexicon, lexicon_forms, stem_matches

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def brute_forms(word: str) -> tuple[str, ...]:
    table, stems = lexicon()
    return tuple(f for stem in stems if stem_matches(stem, word, FR_ENDINGS) for f in table[stem])


def test_lexicon_forms_on_the_lexicon_itself():
    _, stems = lexicon()
    words = set(stems[:400]) | {s + e for s in stems[:200] for e in ("s", "es", "ent", "ait", "x")}
    words |= {s[:-1] for s in stems[:200] if len(s) > 3}
    for w in sorted(words):
        assert lexicon_forms(w) == brute_forms(w), w


@SETTINGS
@given(st.text(alphabet="abcdeéilmnorstuxy'-", min_size=1, max_size=12))
def test_lexicon_forms_on_arbitrary_words(word):
    assert lexicon_forms(word) == brute_forms(word)


FORMS = ["stat", "study", "state", "ab", "storye", "stor", "form", "president", "p.m.", "ex-", "the", "year",
         "rise", "x", "an"]


@SETTINGS
@given(st.lists(st.sampled_from(["The", "states'", "studies", "p.m.", "ex-president", "abd", "ab", "abs", "stories",
                                 "story-telling", "forms", "Year's", "years", "rised", "an", "x-ray", "3", "é"]),
                max_size=12).map(" ".join))
def test_form_positions_as_every_word_tried(text):
    t = Target(fold_lower(text))
    for form in FORMS:
        got = sorted(t.form_positions(form))
        if " " in form or not form.isalnum():
            continue  # phrases and dotted forms: their own lookups, checked by the case files
        want = sorted(i for w, idx in t.by_word.items() if stem_matches(form, w, EN_ENDINGS) for i in idx)
        assert got == want, (text, form)


def test_span_positions_bisect():
    t = Target("one two-three four's five")
    for start in range(0, 30):
        for end in range(start, 31):
            assert t.span_positions(start, end) == [i for i, s in enumerate(t.starts) if start <= s < end]
