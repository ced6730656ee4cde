"""Reads for the registry: people search, the person page, households with derived figures.

Search (person_search) is built to stay fast at a million people on SQLite and PostgreSQL alike:
every condition it emits is an equality or a prefix range on an indexed column, it collects at most
SEARCH_LIMIT matching ids without sorting in the database, and it sorts those few in Python in
Turkish alphabetical order (which neither database's default collation gives)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, overload

from django.db import connection
from django.db.models import Count, DecimalField, FloatField, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Cast, NullIf

from omur.accounts.roles import HEALTH_DATA_ROLES, REGISTRY_MANAGE_ROLES, TCKN_REVEAL_ROLES
from omur.core.access import user_roles
from omur.core.phones import phone_digits
from omur.core.text import fold_turkish
from omur.registry.models import (
    EmergencyContact,
    Household,
    HouseholdMember,
    Person,
    PersonHealth,
    ProcessingBasis,
)

MERSIN_PROVINCE_ID = 33
# More matches than this and the page asks for a narrower search instead of paging through them:
# staff look for one person, and bounding the work keeps every search cheap however common the name.
SEARCH_LIMIT = 500
# Words of a name that search can match the start of: name_folded and the three generated columns.
_NAME_WORD_COLUMNS = ("name_folded", "name_word2", "name_word3", "name_word4")
_MIN_DIGITS = 3


# --- search -----------------------------------------------------------------------------------


def _next_string(prefix: str) -> str:
    """The smallest string greater than every string starting with prefix (prefix is not empty)."""
    last = prefix[-1]
    if ord(last) >= 0x10FFFF:
        return _next_string(prefix[:-1]) if len(prefix) > 1 else prefix + "\U0010ffff"
    return prefix[:-1] + chr(ord(last) + 1)


def prefix_q(field_name: str, prefix: str) -> Q:
    """`field starts with prefix`, written so that an index answers it on both databases.

    PostgreSQL answers LIKE 'x%' from the varchar_pattern_ops indexes (Django creates them for
    indexed CharFields; the name-word indexes declare them), whatever the database collation.
    SQLite's LIKE ignores ASCII case, so it can use an ordinary (BINARY) index only with the
    connection-wide case_sensitive_like pragma, which would change every other LIKE; a range on
    the same BINARY index is exact for a prefix, because UTF-8 bytes sort in code-point order."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field_name}__startswith": prefix})
    return Q(**{f"{field_name}__gte": prefix, f"{field_name}__lt": _next_string(prefix)})


def _word_anywhere_q(word: str) -> Q:
    """Some word of the name starts with `word`, checked on name_folded (inside the search indexes,
    which carry it): at the start, or after a space."""
    return Q(name_folded__startswith=word) | Q(name_folded__contains=f" {word}")


_PROBE = 1000


def _union_rows(arms: list[Q], where: Q, limit: int) -> tuple[list[tuple[int, str, str]], bool]:
    """(id, family name, given name) of people matching any arm (each answered by its own index)
    and `where`: at most `limit` of them, and whether there were more.

    A UNION ALL of one indexed query per arm rather than one query with OR: SQLite's OR-by-union
    plan reads every candidate row from the table, while each arm here runs inside its index, and
    UNION ALL (unlike UNION) streams, so the LIMIT stops the scan. The arms select the id only, so
    PostgreSQL can answer them from the index alone; the names of the few found come after. A
    person matched by two arms comes twice and is counted once."""
    queries = [Person.objects.filter(arm & where).order_by().values_list("pk", flat=True) for arm in arms]
    union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    found = list(dict.fromkeys(union[: limit + 1]))
    truncated = len(found) > limit
    rows = list(Person.objects.filter(pk__in=found[:limit]).order_by().values_list("pk", "family_name", "given_name"))
    return rows, truncated


def _name_arms(word: str) -> list[Q]:
    return [prefix_q(column, word) for column in _NAME_WORD_COLUMNS]


def _probe(word: str) -> int:
    queries = [Person.objects.filter(arm).order_by().values_list("pk", flat=True) for arm in _name_arms(word)]
    return queries[0].union(*queries[1:], all=True)[:_PROBE].count()


def _driving_word(words: tuple[str, ...]) -> str:
    """The word with the fewest matches (counted up to _PROBE, ties to the longer word): it is
    looked up through the indexes and the others are checked on what it finds. "mehmet ali
    yıldırım" then walks the Yıldırıms, not every Mehmet."""
    if len(words) == 1:
        return words[0]
    sizes = {word: _probe(word) for word in words}
    return min(words, key=lambda w: (sizes[w], -len(w)))


@dataclass(frozen=True)
class SearchTerms:
    words: tuple[str, ...] = ()  # folded name words, each must start a word of the name
    digits: str = ""  # TC Kimlik No (whole or its start) or phone digits

    @property
    def empty(self) -> bool:
        return not self.words and not self.digits


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def parse_search(q: str) -> SearchTerms:
    """Split what was typed into folded name words and one run of digits.

    "ayşe yıl" → words ("ayse", "yil"); "0532 123 45 67" or "(532) 123-4567" → digits; a TC Kimlik
    No typed with spaces is joined too. Punctuation separates words ("Yılmaz-Kaya" → two words)."""
    # Fold before splitting: "i̇brahim" (what "İBRAHİM".lower() gives elsewhere) carries a combining
    # dot that is not a word character, and would otherwise split the word in two.
    text = unicodedata.normalize("NFC", q or "")
    text = "".join(fold_turkish(chunk) if not chunk.isspace() else chunk for chunk in re.split(r"(\s+)", text))
    words: list[str] = []
    digits: list[str] = []
    for token in _TOKEN.findall(text):
        if token.isdigit():
            digits.append(token)
            continue
        folded = fold_turkish(token)
        for part in _TOKEN.findall(folded):
            if part.isdigit():
                digits.append(part)
            elif part not in words:
                words.append(part)
    joined = "".join(digits)
    if text.strip().startswith("+") and joined:
        joined = "+" + joined
    return SearchTerms(words=tuple(words), digits=joined)


def _number_arms(digits: str) -> list[Q]:
    """A TC Kimlik No (exact, or its first digits) or a phone number (the start of its national
    digits, however it was typed: 0532…, 532…, +90 532…). Empty when too short to search."""
    bare = digits.lstrip("+")
    if len(bare) < _MIN_DIGITS:
        return []
    arms = []
    if not digits.startswith("+") and bare[0] != "0":
        arms.append(Q(tckn=bare) if len(bare) == 11 else prefix_q("tckn", bare))
    national = phone_digits(bare)
    if len(national) >= _MIN_DIGITS:
        # Stored E.164 (+905321234567); short numbers (185, 112) are stored as their digits.
        stored = "+90" + national if len(national) > 4 else national
        arms += [prefix_q("phone", stored), prefix_q("phone_alt", stored)]
    return arms


@dataclass
class PersonSearchResult:
    """Matching people in Turkish alphabetical order (family name, then given name).

    Sliceable and sized, so a Paginator pages it: each page loads its rows in one query."""

    ids: list[int] = field(default_factory=list)
    truncated: bool = False  # more than SEARCH_LIMIT matched; only the first SEARCH_LIMIT are kept
    searched: bool = False  # False when nothing was asked (empty query, no place filter)
    terms: SearchTerms = field(default_factory=SearchTerms)

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Person: ...

    @overload
    def __getitem__(self, index: slice) -> list[Person]: ...

    def __getitem__(self, index: int | slice) -> Person | list[Person]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        ids = self.ids[index]
        people = Person.objects.filter(pk__in=ids).select_related("district", "neighbourhood__district")
        by_id = {p.pk: p for p in people}
        return [by_id[pk] for pk in ids if pk in by_id]


# Turkish alphabetical order with a binary comparison: each Turkish letter sorts right after its
# Latin neighbour (c < ç < d, g < ğ < h, h < ı < i, o < ö < p, s < ş < t, u < ü < v), the way the
# alphabet has it; "~" sorts after every lower-case ASCII letter.
_SORT_TRANSLATION = str.maketrans(
    {"ç": "c~", "ğ": "g~", "ı": "h~", "ö": "o~", "ş": "s~", "ü": "u~", "â": "a", "î": "i", "û": "u"}
)


@lru_cache(maxsize=8192)  # names repeat: a few thousand cover most of a city
def turkish_sort_key(text: str) -> str:
    lowered = (text or "").replace("İ", "i").replace("I", "ı").lower().translate(_SORT_TRANSLATION)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def person_search(
    *,
    actor: Any,
    q: str = "",
    district: int | None = None,
    neighbourhood: int | None = None,
    limit: int = SEARCH_LIMIT,
) -> PersonSearchResult:
    """People matching what was typed, within a district or neighbourhood if given.

    Name words match the start of any of the first four words of the name, ignoring case and
    Turkish letters (see omur.core.text.fold_turkish); all words must match, in any order. Digits
    match a TC Kimlik No (exact, or its first digits) or a phone number. `actor` must be allowed to
    use the registry (the access table checks the page; scoping by actor would go here)."""
    terms = parse_search(q)
    where = Q()
    if district:
        where &= Q(district_id=district)
    if neighbourhood:
        where &= Q(neighbourhood_id=neighbourhood)
    if terms.empty and not district and not neighbourhood:
        return PersonSearchResult(searched=False, terms=terms)
    number_arms = _number_arms(terms.digits) if terms.digits else []
    if terms.digits and not number_arms and not terms.words:
        return PersonSearchResult(searched=True, terms=terms)
    # One condition is looked up through indexes (a number if there is one, else the rarest name
    # word); the rest are checked on the rows it finds. The database never sorts: it stops at
    # limit + 1 ids, and those few are sorted here.
    if number_arms:
        arms, checked = number_arms, terms.words
    elif terms.words:
        driving = _driving_word(terms.words)
        arms, checked = _name_arms(driving), tuple(w for w in terms.words if w != driving)
    else:
        arms, checked = [Q()], ()
    for word in checked:
        where &= _word_anywhere_q(word)
    rows, truncated = _union_rows(arms, where, limit)
    rows.sort(key=lambda r: (turkish_sort_key(r[1]), turkish_sort_key(r[2]), r[0]))
    return PersonSearchResult(ids=[r[0] for r in rows], truncated=truncated, searched=True, terms=terms)


# --- the person page --------------------------------------------------------------------------


def person_get(*, actor: Any, pk: int) -> Person:
    """One person with what the person page shows, in a fixed number of queries."""
    bases = ProcessingBasis.objects.order_by("withdrawn_on", "purpose", "-created_at")
    contacts = EmergencyContact.objects.select_related("contact_person").order_by("created_at", "id")
    return (
        Person.objects.select_related("district", "neighbourhood__district", "created_by")
        .prefetch_related(
            Prefetch("processing_bases", queryset=bases), Prefetch("emergency_contacts", queryset=contacts)
        )
        .get(pk=pk)
    )


def person_household(*, person: Person) -> Household | None:
    """The person's household with its figures and members (two queries), or None."""
    membership = HouseholdMember.objects.filter(person=person).only("household_id").first()
    if membership is None:
        return None
    return household_list().prefetch_related(_members_prefetch()).get(pk=membership.household_id)


def person_health(*, person: Person) -> dict[str, Any]:
    """The decrypted special-category facts (an empty dict when none are recorded). The caller must
    check can_see_health() and log the read with audit_read."""
    record = PersonHealth.objects.filter(person=person).first()
    data: dict[str, Any] = record.data if record and record.data else {}  # type: ignore[assignment]  # decrypted JSON
    return dict(data)


def person_location(person: Person) -> tuple[float, float, bool] | None:
    """Where to put the person on a map: (lat, lon, is_approximate).

    The recorded coordinates when there are any; otherwise the centre of the district of the
    person's neighbourhood (±2 km, see omur/geo/data/SOURCES.md), flagged approximate; None when
    neither is known. Uses the person's loaded district/neighbourhood: select_related them."""
    if person.lat is not None and person.lon is not None:
        return (person.lat, person.lon, False)
    neighbourhood = person.neighbourhood if person.neighbourhood_id else None
    district = neighbourhood.district if neighbourhood is not None else person.district if person.district_id else None
    if district is not None and district.lat is not None and district.lon is not None:
        return (district.lat, district.lon, True)
    return None


def likely_duplicates(
    *,
    given_name: str,
    family_name: str,
    birth_date: dt.date | None,
    tckn: str | None = None,
    exclude_pk: int | None = None,
) -> list[Person]:
    """Registered people who are probably the same person as the one described.

    Only asked when a number cannot settle it (one side has no TC Kimlik No): the same birth date
    and a similar name after Turkish folding (same family name and the given names start alike, or
    a difflib ratio of at least 0.85); without a birth date, the same folded name."""
    from difflib import SequenceMatcher

    from omur.registry.models import fold_person_name

    folded = fold_person_name(given_name, family_name)
    if not folded:
        return []
    family = fold_turkish(family_name)
    given = fold_turkish(given_name)
    if birth_date is None:
        candidates = Person.objects.filter(name_folded=folded)
    else:
        candidates = Person.objects.filter(birth_date=birth_date)
    if tckn:
        candidates = candidates.filter(tckn__isnull=True)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    found = []
    for person in candidates.select_related("neighbourhood__district")[:200]:
        other_family = fold_turkish(person.family_name)
        other_given = fold_turkish(person.given_name)
        same_family = other_family == family
        given_alike = bool(given) and bool(other_given) and (other_given[:3] == given[:3])
        ratio = SequenceMatcher(None, person.name_folded, folded).ratio()
        if person.name_folded == folded or (same_family and given_alike) or ratio >= 0.85:
            found.append(person)
    return found


# --- households -------------------------------------------------------------------------------


def household_list() -> QuerySet[Household]:
    """Households with size, total monthly income and income per head, computed in the same query.

    The total adds the incomes recorded; a member without one counts as 0, and when nobody's
    income is recorded both figures are NULL ("not recorded", which is not the same as none).
    The division runs on floating point because SQLite stores whole amounts as integers and would
    divide them as integers; amounts are rounded to kuruş where they are shown."""
    total = Sum("members__person__monthly_income", output_field=DecimalField(max_digits=14, decimal_places=2))
    return Household.objects.select_related("head", "head__neighbourhood__district").annotate(
        size=Count("members"),
        income_total=total,
        income_per_head=Cast(total, FloatField()) / NullIf(Count("members"), 0),
    )


def _members_prefetch() -> Prefetch:
    members = HouseholdMember.objects.select_related("person").order_by("created_at", "id")
    return Prefetch("members", queryset=members)


def household_get(*, actor: Any, pk: int) -> Household:
    return household_list().prefetch_related(_members_prefetch()).get(pk=pk)


def household_search(*, actor: Any, neighbourhood: int | None = None) -> QuerySet[Household]:
    qs = household_list().order_by("-created_at", "-id")
    if neighbourhood:
        qs = qs.filter(head__neighbourhood_id=neighbourhood)
    return qs


# --- who may see what -------------------------------------------------------------------------


def can_manage_people(user: Any) -> bool:
    return bool(user_roles(user) & REGISTRY_MANAGE_ROLES)


def can_see_health(user: Any) -> bool:
    return bool(user_roles(user) & HEALTH_DATA_ROLES)


def can_reveal_tckn(user: Any) -> bool:
    return bool(user_roles(user) & TCKN_REVEAL_ROLES)


def mersin_districts() -> QuerySet[Any]:
    from omur.geo.models import District

    return District.objects.filter(province_id=MERSIN_PROVINCE_ID).order_by("name")


def mersin_neighbourhoods(district: int | None = None) -> QuerySet[Any]:
    from omur.geo.models import Neighbourhood

    qs = Neighbourhood.objects.filter(district__province_id=MERSIN_PROVINCE_ID).select_related("district")
    if district:
        qs = qs.filter(district_id=district)
    return qs.order_by("name")


def people_by_ids(ids: Iterable[int]) -> Sequence[Person]:
    return list(Person.objects.filter(pk__in=list(ids)).select_related("neighbourhood__district"))


def registry_timeline(*, person: Person, actor: Any) -> list[Any]:
    """The registry's own entries on the person page's timeline: registration, legal bases and
    consents given and withdrawn (one query; the bases are usually prefetched)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from omur.registry.timeline import TimelineEntry

    def at(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))

    entries = [
        TimelineEntry(
            when=person.created_at, source="registry", kind="registration", title=_("Registered in the registry")
        )
    ]
    for basis in person.processing_bases.all():
        given = at(basis.consent_date) if basis.consent_date else basis.created_at
        entries.append(
            TimelineEntry(
                when=given,
                source="registry",
                kind="consent" if basis.consent_date else "legal_basis",
                title=_("%(purpose)s: %(basis)s")
                % {"purpose": basis.get_purpose_display(), "basis": basis.get_basis_display()},
            )
        )
        if basis.withdrawn_on:
            entries.append(
                TimelineEntry(
                    when=at(basis.withdrawn_on),
                    source="registry",
                    kind="withdrawal",
                    title=_("%(purpose)s: withdrawn") % {"purpose": basis.get_purpose_display()},
                )
            )
    return entries
