"""Context.memo: one analysis per function per segment, shared by the detectors that ask."""

from __future__ import annotations

from mtqa.detectors.base import Context
from mtqa.engine import Engine
from mtqa.types import Segment


def _segment(target: str = "The minister said so.") -> Segment:
    return Segment("1", "Le ministre l'a dit.", target)


def test_computed_once_per_context():
    calls = []

    def words(ctx: Context) -> int:
        calls.append(ctx)
        return len(ctx.segment.target.split())

    ctx = Context(_segment())
    assert ctx.memo(words) == 4
    assert ctx.memo(words) == 4
    assert calls == [ctx]
    # Another context (the next segment) computes its own.
    other = Context(_segment("Yes."))
    assert other.memo(words) == 1
    assert calls == [ctx, other]


def test_two_functions_two_results():
    def first(ctx: Context) -> str:
        return "first"

    def second(ctx: Context) -> str:
        return "second"

    ctx = Context(_segment())
    assert (ctx.memo(first), ctx.memo(second)) == ("first", "second")
    assert (ctx.memo(second), ctx.memo(first)) == ("second", "first")


def test_a_none_or_false_result_is_kept_too():
    calls = []

    def nothing(ctx: Context) -> None:
        calls.append(1)
        return None

    def no(ctx: Context) -> bool:
        calls.append(2)
        return False

    ctx = Context(_segment())
    for _ in range(3):
        assert ctx.memo(nothing) is None
        assert ctx.memo(no) is False
    assert calls == [1, 2]


def test_one_analysis_for_a_family(monkeypatch):
    # N101, N102 and N103 all read the numbers' alignment: the engine's one
    # Context per segment computes it once for the three.
    from mtqa.detectors.numbers import detectors as numbers

    calls = []
    real = numbers.unmatched

    def counting(ctx):
        calls.append(ctx.segment.id)
        return real(ctx)

    monkeypatch.setattr(numbers, "unmatched", counting)
    engine = Engine(numbers.DETECTORS)
    found = [f.code for f in engine.findings(Segment("1", "Il a payé 12 euros le 3 mai.", "He paid 13 euros."))]
    assert calls == ["1"]
    assert "N101" in found and "N102" in found
