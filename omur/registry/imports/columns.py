"""The import file's columns and how each cell is read.

The headers are Turkish because the files come from the office's own spreadsheets; English names are
accepted as aliases. A header matches after Turkish folding with spaces and punctuation removed, so
"TC KİMLİK NO", "tc_kimlik_no" and "Tc Kimlik No" are the same column.

Every parser takes the raw cell (str from CSV; str, int, float, date or datetime from XLSX) and
returns the value to store, or raises CellError with a message for the problem list."""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from omur.core.phones import normalise_phone
from omur.core.tckn import validate_tckn
from omur.core.text import fold_turkish
from omur.registry.models import Relation, Sex, SocialSecurity


class CellError(Exception):
    """A cell that cannot be read; the message goes into the problem list as it is."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as written in the template
    description: Any  # lazy translated text for the template's second sheet and the page
    example: str
    required: bool = False
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column(
        "tckn",
        "TC Kimlik No",
        _("11 digits with a valid checksum; 99… for foreign residents. Empty if the person has none."),
        "10000000146",
        aliases=("tckn", "tc", "tc no", "kimlik no", "tc kimlik", "national id"),
    ),
    Column(
        "given_name",
        "Ad",
        _("Given name(s)."),
        "Ayşe",
        required=True,
        aliases=("adı", "isim", "given name", "first name"),
    ),
    Column(
        "family_name",
        "Soyad",
        _("Family name."),
        "Yılmaz",
        required=True,
        aliases=("soyadı", "family name", "surname", "last name"),
    ),
    Column(
        "birth_date",
        "Doğum tarihi",
        _("dd.mm.yyyy or yyyy-mm-dd. Required when there is no TC Kimlik No."),
        "14.03.1952",
        aliases=("doğum tarihi", "birth date", "date of birth"),
    ),
    Column("sex", "Cinsiyet", _("K or E (also F or M)."), "K", required=True, aliases=("sex", "gender")),
    Column(
        "phone",
        "Telefon",
        _("Mobile or landline, e.g. 0532 123 45 67."),
        "0532 123 45 67",
        aliases=("tel", "gsm", "cep", "phone"),
    ),
    Column("district", "İlçe", _("One of Mersin's 13 districts."), "Yenişehir", aliases=("district",)),
    Column(
        "neighbourhood",
        "Mahalle",
        _("Neighbourhood name within the district (“Mahallesi” may be left out)."),
        "Çiftlikköy",
        aliases=("mahallesi", "neighbourhood", "neighborhood"),
    ),
    Column(
        "street",
        "Cadde/Sokak",
        _("Street, e.g. 1234. Sk. or Atatürk Cd."),
        "3201. Sk.",
        aliases=("sokak", "cadde", "adres", "street"),
    ),
    Column("building_no", "Bina no", _("Building number."), "12", aliases=("bina", "dış kapı no", "building no")),
    Column("door_no", "Daire no", _("Door (flat) number."), "4", aliases=("daire", "iç kapı no", "door no")),
    Column("lives_alone", "Yalnız yaşıyor", _("evet or hayır."), "hayır", aliases=("yalnız", "lives alone")),
    Column(
        "social_security",
        "Sosyal güvence",
        _("yok, SGK çalışan, SGK emekli, GSS, yeşil kart or diğer."),
        "SGK emekli",
        aliases=("sosyal güvencesi", "güvence", "social security"),
    ),
    Column(
        "monthly_income",
        "Aylık gelir",
        _("Turkish liras, e.g. 12.500,50 or 12500.50."),
        "16.881,00",
        aliases=("aylık gelir tl", "gelir", "monthly income"),
    ),
    Column(
        "household",
        "Hane anahtarı",
        _("Any label shared by the rows of one household (e.g. H1). Empty for a person imported alone."),
        "H1",
        aliases=("hane", "hane no", "household", "household key"),
    ),
    Column(
        "relation",
        "Haneye yakınlık",
        _(
            "Relation to the head: hane reisi, eş, çocuk, anne/baba, kardeş, torun, büyükanne/büyükbaba, diğer akraba, akraba değil."
        ),
        "hane reisi",
        aliases=("yakınlık", "yakınlık derecesi", "relation", "relation to head"),
    ),
)

COLUMN_BY_KEY = {c.key: c for c in COLUMNS}


def header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold_turkish(str(text or "")))


HEADER_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.key, *_column.aliases):
        HEADER_LOOKUP[header_key(_name)] = _column.key


def as_text(raw: Any) -> str:
    """The cell as stripped text; whole numbers from spreadsheets lose their ".0"."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "1" if raw else "0"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (dt.datetime, dt.date)):
        return raw.strftime("%d.%m.%Y")
    return " ".join(str(raw).split())


def parse_tckn(raw: Any) -> str:
    text = as_text(raw).replace(" ", "")
    try:
        validate_tckn(text)
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from exc
    return text


def parse_name(raw: Any, *, max_length: int = 80) -> str:
    text = as_text(raw)
    if not any(ch.isalpha() for ch in text):
        raise CellError(_("A name needs at least one letter."))
    if len(text) > max_length:
        raise CellError(_("Longer than %(n)d characters.") % {"n": max_length})
    return text


_DAY_FIRST = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")
_ISO = re.compile(r"(\d{4})[-.](\d{1,2})[-.](\d{1,2})(?:[ T]00:00(?::00)?)?")


def parse_date(raw: Any, *, today: dt.date) -> dt.date:
    if isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    else:
        text = as_text(raw)
        day_first, iso = _DAY_FIRST.fullmatch(text), _ISO.fullmatch(text)
        try:
            if day_first:
                value = dt.date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
            elif iso:
                value = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
            else:
                raise ValueError(text)
        except ValueError:
            raise CellError(
                _("“%(value)s” is not a date: write dd.mm.yyyy (e.g. 14.03.1952) or yyyy-mm-dd.") % {"value": text}
            ) from None
    if value.year < 1900:
        raise CellError(_("A birth date before 1900 is not plausible."))
    if value > today:
        raise CellError(_("The birth date is in the future."))
    return value


_SEX = {
    "k": Sex.FEMALE,
    "kadin": Sex.FEMALE,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "e": Sex.MALE,
    "erkek": Sex.MALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
}


def parse_sex(raw: Any) -> str:
    value = _SEX.get(fold_turkish(as_text(raw)))
    if value is None:
        raise CellError(_("Write K (female) or E (male)."))
    return str(value)


def parse_phone(raw: Any) -> str:
    text = as_text(raw)
    # A ten-digit mobile exported as a number lost its leading zero: 5321234567.
    try:
        value = normalise_phone(text)
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from exc
    if not value.startswith("+"):
        raise CellError(_("“%(value)s” is a short service number, not a person's phone.") % {"value": text})
    return value


_YES = {"evet", "e", "var", "x", "yes", "y", "true", "1"}
_NO = {"hayir", "h", "yok", "no", "n", "false", "0"}


def parse_bool(raw: Any) -> bool:
    text = fold_turkish(as_text(raw))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(_("Write evet or hayır."))


def _choice_lookup(pairs: dict[str, tuple[str, ...]]) -> dict[str, str]:
    lookup = {}
    for value, names in pairs.items():
        for name in (value, *names):
            lookup[header_key(name)] = value
    return lookup


_SOCIAL_SECURITY = _choice_lookup(
    {
        SocialSecurity.NONE: ("yok", "none", "güvencesiz", "sosyal güvencesi yok"),
        SocialSecurity.SGK_EMPLOYEE: (
            "sgk çalışan",
            "sgk",
            "çalışan",
            "ssk",
            "bağkur",
            "4a",
            "4b",
            "4c",
            "sgk (çalışan)",
            "employee",
        ),
        SocialSecurity.SGK_RETIRED: ("sgk emekli", "emekli", "sgk (emekli)", "emekli sandığı", "retired"),
        SocialSecurity.GSS: ("gss", "genel sağlık sigortası", "general health insurance"),
        SocialSecurity.GREEN_CARD: ("yeşil kart", "green card"),
        SocialSecurity.OTHER: ("diğer", "other"),
    }
)


def parse_social_security(raw: Any) -> str:
    value = _SOCIAL_SECURITY.get(header_key(as_text(raw)))
    if value is None:
        raise CellError(
            _("Unknown social security “%(value)s”: write yok, SGK çalışan, SGK emekli, GSS, yeşil kart or diğer.")
            % {"value": as_text(raw)}
        )
    return str(value)


_RELATION = _choice_lookup(
    {
        Relation.HEAD: ("hane reisi", "reis", "hanehalkı reisi", "kendisi", "head"),
        Relation.SPOUSE: ("eş", "eşi", "karısı", "kocası", "spouse"),
        Relation.CHILD: ("çocuk", "çocuğu", "oğlu", "kızı", "oğul", "kız", "child"),
        Relation.PARENT: ("anne", "baba", "annesi", "babası", "anne/baba", "ebeveyn", "parent"),
        Relation.SIBLING: ("kardeş", "kardeşi", "abla", "abi", "ağabey", "sibling"),
        Relation.GRANDCHILD: ("torun", "torunu", "grandchild"),
        Relation.GRANDPARENT: (
            "büyükanne",
            "büyükbaba",
            "büyükanne/büyükbaba",
            "dede",
            "nine",
            "anneanne",
            "babaanne",
            "grandparent",
        ),
        Relation.OTHER_RELATIVE: (
            "diğer akraba",
            "akraba",
            "gelin",
            "damat",
            "yeğen",
            "amca",
            "dayı",
            "teyze",
            "hala",
            "other relative",
        ),
        Relation.NON_RELATIVE: ("akraba değil", "akrabası değil", "not related", "non relative"),
    }
)


def parse_relation(raw: Any) -> str:
    value = _RELATION.get(header_key(as_text(raw)))
    if value is None:
        raise CellError(
            _(
                "Unknown relation “%(value)s”: write hane reisi, eş, çocuk, anne/baba, kardeş, torun, büyükanne/büyükbaba, diğer akraba or akraba değil."
            )
            % {"value": as_text(raw)}
        )
    return str(value)


_MAX_INCOME = Decimal("9999999999.99")


def parse_money(raw: Any) -> Decimal:
    """Turkish "12.500,50", plain "12500.50", and numbers from spreadsheets.

    With both separators the last one is the decimal mark. A lone comma is a decimal comma. A lone dot
    followed by exactly three digits ("12.500") is a thousands separator, as a Turkish reader means
    it; any other lone dot is a decimal point."""
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    else:
        text = re.sub(r"(?i)\s|tl|try|₺", "", as_text(raw))
        original = as_text(raw)
        if not re.fullmatch(r"-?[0-9.,]+", text or "x"):
            raise CellError(_("“%(value)s” is not an amount: write e.g. 12.500,50 or 12500.50.") % {"value": original})
        if "," in text and "." in text:
            decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
            thousands = "." if decimal_mark == "," else ","
            text = text.replace(thousands, "").replace(decimal_mark, ".")
        elif "," in text:
            if text.count(",") > 1:
                raise CellError(
                    _("“%(value)s” is not an amount: write e.g. 12.500,50 or 12500.50.") % {"value": original}
                )
            text = text.replace(",", ".")
        elif text.count(".") > 1 or re.fullmatch(r"-?\d{1,3}\.\d{3}", text):
            if not re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
                raise CellError(
                    _("“%(value)s” is not an amount: write e.g. 12.500,50 or 12500.50.") % {"value": original}
                )
            text = text.replace(".", "")
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise CellError(
                _("“%(value)s” is not an amount: write e.g. 12.500,50 or 12500.50.") % {"value": original}
            ) from exc
    if value < 0:
        raise CellError(_("An income cannot be negative."))
    if value > _MAX_INCOME:
        raise CellError(_("The amount is too large."))
    return value.quantize(Decimal("0.01"))


def parse_short_text(raw: Any, *, max_length: int) -> str:
    text = as_text(raw)
    if len(text) > max_length:
        raise CellError(_("Longer than %(n)d characters.") % {"n": max_length})
    return text


_NEIGHBOURHOOD_SUFFIX = re.compile(r"\s+(mahallesi|mahalle|mah\.?|mh\.?)$")


def place_key(text: str) -> str:
    """Folded place name without the "Mahallesi"/"Mah." suffix or an "ilçesi" after a district."""
    folded = fold_turkish(as_text(text))
    folded = _NEIGHBOURHOOD_SUFFIX.sub("", folded)
    folded = re.sub(r"\s+ilcesi$", "", folded)
    return folded
