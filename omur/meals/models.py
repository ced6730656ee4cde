"""Meals: production kitchens and the neighbourhood sale points they supply, dishes and menus (daily
menus of three dishes plus bread, repeating menu cycles), daily figures at the points with the price
in force on the day, suspended meals paid by donors (askıda yemek) with a ledger, and home delivery:
delivery details of `evde-sicak-yemek` enrolments, suspensions, planned runs and their stops.

The meal price list is the catalogue's date-stamped `services.ServicePrice` of the
`mahalle-mutfaklari` service (one history, shown here and in the catalogue); a point's day copies the
price in force on its date into `PointDay.unit_price`, so a later price never rewrites a past sale.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omur.core.models import TimeStampedModel

POINT_SERVICE_CODE = "mahalle-mutfaklari"
DELIVERY_SERVICE_CODE = "evde-sicak-yemek"
WINDOW_START = 11 * 60  # 11:00, minutes from midnight
WINDOW_END = 15 * 60  # 15:00


class Allergen(models.TextChoices):
    """The 14 allergen groups of EU Regulation 1169/2011 (Annex II), also used in Türkiye's food code."""

    GLUTEN = "gluten", _("Cereals containing gluten")
    CRUSTACEANS = "crustaceans", _("Crustaceans")
    EGGS = "eggs", _("Eggs")
    FISH = "fish", _("Fish")
    PEANUTS = "peanuts", _("Peanuts")
    SOY = "soy", _("Soybeans")
    MILK = "milk", _("Milk")
    NUTS = "nuts", _("Tree nuts")
    CELERY = "celery", _("Celery")
    MUSTARD = "mustard", _("Mustard")
    SESAME = "sesame", _("Sesame seeds")
    SULPHITES = "sulphites", _("Sulphur dioxide and sulphites")
    LUPIN = "lupin", _("Lupin")
    MOLLUSCS = "molluscs", _("Molluscs")


class Diet(models.TextChoices):
    STANDARD = "standard", pgettext_lazy("diet", "Standard")
    DIABETIC = "diabetic", pgettext_lazy("diet", "Diabetic")
    SOFT = "soft", pgettext_lazy("diet", "Soft")
    LOW_SALT = "low_salt", pgettext_lazy("diet", "Low-salt")
    VEGETARIAN = "vegetarian", pgettext_lazy("diet", "Vegetarian")


SPECIAL_DIETS = [d for d in Diet if d != Diet.STANDARD]


def allergen_labels(codes: list[str] | None) -> list[str]:
    names = dict(Allergen.choices)
    return [str(names.get(c, c)) for c in codes or []]


# ---------------------------------------------------------------------------------------------------
# Kitchens and points
# ---------------------------------------------------------------------------------------------------


class Kitchen(TimeStampedModel):
    """A production kitchen: it cooks for its sale points and its home-delivery households, and its
    vans leave from it."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    location = models.ForeignKey(
        "services.Location",
        verbose_name=_("catalogue location"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=240, blank=True)
    lat = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    lon = models.FloatField(_("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)])
    vans = models.PositiveSmallIntegerField(_("delivery vans"), default=0)
    van_capacity = models.PositiveSmallIntegerField(_("portions per van"), default=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("kitchen")
        verbose_name_plural = _("kitchens")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SalePoint(TimeStampedModel):
    """A neighbourhood point where the day's menu is sold (weekdays, in its opening window)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kitchen = models.ForeignKey(Kitchen, verbose_name=_("supplied by"), on_delete=models.PROTECT, related_name="points")
    neighbourhood = models.ForeignKey(
        "geo.Neighbourhood", verbose_name=_("neighbourhood"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        "services.Location",
        verbose_name=_("catalogue location"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=240, blank=True)
    opens = models.TimeField(_("opens at"), default=dt.time(11, 30))
    closes = models.TimeField(_("closes at"), default=dt.time(14, 0))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("sale point")
        verbose_name_plural = _("sale points")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="meals_point_window_ordered")]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------------------------------------------
# Dishes and menus
# ---------------------------------------------------------------------------------------------------


class Course(models.TextChoices):
    SOUP = "soup", _("Soup")
    MAIN = "main", _("Main dish")
    SIDE = "side", _("Side dish")
    DESSERT = "dessert", _("Dessert or salad")


class Dish(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    course = models.CharField(_("course"), max_length=10, choices=Course.choices)
    allergens = models.JSONField(_("allergens"), default=list, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("dish")
        verbose_name_plural = _("dishes")
        ordering = ["course", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def allergen_names(self) -> list[str]:
        return allergen_labels(self.allergens)


class DishVariant(models.Model):
    """How a dish is made for a diet (e.g. diabetic: no sugar, fruit instead of the dessert). A diet
    without a variant gets the standard dish, and the production sheet warns when that happens."""

    dish = models.ForeignKey(Dish, on_delete=models.CASCADE, related_name="variants")
    diet = models.CharField(_("diet"), max_length=12, choices=[c for c in Diet.choices if c[0] != Diet.STANDARD])
    note = models.CharField(_("how it is made"), max_length=200)

    class Meta:
        verbose_name = _("diet variant")
        verbose_name_plural = _("diet variants")
        ordering = ["dish", "diet"]
        constraints = [models.UniqueConstraint(fields=["dish", "diet"], name="meals_one_variant_per_diet")]

    def __str__(self) -> str:
        return f"{self.dish} ({self.get_diet_display()})"


class MenuCycle(TimeStampedModel):
    """A repeating menu of `weeks` weeks (Monday–Friday), counted from `starts_on` (a Monday)."""

    name = models.CharField(_("name"), max_length=120)
    weeks = models.PositiveSmallIntegerField(
        _("weeks"), default=4, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    starts_on = models.DateField(_("first Monday"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("menu cycle")
        verbose_name_plural = _("menu cycles")
        ordering = ["-starts_on"]
        constraints = [models.CheckConstraint(condition=Q(weeks__gte=1, weeks__lte=8), name="meals_cycle_weeks")]

    def __str__(self) -> str:
        return self.name

    def position(self, day: dt.date) -> tuple[int, int]:
        """(week 1..weeks, weekday 0..4) of `day` in the cycle."""
        return ((day - self.starts_on).days // 7) % self.weeks + 1, day.weekday()


class MenuCycleDay(models.Model):
    cycle = models.ForeignKey(MenuCycle, on_delete=models.CASCADE, related_name="days")
    week = models.PositiveSmallIntegerField(_("week"))
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    dish1 = models.ForeignKey(Dish, verbose_name=_("first dish"), on_delete=models.PROTECT, related_name="+")
    dish2 = models.ForeignKey(Dish, verbose_name=_("second dish"), on_delete=models.PROTECT, related_name="+")
    dish3 = models.ForeignKey(Dish, verbose_name=_("third dish"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["cycle", "week", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "week", "weekday"], name="meals_cycle_day_unique"),
            models.CheckConstraint(condition=Q(weekday__lte=4), name="meals_cycle_day_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.week}/{self.weekday + 1}"

    @property
    def dishes(self) -> list[Dish]:
        return [self.dish1, self.dish2, self.dish3]


class DailyMenu(TimeStampedModel):
    """The menu of one day: three dishes plus bread, for the points and the home deliveries."""

    day = models.DateField(_("day"), unique=True)
    dish1 = models.ForeignKey(Dish, verbose_name=_("first dish"), on_delete=models.PROTECT, related_name="+")
    dish2 = models.ForeignKey(Dish, verbose_name=_("second dish"), on_delete=models.PROTECT, related_name="+")
    dish3 = models.ForeignKey(Dish, verbose_name=_("third dish"), on_delete=models.PROTECT, related_name="+")
    bread = models.BooleanField(_("bread"), default=True)
    cycle = models.ForeignKey(MenuCycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="menus")
    # Set when a person changed the day by hand: regenerating from the cycle leaves it alone.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("reason for the change"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("daily menu")
        verbose_name_plural = _("daily menus")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y}: {self.dish1}, {self.dish2}, {self.dish3}"

    @property
    def dishes(self) -> list[Dish]:
        return [self.dish1, self.dish2, self.dish3]


# ---------------------------------------------------------------------------------------------------
# Daily figures at the points
# ---------------------------------------------------------------------------------------------------


class PointDay(models.Model):
    """One point on one day: portions sent by the kitchen, sold, handed out as suspended meals and
    left over, and the cash taken at the price in force that day (copied here when the row is made)."""

    point = models.ForeignKey(SalePoint, on_delete=models.PROTECT, related_name="days")
    day = models.DateField(_("day"))
    expected = models.PositiveIntegerField(_("expected portions"), default=0)
    sent = models.PositiveIntegerField(_("portions sent"), default=0)
    sold = models.PositiveIntegerField(_("portions sold"), default=0)
    redeemed = models.PositiveIntegerField(_("suspended meals handed out"), default=0)
    unit_price = models.DecimalField(_("price (TRY)"), max_digits=8, decimal_places=2, default=Decimal(0))
    cash = models.DecimalField(_("cash taken (TRY)"), max_digits=10, decimal_places=2, default=Decimal(0))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("point day")
        verbose_name_plural = _("point days")
        ordering = ["-day", "point"]
        constraints = [
            models.UniqueConstraint(fields=["point", "day"], name="meals_point_day_unique"),
            models.CheckConstraint(condition=Q(cash__gte=0) & Q(unit_price__gte=0), name="meals_point_day_cash"),
        ]
        indexes = [models.Index(fields=["day", "point"], name="meals_pointday_day_idx")]

    def __str__(self) -> str:
        return f"{self.point} {self.day:%d.%m.%Y}"

    @property
    def left_over(self) -> int:
        return max(self.sent - self.sold - self.redeemed, 0)

    @property
    def served(self) -> int:
        return self.sold + self.redeemed


# ---------------------------------------------------------------------------------------------------
# Suspended meals (askıda yemek)
# ---------------------------------------------------------------------------------------------------


class Donation(TimeStampedModel):
    """A donor pays for `meals` meals that points hand out free. `remaining` falls only through a
    conditional UPDATE (`remaining >= n`), and the database refuses a negative value, so two points
    can never hand out the same meal; the ledger rows add up to `meals - remaining` (tested)."""

    donor_name = models.CharField(_("donor"), max_length=160)
    donor_phone = models.CharField(_("donor's phone"), max_length=20, blank=True)
    anonymous = models.BooleanField(_("keep the donor's name private"), default=False)
    meals = models.PositiveIntegerField(_("meals paid"), validators=[MinValueValidator(1)])
    remaining = models.PositiveIntegerField(_("meals still available"))
    amount = models.DecimalField(_("amount paid (TRY)"), max_digits=10, decimal_places=2)
    received_on = models.DateField(_("received on"))
    point = models.ForeignKey(
        SalePoint,
        verbose_name=_("only at this point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
        help_text=_("Leave empty so that any point may hand the meals out."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(meals__gte=1), name="meals_donation_positive"),
            models.CheckConstraint(
                condition=Q(remaining__gte=0) & Q(remaining__lte=F("meals")), name="meals_donation_remaining_in_range"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="meals_donation_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.public_name} · {self.meals}"

    @property
    def public_name(self) -> str:
        return str(_("Anonymous donor")) if self.anonymous else self.donor_name


class LedgerKind(models.TextChoices):
    DONATION = "donation", _("Donation")
    REDEMPTION = "redemption", _("Handed out")


class LedgerEntry(models.Model):
    """One movement of suspended meals: +meals when a donation comes in, −n when a point hands n out."""

    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=12, choices=LedgerKind.choices)
    quantity = models.IntegerField()
    point = models.ForeignKey(SalePoint, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="donation") & Q(quantity__gt=0))
                | (Q(kind="redemption") & Q(quantity__lt=0) & Q(point__isnull=False)),
                name="meals_ledger_sign_matches_kind",
            )
        ]
        indexes = [models.Index(fields=["day", "kind"], name="meals_ledger_day_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity:+d} {self.day:%d.%m.%Y}"


# ---------------------------------------------------------------------------------------------------
# Home delivery
# ---------------------------------------------------------------------------------------------------


class DeliveryProfile(TimeStampedModel):
    """Delivery details of an enrolment in `evde-sicak-yemek`: kitchen, diet, allergies, portions for
    the household, weekdays and the point to drive to (the registry address does not carry
    coordinates; these are the household's door for routing)."""

    enrolment = models.OneToOneField(
        "cases.Enrolment", verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="meal_profile"
    )
    kitchen = models.ForeignKey(Kitchen, verbose_name=_("kitchen"), on_delete=models.PROTECT, related_name="profiles")
    diet = models.CharField(_("diet"), max_length=12, choices=Diet.choices, default=Diet.STANDARD)
    allergies = models.JSONField(_("allergies"), default=list, blank=True)
    portions = models.PositiveSmallIntegerField(
        _("portions"), default=1, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    weekdays = models.JSONField(_("delivery days"), default=list)  # 0 = Monday … 4 = Friday
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    door_note = models.CharField(_("note for the driver"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("delivery details")
        verbose_name_plural = _("delivery details")
        constraints = [
            models.CheckConstraint(condition=Q(portions__gte=1, portions__lte=8), name="meals_profile_portions"),
        ]

    def __str__(self) -> str:
        return str(self.enrolment.person)

    @property
    def allergen_names(self) -> list[str]:
        return allergen_labels(self.allergies)

    def delivers_on(self, day: dt.date) -> bool:
        return day.weekday() in (self.weekdays or [])


class SuspensionReason(models.TextChoices):
    HOSPITAL = "hospital", _("In hospital")
    TRAVEL = "travel", _("Travelling / staying with family")
    OTHER = "other", _("Other")


class DeliverySuspension(models.Model):
    """No delivery from `start` to `end` (inclusive): the household disappears from those days' lists
    and routes; the enrolment itself stays active."""

    profile = models.ForeignKey(DeliveryProfile, on_delete=models.CASCADE, related_name="suspensions")
    start = models.DateField(_("from"))
    end = models.DateField(_("until (inclusive)"))
    reason = models.CharField(_("reason"), max_length=10, choices=SuspensionReason.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("delivery suspension")
        verbose_name_plural = _("delivery suspensions")
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=F("start")), name="meals_suspension_ordered")]

    def __str__(self) -> str:
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"


class PlanStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Planning")
    DONE = "done", _("Planned")
    FAILED = "failed", _("Failed")


class DeliveryPlan(models.Model):
    """One planning run for a day (a background job). The latest finished one made the day's runs."""

    day = models.DateField(_("day"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.QUEUED)
    seconds = models.PositiveSmallIntegerField(_("time limit (s)"), default=30)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)  # omur.routing Plan.to_dict() per kitchen
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["day", "status"], name="meals_plan_day_idx")]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} ({self.status})"


class DeliveryRun(models.Model):
    """One van's round from its kitchen on a day, in the planned order."""

    day = models.DateField(_("day"))
    plan = models.ForeignKey(DeliveryPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs")
    kitchen = models.ForeignKey(Kitchen, on_delete=models.PROTECT, related_name="runs")
    number = models.PositiveSmallIntegerField(_("van"))
    driver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("driver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meal_runs",
    )
    depart = models.PositiveSmallIntegerField(_("leaves at (minute)"))
    back = models.PositiveSmallIntegerField(_("back at (minute)"))
    travel_minutes = models.PositiveIntegerField(default=0)
    portions = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("delivery run")
        verbose_name_plural = _("delivery runs")
        ordering = ["day", "kitchen", "number"]
        constraints = [models.UniqueConstraint(fields=["day", "kitchen", "number"], name="meals_run_unique")]

    def __str__(self) -> str:
        return f"{self.kitchen} · {self.number}"


class StopStatus(models.TextChoices):
    PENDING = "pending", _("To deliver")
    DELIVERED = "delivered", _("Delivered")
    NOT_HOME = "not_home", _("Not at home")
    REFUSED = "refused", _("Refused")


MISSED_STATUSES = (StopStatus.NOT_HOME, StopStatus.REFUSED)


class DeliveryStop(models.Model):
    """A household on a run. Diet, allergies and portions are copied from the profile when the run is
    planned, so the label and the driver's sheet show what was cooked for that day."""

    run = models.ForeignKey(DeliveryRun, on_delete=models.CASCADE, related_name="stops")
    profile = models.ForeignKey(DeliveryProfile, on_delete=models.PROTECT, related_name="stops")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="meal_deliveries")
    day = models.DateField(_("day"))
    sequence = models.PositiveSmallIntegerField(_("order"))
    eta = models.PositiveSmallIntegerField(_("planned arrival (minute)"))
    portions = models.PositiveSmallIntegerField(_("portions"))
    diet = models.CharField(_("diet"), max_length=12, choices=Diet.choices)
    allergies = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=StopStatus.choices, default=StopStatus.PENDING)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["run", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "day"], name="meals_one_stop_per_household_day"),
            models.UniqueConstraint(fields=["run", "sequence"], name="meals_stop_sequence_unique"),
        ]
        indexes = [
            models.Index(fields=["person", "day"], name="meals_stop_person_idx"),
            models.Index(fields=["day", "status"], name="meals_stop_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} #{self.sequence}"

    @property
    def allergen_names(self) -> list[str]:
        return allergen_labels(self.allergies)

    @property
    def eta_text(self) -> str:
        return minute_text(self.eta)

    @property
    def is_missed(self) -> bool:
        return self.status in MISSED_STATUSES


def minute_text(minute: Any) -> str:
    minute = round(float(minute))
    return f"{minute // 60:02d}:{minute % 60:02d}"
