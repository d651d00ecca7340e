"""Shortcuts that detectors take for speed give the same answers as the slow paths.

Each shortcut is a cheap necessary condition or an equivalent rewrite; these
tests check it against the original computation on arbitrary text built from
the characters that matter to it.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from mtqa.detectors import locale, markup, punctuation, repetition, style_consistency, terminal
from mtqa.detectors.base import WORD_RE

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

PIECES = [
    "a", "A", "the", "The", "the the", "of the", "go", "É", "é", "e\u0301", "ß", "İ", "_", "1", "23", "456",
    " ", "  ", "\t", "\n", "\u00a0", "\u202f", "\u2009", "\u3000", ".", ",", "-", "'", "’", "\"", "”", "»", ")",
    "]", "}", "*", "?", "!", "…", "@", "://", "www.", "WWW.", "w", "/", "x@y.fr", "http://a.b/c",
]
texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=20
).map("".join)

_OLD_CLOSERS = re.compile(r"[\s\"'”’»›)\]}*]*$")


@SETTINGS
@given(texts)
def test_final_walks_back_like_the_anchored_search(text):
    end = _OLD_CLOSERS.search(text).start()
    expected = ("", -1) if end == 0 else (text[end - 1], end - 1)
    assert terminal._final(text) == expected


@SETTINGS
@given(texts)
def test_loop_gates_are_necessary(text):
    toks = repetition._tokens(text)
    words = [t[0] for t in toks]
    assert words == list(map(str.lower, WORD_RE.findall(text)))
    if repetition._loops(text, toks):
        assert len(set(zip(words, words[1:]))) < len(words) - 1  # _repeats_bigram
        assert repetition._may_loop(words)
    if repetition._phrase_starts(words):
        assert len(set(zip(words, words[1:]))) < len(words) - 1


@SETTINGS
@given(texts, texts)
def test_name_lookup_matches_holds_word(source, name):
    folded, runs = style_consistency._source_folded(source)
    key, one_run = style_consistency._name_key(name)
    if one_run:
        assert (key in runs) == style_consistency._holds_word(folded, key)


@SETTINGS
@given(texts)
def test_address_hint_is_necessary(text):
    if not markup._may_hold_address(text):
        assert markup.AddressMismatch()._items(text) == []


@SETTINGS
@given(texts)
def test_prefilters_are_necessary(text):
    if not punctuation._PERIOD_SPACE_LOWER.search(text):
        assert not punctuation._PERIOD_LOWER.search(text)
        assert not punctuation._SPLIT_TAIL.search(text)
    if not locale._DIGIT_COMMA_DIGIT.search(text):
        assert not locale._DECIMAL.search(text)
    if not locale._DIGIT_SPACE_DIGITS.search(text):
        assert not locale._THOUSANDS.search(text)


ordinal_texts = st.lists(st.sampled_from(
    ["1", "21", "XX", "IV", "C", "L", "er", "re", "e", "è", "ème", "ᵉ", "ᵉʳ", " ", ".", ",", "-", "+", "a", "x", "É"]
), max_size=10).map("".join)


@SETTINGS
@given(ordinal_texts)
def test_ordinal_gate_is_necessary(text):
    if not locale._ORDINAL_GATE.search(text):
        assert not locale._ORDINAL.search(text)


def test_finding_to_dict_is_asdict():
    from dataclasses import asdict, fields

    from mtqa.types import Finding

    f = Finding("P101", "doubled-punctuation", "fluency/punctuation", "minor", "target", 3, 5, "m", "s")
    assert f.to_dict() == asdict(f)
    assert list(f.to_dict()) == [x.name for x in fields(Finding)]


@SETTINGS
@given(texts)
def test_loop_gate_skips_counting_only_with_one_repeat(text):
    # _target_loops passes _bigram_repeats to _may_loop: with fewer than two
    # repeated pairs no pair occurs three times, so skipping the count agrees.
    words = list(map(str.lower, WORD_RE.findall(text)))
    repeats = len(words) - 1 - len(set(zip(words, words[1:])))
    if repeats > 0:
        assert repetition._may_loop(words, repeats) == repetition._may_loop(words)


# Pieces of number text: lexicon words (whole, glued, with trailing "s"es),
# digits, Roman numerals and the case-unsafe letters, so that texts with and
# without a word of `LEXICON_RUNS` are both drawn.
number_texts = st.lists(st.sampled_from(
    ["deux", "vingt", "trois", "cent", "twenty", "one", "two", "hundred", "first", "second", "third", "dozen",
     "dozenss", "dizainess", "threefold", "half", "century", "demi", "siècle", "chapitre", "chapter", "IV", "XX",
     "huitième", "de", "finale", "heures", "midi", "past", "six", "o'clock", "to", "May", "mars", "lundi", "et",
     "and", "a", "the", "15", "1,5", "3h30", "7:05", "er", "th", "ss", "fold", "İ", "ſ", " ", "-", "'", ".", ","]
), max_size=12).map("".join)


@SETTINGS
@given(number_texts, st.sampled_from(["fr", "en"]))
def test_no_hit_passes_find_nothing(text, lang):
    """`extract` skips passes for a text with no lexicon run: the same quantities as every pass run."""
    from mtqa.detectors.numbers import extraction

    scan = extraction.Scan(text, lang)
    for step in extraction._PASSES:
        step(scan)
    scan.out.sort(key=lambda q: q.start)
    assert extraction.extract(text, lang) == scan.out
