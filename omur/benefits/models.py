"""Benefits: aid programmes with cycles and limits, grants (livestock with pass-on obligations, and
one-off grants such as solar panels) and reproducible lotteries.

Limits are held by the database, not by a count in Python: every distribution takes a numbered
*slot* in its entitlement cycle (e.g. clothing 2025 for one person: slots 1, 2, 3). A unique index on
(programme, subject, cycle, slot) among live distributions and a check `1 <= slot <= cycle_limit`
make a fourth clothing aid impossible whatever two desks do at the same moment: both would try the
same free slot, one insert fails and, retried, finds no slot left (services/aid.py explains the
retry). Amounts are date-stamped rows (AidAmount); a distribution copies the amount in force on its
date, so later changes never rewrite what was handed out."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from omur.core.models import TimeStampedModel


def _english() -> bool:
    return (get_language() or "tr").startswith("en")


class BilingualName(models.Model):
    name_tr = models.CharField(_("name (Turkish)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return (self.name_en if _english() else self.name_tr) or self.name_tr


# --- aid programmes ----------------------------------------------------------------------------


class AidKind(models.TextChoices):
    CASH = "cash", _("Cash aid")
    CARD = "card", _("Card top-up")
    IN_KIND = "in_kind", _("In-kind pack")
    CLOTHING = "clothing", _("Clothing")


class Cycle(models.TextChoices):
    ONCE = "once", _("Once only")
    MONTH = "month", _("Per calendar month")
    YEAR = "year", _("Per calendar year")
    PERIOD = "period", _("Per period of days")


class LimitScope(models.TextChoices):
    PERSON = "person", _("Per person")
    HOUSEHOLD = "household", _("Per household")


class AidProgramme(BilingualName, TimeStampedModel):
    """An aid bound to a catalogue service (its eligibility rules decide who may receive it)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    service = models.ForeignKey(
        "services.Service", verbose_name=_("catalogue service"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AidKind.choices)
    cycle = models.CharField(_("entitlement cycle"), max_length=10, choices=Cycle.choices)
    period_days = models.PositiveSmallIntegerField(
        _("period length (days)"),
        null=True,
        blank=True,
        help_text=_("For per-period cycles: the period starts on the first distribution."),
    )
    limit_per_cycle = models.PositiveSmallIntegerField(_("distributions per cycle"), default=1)
    limit_scope = models.CharField(_("limit counted"), max_length=10, choices=LimitScope.choices)
    items_hint = models.CharField(_("what is handed out"), max_length=200, blank=True)
    warn_overlap = models.BooleanField(
        _("warn about overlapping aid"),
        default=True,
        help_text=_("Warn when the household received another programme's aid in the same month."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("aid programme")
        verbose_name_plural = _("aid programmes")
        ordering = ["name_tr"]
        constraints = [
            models.CheckConstraint(condition=Q(limit_per_cycle__gte=1), name="aid_limit_at_least_one"),
            models.CheckConstraint(condition=~Q(cycle="period") | Q(period_days__gte=1), name="aid_period_needs_days"),
        ]


class AidTier(models.Model):
    """A level of a programme (Halk Kart: 1–3 people / 4 or more). A programme without levels has
    one tier. The tier suggested at the desk is the one with the largest minimum household size that
    the household reaches."""

    programme = models.ForeignKey(AidProgramme, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(_("name"), max_length=80)
    min_household_size = models.PositiveSmallIntegerField(_("from household size"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ["programme", "order", "min_household_size", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="aid_tier_unique_name")]

    def __str__(self) -> str:
        return self.name


class AidAmount(models.Model):
    """The amount of a tier from a date. History is kept: a new amount is a new row, and the amount
    on a day is the latest row on or before it."""

    tier = models.ForeignKey(AidTier, on_delete=models.CASCADE, related_name="amounts")
    valid_from = models.DateField(_("valid from"))
    amount = models.DecimalField(
        _("amount (TRY)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    note = models.CharField(_("note"), max_length=160, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("amount")
        verbose_name_plural = _("amounts")
        ordering = ["tier", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "valid_from"], name="aid_amount_one_per_day"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="aid_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.tier} {self.amount} TRY @ {self.valid_from}"


class Confirmation(models.TextChoices):
    SIGNATURE = "signature", _("Recipient signed the receipt")
    SMS = "sms", _("SMS code confirmed")
    ID_SEEN = "id_seen", _("Identity card seen")


class Distribution(models.Model):
    """One handing-out of aid. Voided (never deleted) when recorded by mistake; a voided row frees
    its slot."""

    programme = models.ForeignKey(AidProgramme, on_delete=models.PROTECT, related_name="distributions")
    tier = models.ForeignKey(AidTier, verbose_name=_("tier"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="aid_distributions"
    )
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.SET_NULL, related_name="aid_distributions"
    )
    distributed_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (TRY)"), max_digits=10, decimal_places=2)
    items = models.CharField(_("items handed out"), max_length=200, blank=True)
    # The entitlement slot: who the limit counts ("p12" / "h7"), which cycle ("2025", "2025-03",
    # "P3" for the 4th period, "once") and which of the cycle's places this row holds.
    subject_key = models.CharField(max_length=20)
    cycle_key = models.CharField(max_length=20)
    slot = models.PositiveSmallIntegerField()
    cycle_limit = models.PositiveSmallIntegerField()
    confirmation = models.CharField(_("confirmation"), max_length=10, choices=Confirmation.choices)
    confirmation_ref = models.CharField(_("confirmation reference"), max_length=40, blank=True)
    overlap_note = models.TextField(_("overlap warning shown"), blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    void_reason = models.CharField(_("reason for voiding"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["-distributed_on", "-id"]
        indexes = [
            models.Index(fields=["distributed_on"], name="aid_dist_day_idx"),
            models.Index(fields=["household", "distributed_on"], name="aid_dist_household_idx"),
            models.Index(fields=["person", "distributed_on"], name="aid_dist_person_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "subject_key", "cycle_key", "slot"],
                condition=Q(voided_at__isnull=True),
                name="aid_one_distribution_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(slot__gte=1) & Q(slot__lte=F("cycle_limit")), name="aid_slot_within_limit"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="aid_distribution_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.person} · {self.distributed_on:%d.%m.%Y}"

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


# --- grants ------------------------------------------------------------------------------------


class GrantKind(models.TextChoices):
    LIVESTOCK = "livestock", _("Livestock with pass-on obligation")
    ONE_OFF = "one_off", _("One-off grant")


class GrantScheme(BilingualName, TimeStampedModel):
    """A grant programme. Livestock schemes allocate animals and oblige each breeder to pass
    animals born in their flock on to new breeders; one-off schemes (solar panels) hand over an
    item once."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("catalogue service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Its eligibility rules are checked on every application."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=GrantKind.choices)
    females = models.PositiveSmallIntegerField(_("female animals"), default=24)
    males = models.PositiveSmallIntegerField(_("male animals"), default=1)
    feed_tonnes = models.DecimalField(_("feed (tonnes)"), max_digits=6, decimal_places=2, default=Decimal(4))
    vaccination_months = models.PositiveSmallIntegerField(_("vaccination cover (months)"), default=12)
    pass_on_animals = models.PositiveSmallIntegerField(_("animals to pass on"), default=25)
    pass_on_years = models.PositiveSmallIntegerField(_("years to pass them on"), default=5)
    rural_max_population = models.PositiveIntegerField(
        _("rural neighbourhood: population at most"),
        null=True,
        blank=True,
        help_text=_(
            "Neighbourhoods up to this population count as rural (most former villages). Empty: no neighbourhood check."
        ),
    )
    item_label = models.CharField(_("item granted"), max_length=160, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("grant scheme")
        verbose_name_plural = _("grant schemes")
        ordering = ["name_tr"]

    @property
    def is_livestock(self) -> bool:
        return self.kind == GrantKind.LIVESTOCK

    @property
    def animals_per_grant(self) -> int:
        return self.females + self.males


class GrantCohort(models.Model):
    """One year's intake of a scheme (e.g. 60 breeders in 2025)."""

    scheme = models.ForeignKey(GrantScheme, on_delete=models.PROTECT, related_name="cohorts")
    year = models.PositiveSmallIntegerField(_("year"))
    places = models.PositiveSmallIntegerField(_("places"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["scheme", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="grant_one_cohort_per_year"),
            models.CheckConstraint(condition=Q(places__gte=1), name="grant_cohort_places_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.year}"


class ApplicationStatus(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    REJECTED = "rejected", _("Rejected")
    SELECTED = "selected", _("Selected")
    RESERVE = "reserve", _("Reserve")
    NOT_SELECTED = "not_selected", _("Not selected")
    AWARDED = "awarded", _("Awarded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class GrantApplication(models.Model):
    cohort = models.ForeignKey(GrantCohort, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="grant_applications")
    applied_on = models.DateField(_("applied on"))
    status = models.CharField(_("status"), max_length=15, choices=ApplicationStatus.choices)
    # The first rule that failed, named in words, and every rule's outcome as checked.
    failed_rule = models.CharField(_("rule not met"), max_length=300, blank=True)
    checks = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        ordering = ["cohort", "applied_on", "id"]
        constraints = [models.UniqueConstraint(fields=["cohort", "person"], name="grant_one_application_per_cohort")]

    def __str__(self) -> str:
        return f"{self.person} → {self.cohort}"


class GrantStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FULFILLED = "fulfilled", _("Obligation fulfilled")
    CANCELLED = "cancelled", _("Cancelled")


class Grant(TimeStampedModel):
    """A person holding a grant. For livestock the person is a breeder: generation 1 from a cohort,
    generation n+1 when a generation-n breeder passes animals on to them (`giver`). Each breeder owes
    `obligation_animals` animals by `obligation_due`."""

    scheme = models.ForeignKey(GrantScheme, on_delete=models.PROTECT, related_name="grants")
    cohort = models.ForeignKey(GrantCohort, null=True, blank=True, on_delete=models.PROTECT, related_name="grants")
    application = models.OneToOneField(
        GrantApplication, null=True, blank=True, on_delete=models.PROTECT, related_name="grant"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("grantee"), on_delete=models.PROTECT, related_name="grants"
    )
    generation = models.PositiveSmallIntegerField(_("generation"), default=1)
    giver = models.ForeignKey(
        "self",
        verbose_name=_("received from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receivers",
    )
    started_on = models.DateField(_("started on"))
    obligation_animals = models.PositiveSmallIntegerField(_("animals owed"), default=0)
    obligation_due = models.DateField(_("pass on by"), null=True, blank=True)
    district = models.ForeignKey("geo.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    neighbourhood = models.ForeignKey(
        "geo.Neighbourhood", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item_serial = models.CharField(_("item serial number"), max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["scheme", "generation", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "person"], name="grant_one_per_person_and_scheme"),
            models.CheckConstraint(
                condition=(Q(generation=1) & Q(giver__isnull=True)) | (Q(generation__gte=2) & Q(giver__isnull=False)),
                name="grant_generation_matches_giver",
            ),
        ]
        indexes = [models.Index(fields=["scheme", "status", "obligation_due"], name="grant_obligation_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.scheme}"


class Species(models.TextChoices):
    SHEEP = "sheep", _("Sheep")
    GOAT = "goat", _("Goat")


class AnimalSex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class AnimalOrigin(models.TextChoices):
    ALLOCATED = "allocated", _("Allocated by the scheme")
    BORN = "born", _("Born in the flock")


class AnimalStatus(models.TextChoices):
    ALIVE = "alive", _("In the flock")
    DIED = "died", _("Died")


EAR_TAG_PATTERN = r"^TR[0-9]{8,12}$"


class Animal(models.Model):
    """One animal, identified by its ear tag (unique nationwide). `grant` is the current holder;
    `born_in` is the flock it was born in (only those may be passed on)."""

    ear_tag = models.CharField(_("ear tag"), max_length=14, unique=True)
    species = models.CharField(_("species"), max_length=5, choices=Species.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=AnimalSex.choices)
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="animals")
    origin = models.CharField(_("origin"), max_length=10, choices=AnimalOrigin.choices)
    born_in = models.ForeignKey(Grant, null=True, blank=True, on_delete=models.PROTECT, related_name="births")
    mother = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="offspring")
    born_on = models.DateField(_("born on"), null=True, blank=True)
    acquired_on = models.DateField(_("in the flock since"))
    status = models.CharField(_("status"), max_length=5, choices=AnimalStatus.choices, default=AnimalStatus.ALIVE)
    died_on = models.DateField(_("died on"), null=True, blank=True)

    class Meta:
        verbose_name = _("animal")
        verbose_name_plural = _("animals")
        ordering = ["ear_tag"]
        constraints = [
            models.CheckConstraint(condition=Q(ear_tag__regex=EAR_TAG_PATTERN), name="animal_ear_tag_format"),
            models.CheckConstraint(
                condition=Q(origin="allocated") | (Q(born_in__isnull=False) & Q(born_on__isnull=False)),
                name="animal_birth_recorded",
            ),
        ]
        indexes = [models.Index(fields=["born_in", "born_on"], name="animal_births_idx")]

    def __str__(self) -> str:
        return self.ear_tag


class FeedDelivery(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="feed_deliveries")
    delivered_on = models.DateField(_("delivered on"))
    tonnes = models.DecimalField(_("tonnes"), max_digits=6, decimal_places=2)
    note = models.CharField(_("note"), max_length=160, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("feed delivery")
        verbose_name_plural = _("feed deliveries")
        ordering = ["grant", "delivered_on"]
        constraints = [models.CheckConstraint(condition=Q(tonnes__gt=0), name="feed_tonnes_positive")]

    def __str__(self) -> str:
        return f"{self.grant} · {self.tonnes} t @ {self.delivered_on}"


class Vaccine(models.TextChoices):
    FMD = "fmd", _("Foot-and-mouth disease")
    PPR = "ppr", _("Peste des petits ruminants")
    POX = "pox", _("Sheep and goat pox")
    ENTERO = "entero", _("Enterotoxaemia")
    BRUCELLA = "brucella", _("Brucellosis")
    PARASITE = "parasite", _("Internal and external parasites")


class VaccinationDose(models.Model):
    """A scheduled vaccination of a flock; done when `done_on` is recorded."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="vaccinations")
    vaccine = models.CharField(_("vaccine"), max_length=10, choices=Vaccine.choices)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    animals = models.PositiveSmallIntegerField(_("animals vaccinated"), null=True, blank=True)
    vet = models.CharField(_("veterinarian"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("vaccination")
        verbose_name_plural = _("vaccinations")
        ordering = ["grant", "due_on", "vaccine"]
        constraints = [models.UniqueConstraint(fields=["grant", "vaccine", "due_on"], name="vaccination_unique_due")]

    def __str__(self) -> str:
        return f"{self.get_vaccine_display()} @ {self.due_on}"


class PassOn(models.Model):
    """Animals born in the giver's flock handed to another person, who becomes (or already is) a
    breeder of the next generation."""

    from_grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="passed_on")
    to_grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="received")
    transferred_on = models.DateField(_("date"))
    animal_count = models.PositiveSmallIntegerField(_("animals"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pass-on")
        verbose_name_plural = _("pass-ons")
        ordering = ["-transferred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_grant=F("to_grant")), name="pass_on_to_someone_else"),
            models.CheckConstraint(condition=Q(animal_count__gte=1), name="pass_on_at_least_one"),
        ]
        indexes = [models.Index(fields=["transferred_on"], name="pass_on_day_idx")]

    def __str__(self) -> str:
        return f"{self.from_grant_id} → {self.to_grant_id} ({self.animal_count}) @ {self.transferred_on}"


class PassOnAnimal(models.Model):
    # An animal counts towards one obligation only, once: unique.
    pass_on = models.ForeignKey(PassOn, on_delete=models.CASCADE, related_name="animal_rows")
    animal = models.OneToOneField(Animal, on_delete=models.PROTECT, related_name="passed_on_in")

    class Meta:
        verbose_name = _("animal passed on")
        verbose_name_plural = _("animals passed on")

    # --- lotteries ---------------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.animal_id} in pass-on {self.pass_on_id}"


class LotteryStatus(models.TextChoices):
    OPEN = "open", _("Open: list being prepared")
    ANNOUNCED = "announced", _("List closed, public value announced")
    SEEDED = "seeded", _("Public value recorded")
    DRAWN = "drawn", _("Drawn")


class Lottery(TimeStampedModel):
    """A public draw among eligible applicants when they outnumber the places. The method is in
    omur/benefits/LOTTERY.md and omur/benefits/lottery.py (pure functions, shared with the
    `lottery_draw` command that anyone can run on the exported list)."""

    title = models.CharField(_("title"), max_length=160)
    cohort = models.OneToOneField(GrantCohort, null=True, blank=True, on_delete=models.PROTECT, related_name="lottery")
    places = models.PositiveSmallIntegerField(_("places"))
    reserves = models.PositiveSmallIntegerField(_("reserves"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=LotteryStatus.choices, default=LotteryStatus.OPEN)
    value_source = models.CharField(
        _("public value to be used"),
        max_length=300,
        blank=True,
        help_text=_("A value nobody knows yet, e.g. “Milli Piyango draw of 31.12.2025: the winning number”."),
    )
    value_due = models.DateField(_("public value known on"), null=True, blank=True)
    list_digest = models.CharField(_("applicant list SHA-256"), max_length=64, blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    public_value = models.CharField(_("public value"), max_length=300, blank=True)
    public_value_at = models.DateTimeField(null=True, blank=True)
    public_value_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    seed = models.CharField(_("seed"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("lottery")
        verbose_name_plural = _("lotteries")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(places__gte=1), name="lottery_places_positive")]

    def __str__(self) -> str:
        return self.title


class EntryResult(models.TextChoices):
    PENDING = "", _("Not drawn yet")
    MAIN = "main", _("Main list")
    RESERVE = "reserve", _("Reserve list")
    NOT_DRAWN = "not_drawn", _("Not drawn")
    INELIGIBLE = "ineligible", _("Not eligible")


class LotteryEntry(models.Model):
    """An applicant in a lottery under a public reference (HG2025-0007), which is what the
    published list and the command use instead of the person's name."""

    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="entries")
    ref = models.CharField(_("reference"), max_length=30)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        GrantApplication, null=True, blank=True, on_delete=models.PROTECT, related_name="lottery_entry"
    )
    eligible = models.BooleanField(_("eligible"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=EntryResult.choices, blank=True, default="")
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("lottery entry")
        verbose_name_plural = _("lottery entries")
        ordering = ["lottery", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["lottery", "ref"], name="lottery_entry_unique_ref"),
            models.UniqueConstraint(fields=["lottery", "person"], name="lottery_entry_unique_person"),
            models.CheckConstraint(condition=Q(ref__regex=r"^[A-Za-z0-9-]+$"), name="lottery_entry_ref_ascii"),
        ]

    def __str__(self) -> str:
        return self.ref


class LotteryDraw(models.Model):
    """The one draw of a lottery: the OneToOne (a unique index) refuses a second."""

    lottery = models.OneToOneField(Lottery, on_delete=models.PROTECT, related_name="draw")
    seed = models.CharField(max_length=64)
    main = models.JSONField(default=list)
    reserve = models.JSONField(default=list)
    drawn_at = models.DateTimeField(auto_now_add=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("lottery draw")
        verbose_name_plural = _("lottery draws")

    def __str__(self) -> str:
        return f"{self.lottery} · {self.drawn_at:%d.%m.%Y}"
