import pytest

from omur.core.text import fold_turkish


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ismail", "İSMAİL"),
        ("ılgaz", "ILGAZ"),
        ("şükrü", "ŞÜKRÜ"),
        ("sukru", "ŞÜKRÜ"),
        ("Çağrı", "CAGRI"),
        ("ıŞık", "IŞIK"),
    ],
)
def test_fold_turkish_matches_the_way_people_type(typed: str, stored: str) -> None:
    assert fold_turkish(typed) == fold_turkish(stored)


def test_fold_turkish_keeps_i_and_dotless_i_rules() -> None:
    assert fold_turkish("İSTANBUL") == "istanbul"
    assert fold_turkish("IĞDIR") == "igdir"
    assert fold_turkish("i̇smail") == "ismail"  # decomposed dotted capital lowered by other software
