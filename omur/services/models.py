"""The service catalogue: policy areas × life stages × delivery model, services bound to one delivery
mechanism, their prices, locations and opening hours, and declarative eligibility rules.

Catalogue rows are reference data (loaded by `manage.py load_catalogue`, see catalogue.py), not
personal data. The one exception is EligibilityFacts, a plain projection of a few special-category
facts kept so eligibility can be computed in the database (see docs/kvkk.md)."""

import uuid
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from omur.core.models import TimeStampedModel
from omur.core.text import fold_turkish
from omur.geo.models import Neighbourhood


def _english() -> bool:
    return (get_language() or "tr").startswith("en")


class BilingualNameMixin:
    """`name` and `description` follow the active language; Turkish is the fallback."""

    name_tr: str
    name_en: str

    @property
    def name(self) -> str:
        return (self.name_en if _english() else self.name_tr) or self.name_tr

    @property
    def description(self) -> str:
        tr = getattr(self, "description_tr", "")
        en = getattr(self, "description_en", "")
        return (en if _english() else tr) or tr


class PolicyArea(BilingualNameMixin, models.Model):
    """One of the office's main policy headings. Their real names are not published: the seeded rows
    are demo values (is_demo) and the office renames them in the admin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(
        _("demo value"), default=False, help_text=_("Seeded as an example; rename it to the office's own heading.")
    )

    class Meta:
        verbose_name = _("policy area")
        verbose_name_plural = _("policy areas")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class LifeStage(BilingualNameMixin, models.Model):
    """A stage of life from pregnancy to end of life. Age bounds (in completed months, inclusive) are
    for grouping and display; who may use a service is decided by its EligibilityRule rows."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    min_age_months = models.PositiveIntegerField(_("from age (months)"), null=True, blank=True)
    max_age_months = models.PositiveIntegerField(_("to age (months)"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("life stage")
        verbose_name_plural = _("life stages")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age_months__isnull=True)
                | Q(max_age_months__isnull=True)
                | Q(max_age_months__gte=F("min_age_months")),
                name="life_stage_age_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Department(BilingualNameMixin, TimeStampedModel):
    """The unit that provides a service; published as an HSDS organization."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    description_tr = models.TextField(_("description (Turkish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name_tr"]

    def __str__(self) -> str:
        return self.name


class DeliveryModel(models.TextChoices):
    HOME = "home", _("Home-based")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood-based")


class Mechanism(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    CHECKIN_CALL = "checkin_call", _("Check-in call")
    MEAL = "meal", _("Meal")
    SESSION = "session", _("Session or course")
    APPOINTMENT = "appointment", _("Appointment")
    HALL_BOOKING = "hall_booking", _("Hall booking")
    BENEFIT = "benefit", _("Benefit (in kind or cash)")


class ApplicationChannel(models.TextChoices):
    IN_PERSON = "in_person", _("In person at a centre")
    PHONE = "phone", _("Alo 185 phone line")
    WHATSAPP = "whatsapp", _("WhatsApp")
    ONLINE = "online", _("Online form")
    MOBILE_APP = "mobile_app", _("Mobile app")
    MUHTAR = "muhtar", _("Through the muhtar")
    REFERRAL = "referral", _("Referral by a social worker")


class ServiceQuerySet(models.QuerySet["Service"]):
    def active_on(self, day: Any) -> "ServiceQuerySet":
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=day), Q(active_to__isnull=True) | Q(active_to__gte=day)
        )

    def public(self) -> "ServiceQuerySet":
        return self.filter(is_public=True)


class Service(BilingualNameMixin, TimeStampedModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    description_tr = models.TextField(_("description (Turkish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Both names and the Turkish description, folded (omur.core.text.fold_turkish): what search matches.
    search_folded = models.TextField(editable=False, default="")
    policy_area = models.ForeignKey(
        PolicyArea, verbose_name=_("policy area"), on_delete=models.PROTECT, related_name="services"
    )
    life_stages = models.ManyToManyField(LifeStage, verbose_name=_("life stages"), related_name="services", blank=True)
    delivery_model = models.CharField(_("delivery model"), max_length=20, choices=DeliveryModel.choices)
    mechanism = models.CharField(_("delivery mechanism"), max_length=20, choices=Mechanism.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="services"
    )
    # One document per line.
    documents_tr = models.TextField(_("documents required (Turkish)"), blank=True, help_text=_("One per line."))
    documents_en = models.TextField(_("documents required (English)"), blank=True, help_text=_("One per line."))
    application_channels = models.JSONField(_("application channels"), default=list, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Places at one time; empty when not limited.")
    )
    capacity_note_tr = models.CharField(_("capacity note (Turkish)"), max_length=160, blank=True)
    capacity_note_en = models.CharField(_("capacity note (English)"), max_length=160, blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)
    is_public = models.BooleanField(_("shown in the public directory"), default=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["policy_area__order", "name_tr"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_from__isnull=True) | Q(active_to__isnull=True) | Q(active_to__gte=F("active_from")),
                name="service_active_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_folded = fold_turkish(f"{self.name_tr} {self.name_en} {self.description_tr}")
        super().save(*args, **kwargs)

    @property
    def documents(self) -> list[str]:
        text = (self.documents_en if _english() else self.documents_tr) or self.documents_tr
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def capacity_note(self) -> str:
        return (self.capacity_note_en if _english() else self.capacity_note_tr) or self.capacity_note_tr

    @property
    def application_channel_labels(self) -> list[str]:
        labels = dict(ApplicationChannel.choices)
        return [str(labels.get(code, code)) for code in self.application_channels]


class ServicePrice(models.Model):
    """A price with the date from which it holds; the price on a day is the latest row on or before
    it (selectors.price_on). History is kept, never overwritten: 3 → 3.5 → 25 TL reads as three rows."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="prices")
    amount = models.DecimalField(
        _("amount (TRY)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    valid_from = models.DateField(_("valid from"))
    note = models.CharField(_("note"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        ordering = ["service", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["service", "valid_from"], name="one_price_per_service_and_day"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="service_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.service.code} {self.amount} TRY @ {self.valid_from}"


class LocationKind(models.TextChoices):
    SOCIAL_LIFE_CENTRE = "social_life_centre", _("Social life centre")
    CENTRAL_KITCHEN = "central_kitchen", _("Central kitchen")
    MEAL_POINT = "meal_point", _("Neighbourhood kitchen point")
    AUTISM_CENTRE = "autism_centre", _("Autism family counselling centre")
    SCIENCE_CENTRE = "science_centre", _("Climate and science centre")
    VOCATIONAL_CENTRE = "vocational_centre", _("Vocational training centre")
    CONDOLENCE_HALL = "condolence_hall", _("Condolence hall")
    PENSIONERS_CLUB = "pensioners_club", _("Pensioners' club")
    NURSERY = "nursery", _("Nursery")
    SPORTS_CENTRE = "sports_centre", _("Sports centre")
    OFFICE = "office", _("Office")


class Location(BilingualNameMixin, TimeStampedModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    name_folded = models.CharField(max_length=200, editable=False, default="", db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=LocationKind.choices)
    description_tr = models.TextField(_("description (Turkish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    address = models.CharField(_("address"), max_length=240, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_locations",
    )
    lat = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lon = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    step_free_access = models.BooleanField(_("step-free entrance"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    lift = models.BooleanField(_("lift to every floor"), default=False)
    accessible_parking = models.BooleanField(_("accessible parking"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessibility_notes_tr = models.CharField(_("accessibility notes (Turkish)"), max_length=240, blank=True)
    accessibility_notes_en = models.CharField(_("accessibility notes (English)"), max_length=240, blank=True)
    is_public = models.BooleanField(_("shown in the public directory"), default=True)
    services = models.ManyToManyField(Service, through="ServiceAtLocation", related_name="locations", blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name_tr"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = fold_turkish(f"{self.name_tr} {self.name_en}")
        super().save(*args, **kwargs)

    @property
    def accessibility_notes(self) -> str:
        return (
            self.accessibility_notes_en if _english() else self.accessibility_notes_tr
        ) or self.accessibility_notes_tr

    @property
    def accessibility_features(self) -> list[str]:
        flags = ["step_free_access", "accessible_toilet", "lift", "accessible_parking", "hearing_loop"]
        return [str(getattr(self._meta.get_field(f), "verbose_name", f)) for f in flags if getattr(self, f)]

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# HSDS schedule BYDAY codes, indexed like Weekday.
HSDS_BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class OpeningHours(models.Model):
    """One opening interval on one weekday; a day may have two (a lunch break), none means closed."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["location", "weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="opening_hours_close_after_open"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="opening_hours_weekday_range"),
            models.UniqueConstraint(fields=["location", "weekday", "opens_at"], name="opening_hours_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class ServiceAtLocation(models.Model):
    """Which services a location offers (HSDS `service_at_location`)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    note_tr = models.CharField(_("note (Turkish)"), max_length=200, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="service_at_location_unique")]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"

    @property
    def note(self) -> str:
        return (self.note_en if _english() else self.note_tr) or self.note_tr


class MinimumWage(models.Model):
    """The national monthly minimum wage from a date (set by the Minimum Wage Determination Board).
    Income rules compare against the net figure in force on the day of evaluation."""

    valid_from = models.DateField(_("valid from"), unique=True)
    net_monthly = models.DecimalField(_("net monthly (TRY)"), max_digits=10, decimal_places=2)
    gross_monthly = models.DecimalField(_("gross monthly (TRY)"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("minimum wage")
        verbose_name_plural = _("minimum wages")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(net_monthly__gt=0) & Q(gross_monthly__gte=F("net_monthly")), name="minimum_wage_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.net_monthly} TRY @ {self.valid_from}"


class RuleKind(models.TextChoices):
    AGE_YEARS_BETWEEN = "age_years_between", _("Age in years")
    AGE_MONTHS_BETWEEN = "age_months_between", _("Age in months")
    MIN_DISABILITY_PERCENT = "min_disability_percent", _("Minimum disability percentage")
    LIVES_ALONE = "lives_alone", _("Lives alone")
    IN_DISTRICTS = "in_districts", _("Lives in districts")
    IN_NEIGHBOURHOODS = "in_neighbourhoods", _("Lives in neighbourhoods")
    INCOME_PER_HEAD_BELOW_MIN_WAGE_RATIO = (
        "income_per_head_below_min_wage_ratio",
        _("Household income per head below a share of the minimum wage"),
    )
    NO_SOCIAL_SECURITY = "no_social_security", _("No social security")
    SEX = "sex", _("Sex")
    DIAGNOSIS_PRESENT = "diagnosis_present", _("Diagnosis recorded")


class EligibilityRule(models.Model):
    """One condition a person must meet to use a service; all of a service's rules must pass.

    `params` by kind (validated in eligibility.validate_params):
      age_years_between / age_months_between: {"min": int?, "max": int?} — completed years/months, inclusive
      min_disability_percent: {"percent": int}
      lives_alone: {"value": bool}
      in_districts: {"district_ids": [int]};  in_neighbourhoods: {"neighbourhood_ids": [int]}
      income_per_head_below_min_wage_ratio: {"ratio": "0.5"} — below ratio × the net minimum wage
      no_social_security: {};  sex: {"sex": "F" | "M"}
      diagnosis_present: {"codes": ["F84"], "label_tr": "...", "label_en": "..."} — ICD-10 prefixes
    The plain-language explanation of each outcome comes from translated templates (eligibility.py);
    `note_tr`/`note_en` add the office's own wording where it helps (e.g. the legal basis)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="eligibility_rules")
    kind = models.CharField(_("kind"), max_length=40, choices=RuleKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    note_tr = models.CharField(_("note (Turkish)"), max_length=240, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=240, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["service", "order", "id"]

    def __str__(self) -> str:
        return f"{self.service.code}: {self.kind} {self.params}"

    def clean(self) -> None:
        from omur.services.eligibility import validate_params

        validate_params(self.kind, self.params)

    @property
    def note(self) -> str:
        return (self.note_en if _english() else self.note_tr) or self.note_tr


class EligibilityFacts(models.Model):
    """A plain, queryable projection of the few special-category facts eligibility rules need.

    PersonHealth.data is encrypted and cannot be filtered in SQL, so the worklist could not be
    computed in the database without this. It holds only a disability percentage and diagnosis code
    prefixes — no notes, no report text — is written only by the PersonHealth post_save receiver
    (signals.py), and is read only inside eligibility queries: no page, export or API lists it.
    See docs/kvkk.md."""

    person = models.OneToOneField(
        "registry.Person", on_delete=models.CASCADE, primary_key=True, related_name="eligibility_facts"
    )
    disability_percent = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(100)])
    # ICD-10 codes, upper-case, space-separated with a space at both ends (" F84.0 Z33 "), so
    # "has a code starting F84" is the portable `LIKE '% F84%'`.
    diagnosis_codes = models.CharField(max_length=400, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("eligibility facts")
        verbose_name_plural = _("eligibility facts")
        indexes = [models.Index(fields=["disability_percent"], name="elig_facts_disability_idx")]

    def __str__(self) -> str:
        return f"facts #{self.person_id}"

    @property
    def codes(self) -> list[str]:
        return self.diagnosis_codes.split()
