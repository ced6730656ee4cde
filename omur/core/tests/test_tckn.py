from hypothesis import given
from hypothesis import strategies as st

from omur.core.tckn import is_valid_tckn, mask_tckn, tckn_check_digits, validate_tckn

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda s: s[0] != "0")


@given(nine_digits)
def test_tckn_with_computed_check_digits_is_valid(prefix: str) -> None:
    assert is_valid_tckn(prefix + tckn_check_digits(prefix))


@given(nine_digits, st.integers(min_value=0, max_value=10), st.integers(min_value=1, max_value=9))
def test_tckn_single_digit_change_is_caught(prefix: str, position: int, delta: int) -> None:
    number = prefix + tckn_check_digits(prefix)
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    if changed[0] == "0":
        assert not is_valid_tckn(changed)
        return
    # d11 is the sum of d1..d10 mod 10, so any single changed digit breaks d10 or d11.
    assert not is_valid_tckn(changed)


@given(st.text(max_size=14))
def test_tckn_validator_never_crashes_and_agrees_with_predicate(text: str) -> None:
    try:
        validate_tckn(text)
        valid = True
    except Exception as exc:  # ValidationError only
        assert exc.__class__.__name__ == "ValidationError"
        valid = False
    assert valid == is_valid_tckn(text)


def test_tckn_known_examples() -> None:
    assert is_valid_tckn("10000000146")
    assert not is_valid_tckn("10000000147")
    assert not is_valid_tckn("01234567890")
    assert not is_valid_tckn("1234567890")
    assert is_valid_tckn("99" + "1234567" + tckn_check_digits("991234567"))


def test_mask_tckn_shows_only_ends() -> None:
    assert mask_tckn("10000000146") == "10*******46"
    assert mask_tckn("") == ""
