import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from omur.cases.scales import KATZ_ITEMS, KATZ_MAX, LAWTON_ITEMS, LAWTON_MAX, katz_band, katz_score, lawton_score

ALL_INDEPENDENT_KATZ = {i.key: "independent" for i in KATZ_ITEMS}
BEST_LAWTON = {i.key: i.options[0].code for i in LAWTON_ITEMS}
WORST_LAWTON = {i.key: i.options[-1].code for i in LAWTON_ITEMS}


def test_scales_have_six_and_eight_items() -> None:
    assert (KATZ_MAX, LAWTON_MAX) == (6, 8)
    assert [i.key for i in KATZ_ITEMS] == ["bathing", "dressing", "toileting", "transferring", "continence", "feeding"]


def test_katz_full_function_scores_six() -> None:
    assert katz_score(ALL_INDEPENDENT_KATZ) == 6
    with translation.override("en"):
        assert katz_band(6) == "full function"


def test_katz_counts_each_dependency_once() -> None:
    answers = {**ALL_INDEPENDENT_KATZ, "bathing": "dependent", "continence": "dependent"}
    assert katz_score(answers) == 4
    assert katz_score({i.key: "dependent" for i in KATZ_ITEMS}) == 0
    with translation.override("en"):
        assert katz_band(4) == "moderate impairment"
        assert katz_band(2) == "severe functional impairment"


def test_katz_is_none_until_every_item_is_answered() -> None:
    partial = dict(ALL_INDEPENDENT_KATZ)
    del partial["feeding"]
    assert katz_score(partial) is None
    assert katz_score({**partial, "feeding": ""}) is None
    assert katz_band(None) == ""


def test_katz_refuses_an_unknown_answer() -> None:
    with pytest.raises(ValueError, match="bathing"):
        katz_score({**ALL_INDEPENDENT_KATZ, "bathing": "sometimes"})


def test_lawton_best_and_worst() -> None:
    assert lawton_score(BEST_LAWTON) == 8
    assert lawton_score(WORST_LAWTON) == 0


def test_lawton_follows_the_published_points() -> None:
    # Telephone: answering only still scores; shopping for small purchases does not; housekeeping
    # needing help with everything still scores; a taxi with a companion does not.
    answers = {
        **BEST_LAWTON,
        "telephone": "answers_only",  # 1
        "shopping": "small",  # 0
        "housekeeping": "needs_help",  # 1
        "transport": "car_with_help",  # 0
        "medication": "prepared",  # 0
        "finances": "day_to_day",  # 1
    }
    assert lawton_score(answers) == 5


def test_lawton_is_none_when_incomplete() -> None:
    answers = dict(BEST_LAWTON)
    del answers["laundry"]
    assert lawton_score(answers) is None


@given(st.tuples(*[st.sampled_from([o.code for o in item.options]) for item in LAWTON_ITEMS]))
def test_lawton_score_is_the_sum_of_item_points(codes: tuple[str, ...]) -> None:
    answers = dict(zip([i.key for i in LAWTON_ITEMS], codes, strict=True))
    expected = sum(item.points(answers[item.key]) for item in LAWTON_ITEMS)
    score = lawton_score(answers)
    assert score == expected and 0 <= score <= 8


@given(st.lists(st.booleans(), min_size=6, max_size=6))
def test_katz_score_counts_independent_items(flags: list[bool]) -> None:
    answers = {item.key: "independent" if f else "dependent" for item, f in zip(KATZ_ITEMS, flags, strict=True)}
    assert katz_score(answers) == sum(flags)
