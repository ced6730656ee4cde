from omur.calls.demo import _count, _summary
from omur.calls.models import Outcome


def test_summary_prints_plain_outcome_values() -> None:
    counts: dict[str, int] = {}
    for outcome in [Outcome.NO_ANSWER] * 8 + [Outcome.WELL, Outcome.WELL, "needs_help"]:
        _count(counts, outcome)
    line = _summary(counts)
    assert line == "needs_help 1, no_answer 8, well 2"
    assert "Outcome." not in line and all(type(k) is str for k in counts)
    assert _summary({}) == "nothing"
