"""TC Kimlik No (Turkish national identity number) rules.

Eleven digits, the first not 0. With d1…d11 the digits:
  d10 = (7·(d1+d3+d5+d7+d9) − (d2+d4+d6+d8)) mod 10   (Python's % is already non-negative)
  d11 = (d1+…+d10) mod 10
A passing checksum does not prove that the number was ever issued. Foreign residents' numbers start
with 99 and follow the same checksum.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def tckn_check_digits(first_nine: str) -> str:
    d = [int(c) for c in first_nine]
    d10 = (7 * (d[0] + d[2] + d[4] + d[6] + d[8]) - (d[1] + d[3] + d[5] + d[7])) % 10
    d11 = (sum(d) + d10) % 10
    return f"{d10}{d11}"


def is_valid_tckn(value: str) -> bool:
    if not isinstance(value, str) or len(value) != 11 or not value.isascii() or not value.isdigit():
        return False
    if value[0] == "0":
        return False
    return value[9:] == tckn_check_digits(value[:9])


def is_foreign_resident_number(value: str) -> bool:
    return is_valid_tckn(value) and value.startswith("99")


def validate_tckn(value: str) -> None:
    if not isinstance(value, str) or len(value) != 11 or not value.isdigit():
        raise ValidationError(_("A TC Kimlik No has exactly 11 digits."), code="tckn_length")
    if value[0] == "0":
        raise ValidationError(_("A TC Kimlik No cannot start with 0."), code="tckn_leading_zero")
    if not is_valid_tckn(value):
        raise ValidationError(
            _("This TC Kimlik No fails the checksum: check for a mistyped digit."), code="tckn_checksum"
        )


def mask_tckn(value: str | None) -> str:
    """Shown in lists: the first two and last two digits only (e.g. 12*******50)."""
    if not value:
        return ""
    if len(value) < 5:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]
