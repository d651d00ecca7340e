"""Regressions for super-linear detector code found by benchmarks/adversarial.py.

These check that the linear replacements give the same answers as the
quadratic originals (timing belongs in the benchmark, not in tests).
"""

from hypothesis import given, settings, strategies as st

from mtqa.detectors import REGISTRY
from mtqa.detectors.numbers import Taken, overlaps
from mtqa.engine import Engine
from mtqa.types import Segment

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1])), max_size=25)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(added=spans, queries=spans)
def test_numbers_taken_spans_answer_like_the_list(added, queries):
    # numbers.extract kept claimed spans in a list and scanned it for every
    # candidate: quadratic, minutes on a 1 MB line of "1 234,5 1 234,5 ...".
    taken = Taken()
    plain: list[tuple[int, int]] = []
    for span in added:
        taken.append(span)
        plain.append(span)
        for start, end in queries:
            assert overlaps(taken, start, end) == overlaps(plain, start, end), (plain, start, end)


def test_space_before_percent_on_a_long_line_of_decimals():
    # L103 compared every "%" with every decimal span and searched the source
    # once per decimal: quadratic on long lines of percentages.
    unit = "3,5 % et 12 % "
    text = unit * 2000
    seg = Segment("1", text, text)
    found = Engine([REGISTRY["L103"]]).findings(seg)
    # "12 %" is reported, "3,5 %" is left to L101 (decimal comma) as before.
    assert len(found) == 2000
    assert all(text[f.start:f.end] == " %" and text[f.start - 2:f.start] == "12" for f in found)


def test_numbers_on_a_long_line_of_french_numbers():
    unit = "1 234,5 "
    src = unit * 500
    tgt = "1,234.5 " * 500
    engine = Engine([REGISTRY[c] for c in ("N101", "N102", "N103") if c in REGISTRY])
    assert engine.findings(Segment("1", src, tgt)) == ()


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=st.text(alphabet=st.sampled_from(list(" \t\n\u00a0\u2003-.!?:;«»\"“”([—–aB1")), max_size=12),
       cut=st.integers(0, 12))
def test_entities_sentence_start_answers_like_the_regex(text, cut):
    # entities searched _SENT_START over source[:start] for every name token:
    # quadratic on a long line of capitalised words ("Word Word Word ...").
    from mtqa.detectors.entities import SENT_START, starts_sentence

    end = min(cut, len(text))
    assert starts_sentence(text, end) == bool(SENT_START.search(text[:end]))


def test_number_alignment_is_bounded_on_hostile_lines():
    """Thousands of figures on one line (a table or an attack) skip the pairwise
    alignment instead of taking quadratic time; normal segments are unaffected."""
    import time

    from mtqa.detectors.base import Context
    from mtqa.detectors.numbers import MAX_QUANTITIES, NumberMismatch
    from mtqa.types import Segment

    text = "1 234,5 " * 50_000
    seg = Segment("x", text, text)
    t0 = time.perf_counter()
    assert list(NumberMismatch().detect(seg, Context(seg))) == []
    assert time.perf_counter() - t0 < 30
    small = Segment("y", "Il a 12 ans et 3 chats.", "He is 13 and has 3 cats.")
    assert [f.code for f in NumberMismatch().detect(small, Context(small))] == ["N101"]
    assert MAX_QUANTITIES >= 100
