"""People, households, contacts and the legal basis for processing their data.

Special-category facts (KVKK art. 6) are kept out of the Person row, in an encrypted value on
PersonHealth, so a query, an export or a careless template can only ever reach ciphertext."""

import re
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import LTrim, NullIf, StrIndex, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.core.crypto import EncryptedJSONField
from omur.core.models import TimeStampedModel
from omur.core.tckn import mask_tckn, validate_tckn
from omur.core.text import fold_turkish
from omur.geo.models import District, Neighbourhood


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class SocialSecurity(models.TextChoices):
    NONE = "none", _("No social security")
    SGK_EMPLOYEE = "sgk_employee", _("SGK (employee)")
    SGK_RETIRED = "sgk_retired", _("SGK (retired)")
    GSS = "gss", _("General health insurance (GSS)")
    GREEN_CARD = "green_card", _("Green card")
    OTHER = "other", _("Other")


def _next_word(expression: models.Expression | F) -> models.Expression:
    # From the word after the first space on; NULL when there is no further word (so that a short
    # name adds nothing to the indexes below, and NULL stays NULL down the chain).
    rest = LTrim(Substr(expression, StrIndex(expression, Value(" ")) + 1))
    return NullIf(rest, expression)


# The folded name from its 2nd, 3rd and 4th word on ("fatma nur yilmaz" → "nur yilmaz", "yilmaz",
# NULL), computed by the database, so bulk inserts that set only name_folded get them too. With
# name_folded itself they turn "a word of the name starts with x" into four indexed prefix ranges
# instead of a scan of every row (see selectors.person_search).
_WORD2 = _next_word(F("name_folded"))
_WORD3 = _next_word(_WORD2)
_WORD4 = _next_word(_WORD3)
# The search indexes carry name_folded and the place, so the other typed words and a district or
# neighbourhood filter are checked inside the index, without reading each row. PostgreSQL answers
# LIKE 'x%' from a btree only with the pattern operator class (or the C collation).
# The id closes each index so PostgreSQL can answer from the index alone (an index-only scan);
# SQLite keeps the rowid in every index anyway.
_SEARCH_INDEX_TAIL = ["name_folded", "district", "neighbourhood", "id"]
_SEARCH_OPS = ["varchar_pattern_ops", "varchar_pattern_ops", "int4_ops", "int4_ops", "int8_ops"]


_NAME_WORD = re.compile(r"[^\W_]+")


def fold_person_name(given_name: str, family_name: str) -> str:
    """What Person.name_folded holds: "given family" folded (omur.core.text.fold_turkish), with
    hyphens, apostrophes and runs of spaces turned into single spaces, so every part of
    "Yılmaz-Kaya" or "D'Souza" is a word search can find. Bulk inserts that bypass save() must
    store exactly this."""
    return " ".join(_NAME_WORD.findall(fold_turkish(f"{given_name} {family_name}")))


class Person(TimeStampedModel):
    # Unique when present; NULL (not "") for people without a number, so many may lack one.
    tckn = models.CharField(
        _("TC Kimlik No"), max_length=11, null=True, blank=True, unique=True, validators=[validate_tckn]
    )
    given_name = models.CharField(_("given name"), max_length=80)
    family_name = models.CharField(_("family name"), max_length=80)
    # "given family" folded (omur.core.text.fold_turkish): what name search matches against.
    # Indexed by person_name_idx (with the place) rather than on its own.
    name_folded = models.CharField(max_length=170, editable=False)
    name_word2 = models.GeneratedField(
        expression=_WORD2, output_field=models.CharField(max_length=170), db_persist=True
    )
    name_word3 = models.GeneratedField(
        expression=_WORD3, output_field=models.CharField(max_length=170), db_persist=True
    )
    name_word4 = models.GeneratedField(
        expression=_WORD4, output_field=models.CharField(max_length=170), db_persist=True
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    # E.164 (+905321234567), normalised with phonenumbers on the way in.
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    phone_alt = models.CharField(_("second phone"), max_length=20, blank=True, db_index=True)

    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    street = models.CharField(_("street"), max_length=160, blank=True)
    building_no = models.CharField(_("building no"), max_length=20, blank=True)
    door_no = models.CharField(_("door no"), max_length=20, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)

    lives_alone = models.BooleanField(_("lives alone"), default=False)
    social_security = models.CharField(_("social security"), max_length=20, choices=SocialSecurity.choices, blank=True)
    monthly_income = models.DecimalField(
        _("monthly income (TRY)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    date_of_death = models.DateField(_("date of death"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            models.Index(fields=["birth_date"], name="person_birth_idx"),
            models.Index(fields=["neighbourhood", "family_name"], name="person_hood_idx"),
            models.Index(fields=_SEARCH_INDEX_TAIL, name="person_name_idx", opclasses=_SEARCH_OPS[1:]),
            models.Index(fields=["name_word2", *_SEARCH_INDEX_TAIL], name="person_word2_idx", opclasses=_SEARCH_OPS),
            models.Index(fields=["name_word3", *_SEARCH_INDEX_TAIL], name="person_word3_idx", opclasses=_SEARCH_OPS),
            models.Index(fields=["name_word4", *_SEARCH_INDEX_TAIL], name="person_word4_idx", opclasses=_SEARCH_OPS),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(tckn__isnull=True) | Q(tckn__regex=r"^[1-9][0-9]{10}$"), name="person_tckn_format"
            ),
            models.CheckConstraint(
                condition=Q(monthly_income__isnull=True) | Q(monthly_income__gte=0), name="person_income_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold_person_name(self.given_name, self.family_name)
        if self.tckn == "":
            self.tckn = None
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def age(self) -> int | None:
        """Whole years on the date of death, or today."""
        if self.birth_date is None:
            return None
        on = self.date_of_death or timezone.localdate()
        born = self.birth_date
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    @property
    def tckn_masked(self) -> str:
        return mask_tckn(self.tckn)

    @property
    def lacks_tckn(self) -> bool:
        return not self.tckn

    @property
    def is_foreign_resident(self) -> bool:
        return bool(self.tckn and self.tckn.startswith("99"))


class PersonHealth(TimeStampedModel):
    """Special-category facts, encrypted as one value: disability percentage and report, chronic
    conditions, diagnoses, health notes. Readable only by roles in HEALTH_DATA_ROLES, each read logged."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="health")
    data = EncryptedJSONField(_("special-category data"), blank=True, default="")

    class Meta:
        verbose_name = _("special-category data")
        verbose_name_plural = _("special-category data")

    def __str__(self) -> str:
        return f"health #{self.person_id}"


class EmergencyContact(TimeStampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emergency_contacts")
    # Either a registered person, or a name and phone.
    contact_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="emergency_contact_for"
    )
    name = models.CharField(_("name"), max_length=160, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    relation = models.CharField(_("relation"), max_length=60)

    class Meta:
        verbose_name = _("emergency contact")
        verbose_name_plural = _("emergency contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(contact_person__isnull=False) | (~Q(name="") & ~Q(phone="")),
                name="contact_person_or_name_phone",
            )
        ]

    def __str__(self) -> str:
        return self.name or str(self.contact_person)


class Household(TimeStampedModel):
    head = models.ForeignKey(
        Person, verbose_name=_("head of household"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"{_('Household')} #{self.pk}"


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    NON_RELATIVE = "non_relative", _("Not related")


class HouseholdMember(TimeStampedModel):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    # A person lives in one household at a time.
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="membership")
    relation = models.CharField(_("relation to the head"), max_length=20, choices=Relation.choices)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=Q(relation="head"), name="one_head_per_household"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"


class ProcessingPurpose(models.TextChoices):
    SOCIAL_SERVICES = "social_services", _("Social services and assistance")
    HOME_CARE = "home_care", _("Home care and health visits")
    MEALS = "meals", _("Meal delivery")
    COMMUNICATION = "communication", _("SMS and phone notices")
    COURSES = "courses", _("Courses and activities")
    RESEARCH = "research", _("Anonymised research and statistics")


class LegalBasis(models.TextChoices):
    LAW = "law", _("Expressly provided by law")
    PUBLIC_DUTY = "public_duty", _("Municipal social-services duty (Law 5393 art. 14, 5216 art. 7)")
    HEALTH_SERVICE = "health_service", _("Health service by those under confidentiality duty")
    EXPLICIT_CONSENT = "explicit_consent", _("Explicit consent")


class ConsentChannel(models.TextChoices):
    WRITTEN = "written", _("Signed form")
    PHONE = "phone", _("Phone (recorded call)")
    ONLINE = "online", _("Online form")
    IN_PERSON = "in_person", _("In person")


class ProcessingBasis(TimeStampedModel):
    """For one person and one purpose, the legal basis for processing their data (KVKK art. 5/6);
    explicit consent carries its date and channel, and is withdrawn by date, never deleted."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="processing_bases")
    purpose = models.CharField(_("purpose"), max_length=30, choices=ProcessingPurpose.choices)
    basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis.choices)
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_channel = models.CharField(_("consent channel"), max_length=20, choices=ConsentChannel.choices, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=Q(withdrawn_on__isnull=True),
                name="one_active_basis_per_purpose",
            ),
            models.CheckConstraint(
                condition=~Q(basis="explicit_consent") | (Q(consent_date__isnull=False) & ~Q(consent_channel="")),
                name="consent_has_date_and_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.get_basis_display()}"
