import pytest
from django.core.exceptions import ValidationError

from omur.core.phones import format_phone, normalise_phone, phone_digits


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0532 123 45 67", "+905321234567"),
        ("532 1234567", "+905321234567"),
        ("+90 (532) 123-45-67", "+905321234567"),
        ("0324 238 10 00", "+903242381000"),
        ("0850 222 0 185", "+908502220185"),
        ("444 0 333", "+904440333"),
        ("185", "185"),
        ("", ""),
    ],
)
def test_normalise_phone_accepts_turkish_formats(typed: str, stored: str) -> None:
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("bad", ["12", "0532 123", "abc", "0999 999 99 99"])
def test_normalise_phone_rejects_with_a_message(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalise_phone(bad)
    assert bad in str(info.value.messages[0]) or "phone" in str(info.value.messages[0])


def test_format_and_digits() -> None:
    assert format_phone("+905321234567") == "0532 123 45 67"
    assert phone_digits("0532 123") == "532123"
