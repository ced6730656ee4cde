"""Turkish phone numbers: parse what people type, store E.164, show the national format.

"0532 123 45 67", "532 1234567", "+90 (532) 123-45-67" → "+905321234567". Landlines with the area
code ("0324 ..."), 0850/444 service numbers and emergency short numbers (112, 155, 185) are accepted."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGION = "TR"


def normalise_phone(raw: str) -> str:
    """E.164 for a valid number, "" for empty input; raises ValidationError otherwise."""
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("“%(value)s” is not a phone number."), code="phone_unparseable", params={"value": text}
        ) from exc
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # Short codes (Alo 185, 112) are not "valid numbers" to libphonenumber but are real to callers.
    if phonenumbers.is_valid_short_number(number):
        return phonenumbers.national_significant_number(number)
    raise ValidationError(
        _(
            "“%(value)s” is not a valid Turkish phone number: mobiles are 05xx xxx xx xx, landlines 0 + area code + 7 digits."
        ),
        code="phone_invalid",
        params={"value": text},
    )


def format_phone(stored: str) -> str:
    """National format for display: 0532 123 45 67."""
    if not stored or not stored.startswith("+"):
        return stored or ""
    try:
        number = phonenumbers.parse(stored, REGION)
    except phonenumbers.NumberParseException:
        return stored
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone_digits(raw: str) -> str:
    """The number's national significant digits, for search: "0532 123" → "532123"."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if digits.startswith("90") and len(digits) > 10:
        digits = digits[2:]
    return digits.lstrip("0")
