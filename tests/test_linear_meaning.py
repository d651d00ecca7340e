"""Long hostile lines for the meaning detectors (A103, A201, A301, A401, T101):
answers like short lines, in linear time (the bounds are generous; timing
proper belongs in benchmarks/adversarial.py)."""

import time

import pytest

from mtqa.detectors import REGISTRY
from mtqa.engine import Engine
from mtqa.types import Segment

CODES = ("A101", "A103", "A201", "A301", "A401", "T101")

LINES = [
    ("rien n'a été décidé ", "everything was decided "),
    ("personne n'a dit non ", "everyone said yes "),
    ("1 000 ", "1 000 "),
    ("a augmenté de 5 ans ", "fell by 5 months "),
    ("La réunion aura lieu demain. ", "The meeting went to Tokyo tomorrow. "),
    ("il a dit, ", ", the minister said"),
]


@pytest.mark.parametrize("src,tgt", LINES)
def test_meaning_detectors_stay_linear_on_long_lines(src, tgt):
    engine = Engine([REGISTRY[c] for c in CODES])
    short = engine.findings(Segment("s", src * 10, tgt * 10))
    t0 = time.perf_counter()
    long = engine.findings(Segment("l", src * 20000, tgt * 20000))
    assert time.perf_counter() - t0 < 60
    assert {f.code for f in long} == {f.code for f in short}
