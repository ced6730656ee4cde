"""The good-practice hub: Mersin's projects and their playbooks, support engagements with other
municipalities, the Social Policy Tour (requests, itineraries, visitors, feedback) and partners.

Projects are written in Turkish and English (the office presents them abroad too); `tr()`/`en()`
pairs follow the active language with Turkish as the fallback, like the service catalogue."""

import os
import secrets
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from omur.core.models import TimeStampedModel
from omur.geo.models import Municipality
from omur.services.models import Department, LifeStage, Location, PolicyArea, Service


def _english() -> bool:
    return (get_language() or "tr").startswith("en")


class Bilingual:
    """`obj.text("problem")` is `problem_en` in English (when filled), else `problem_tr`."""

    def text(self, field: str) -> str:
        tr = getattr(self, f"{field}_tr", "") or ""
        en = getattr(self, f"{field}_en", "") or ""
        return (en if _english() else tr) or tr

    def lines(self, field: str) -> list[str]:
        return [line.strip() for line in self.text(field).splitlines() if line.strip()]


class HubStorage(FileSystemStorage):
    """Uploads live under MEDIA_ROOT/hub and have no public URL: staff download them through
    hub:file-download, which the access table guards (MEDIA_URL is not served). The location is
    read from the settings on each use, so tests can point MEDIA_ROOT at a temporary directory."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return os.path.join(str(settings.MEDIA_ROOT), "hub")

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("hub files have no public URL")


hub_storage = HubStorage()


def _upload_to(instance: Any, filename: str) -> str:
    # The stored name is random: the uploaded name is kept in `original_name`, never used as a path.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{instance._meta.model_name}/{uuid.uuid4().hex}.{ext}"


# --- projects ------------------------------------------------------------------------------------


class Project(Bilingual, TimeStampedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    summary_tr = models.TextField(_("summary (Turkish)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    policy_areas = models.ManyToManyField(PolicyArea, verbose_name=_("policy areas"), related_name="hub_projects")
    life_stages = models.ManyToManyField(
        LifeStage, verbose_name=_("life stages"), related_name="hub_projects", blank=True
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("owning department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hub_projects",
    )
    started_on = models.DateField(_("start date"), null=True, blank=True)
    target_group_tr = models.TextField(_("target group (Turkish)"), blank=True)
    target_group_en = models.TextField(_("target group (English)"), blank=True)
    problem_tr = models.TextField(_("problem (Turkish)"), blank=True)
    problem_en = models.TextField(_("problem (English)"), blank=True)
    objectives_tr = models.TextField(_("objectives (Turkish)"), blank=True, help_text=_("One per line."))
    objectives_en = models.TextField(_("objectives (English)"), blank=True, help_text=_("One per line."))
    eligibility_tr = models.TextField(_("eligibility (Turkish)"), blank=True)
    eligibility_en = models.TextField(_("eligibility (English)"), blank=True)
    risks_tr = models.TextField(_("risks (Turkish)"), blank=True, help_text=_("One per line."))
    risks_en = models.TextField(_("risks (English)"), blank=True, help_text=_("One per line."))
    lessons_tr = models.TextField(_("lessons learnt (Turkish)"), blank=True, help_text=_("One per line."))
    lessons_en = models.TextField(_("lessons learnt (English)"), blank=True, help_text=_("One per line."))
    services = models.ManyToManyField(
        Service, verbose_name=_("catalogue services that deliver it"), related_name="hub_projects", blank=True
    )
    sites = models.ManyToManyField(Location, verbose_name=_("project sites"), related_name="hub_projects", blank=True)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public impact page and its project pages.")
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name_tr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.text("name")


class ProjectStep(Bilingual, models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    title_tr = models.CharField(_("step (Turkish)"), max_length=200)
    title_en = models.CharField(_("step (English)"), max_length=200, blank=True)
    detail_tr = models.TextField(_("detail (Turkish)"), blank=True)
    detail_en = models.TextField(_("detail (English)"), blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["project", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.text('title')}"


class StaffingLine(Bilingual, models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="staffing")
    role_tr = models.CharField(_("role (Turkish)"), max_length=120)
    role_en = models.CharField(_("role (English)"), max_length=120, blank=True)
    count = models.PositiveSmallIntegerField(_("number of staff"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("staffing line")
        verbose_name_plural = _("staffing")
        ordering = ["project", "id"]
        constraints = [models.CheckConstraint(condition=Q(count__gte=1), name="hub_staffing_count_positive")]

    def __str__(self) -> str:
        return f"{self.text('role')} × {self.count}"


class BudgetKind(models.TextChoices):
    SETUP = "setup", _("Set-up (one-off)")
    YEARLY = "yearly", _("Yearly running cost")


class BudgetLine(Bilingual, models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget")
    kind = models.CharField(_("kind"), max_length=10, choices=BudgetKind.choices)
    item_tr = models.CharField(_("item (Turkish)"), max_length=160)
    item_en = models.CharField(_("item (English)"), max_length=160, blank=True)
    amount = models.DecimalField(
        _("amount (TRY)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget")
        ordering = ["project", "kind", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="hub_budget_amount_not_negative")]

    def __str__(self) -> str:
        return f"{self.text('item')}: {self.amount} TRY"


class KpiSource(models.TextChoices):
    LIVE = "live", _("Live from an operating app")
    MANUAL = "manual", _("Entered by hand")


class Kpi(Bilingual, models.Model):
    """A key figure of a project. LIVE ones are computed over the last `window_days` days by an
    indicator an operating app registered (omur/core/indicators.py); MANUAL ones show the latest
    KpiMeasurement with its date."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="kpis")
    name_tr = models.CharField(_("name (Turkish)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    unit_tr = models.CharField(_("unit (Turkish)"), max_length=40, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=KpiSource.choices, default=KpiSource.MANUAL)
    indicator_code = models.CharField(_("indicator code"), max_length=80, blank=True)
    window_days = models.PositiveSmallIntegerField(
        _("period (days)"),
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(3660)],
        help_text=_("A live figure is computed over this many days up to today."),
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["project", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="manual") | ~Q(indicator_code=""), name="hub_live_kpi_has_indicator"
            ),
            models.CheckConstraint(condition=Q(window_days__gte=1), name="hub_kpi_window_positive"),
        ]

    def __str__(self) -> str:
        return self.text("name")


class KpiMeasurement(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements")
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    measured_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("KPI measurement")
        verbose_name_plural = _("KPI measurements")
        ordering = ["kpi", "-measured_on", "-id"]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value} @ {self.measured_on}"


class FileKind(models.TextChoices):
    DOCUMENT = "document", _("Document (PDF)")
    PHOTO = "photo", _("Photo")


class ProjectFile(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices)
    title = models.CharField(_("title"), max_length=160)
    file = models.FileField(storage=hub_storage, upload_to=_upload_to, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("project file")
        verbose_name_plural = _("project files")
        ordering = ["project", "kind", "-created_at"]

    def __str__(self) -> str:
        return self.title


class SiteProfile(models.Model):
    """What the tour needs to know about a catalogue location as a visit site."""

    location = models.OneToOneField(Location, on_delete=models.CASCADE, related_name="hub_site")
    max_visitors = models.PositiveSmallIntegerField(
        _("visitors at one time"),
        validators=[MinValueValidator(1)],
        help_text=_("The largest group the site can show round at once."),
    )
    visit_minutes = models.PositiveSmallIntegerField(_("usual visit length (minutes)"), default=45)
    host_name = models.CharField(_("host on site"), max_length=120, blank=True)
    host_phone = models.CharField(_("host's phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("visit site")
        verbose_name_plural = _("visit sites")
        constraints = [models.CheckConstraint(condition=Q(max_visitors__gte=1), name="hub_site_capacity_positive")]

    def __str__(self) -> str:
        return str(self.location)


# --- municipalities and engagements ------------------------------------------------------------


class MunicipalityContact(TimeStampedModel):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="hub_contacts")
    name = models.CharField(_("name"), max_length=160)
    title = models.CharField(_("title"), max_length=160, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("municipality contact")
        verbose_name_plural = _("municipality contacts")
        ordering = ["municipality", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"


class Stage(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    PRESENTATION = "presentation", _("Presentation")
    STUDY_VISIT = "study_visit", _("Study visit")
    PLANNING = "planning", _("Planning support")
    IMPLEMENTATION = "implementation", _("Implementation support")
    LAUNCHED = "launched", pgettext_lazy("engagement stage", "Launched")
    FOLLOW_UP = "follow_up", _("Follow-up")
    DROPPED = "dropped", pgettext_lazy("engagement stage", "Dropped")


# Launched and followed-up engagements are the ones the office counts as projects it supported.
ADOPTED_STAGES = (Stage.LAUNCHED, Stage.FOLLOW_UP)
# The board's columns, left to right.
BOARD_STAGES = [s for s in Stage if s != Stage.DROPPED] + [Stage.DROPPED]


class Engagement(TimeStampedModel):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="hub_engagements"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="engagements"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.INQUIRY)
    stage_since = models.DateField(_("in this stage since"))
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("office contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hub_engagements",
    )
    source_tour = models.ForeignKey(
        "Tour",
        verbose_name=_("from tour"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagements",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-stage_since", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "project"], name="hub_one_engagement_per_pair"),
            models.CheckConstraint(
                condition=~Q(stage__in=["launched", "follow_up"]) | Q(launched_on__isnull=False),
                name="hub_launched_engagement_has_date",
            ),
        ]
        indexes = [models.Index(fields=["stage"], name="hub_engagement_stage_idx")]

    def __str__(self) -> str:
        return f"{self.municipality} — {self.project}"

    @property
    def is_adopted(self) -> bool:
        return self.stage in ADOPTED_STAGES


class EngagementStageChange(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_on = models.DateField(_("date"))
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["engagement", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class ActivityKind(models.TextChoices):
    PRESENTATION = "presentation", _("Presentation")
    MEETING = "meeting", _("Meeting")
    DOCUMENT_SENT = "document_sent", _("Document sent")
    SITE_VISIT = "site_visit", _("Site visit")
    CALL = "call", _("Phone call or e-mail")


class EngagementActivity(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    happened_on = models.DateField(_("date"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["engagement", "-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on}"


class AdoptionEvidence(models.Model):
    """Proof that the municipality started the programme: a council decision, a press release, a
    photo of the opening. A link or an uploaded document (or both), with the date it shows."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    dated = models.DateField(_("date"))
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(storage=hub_storage, upload_to=_upload_to, max_length=200, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=60, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence of adoption")
        verbose_name_plural = _("evidence of adoption")
        ordering = ["engagement", "-dated"]
        constraints = [models.CheckConstraint(condition=~Q(url="") | ~Q(file=""), name="hub_evidence_has_link_or_file")]

    def __str__(self) -> str:
        return self.title


# --- the Social Policy Tour ----------------------------------------------------------------------


class DelegationKind(models.TextChoices):
    METROPOLITAN = "metropolitan", _("Metropolitan municipality")
    PROVINCIAL = "provincial", _("Provincial municipality")
    DISTRICT = "district", _("District municipality")
    TOWN = "town", _("Town municipality")
    NGO = "ngo", _("Non-governmental organisation")
    UNIVERSITY = "university", _("University")
    PUBLIC = "public", _("Public institution")
    PRESS = "press", _("Press")


MUNICIPAL_KINDS = {
    DelegationKind.METROPOLITAN: [Municipality.Type.METROPOLITAN],
    DelegationKind.PROVINCIAL: [Municipality.Type.PROVINCIAL],
    DelegationKind.DISTRICT: [Municipality.Type.METRO_DISTRICT, Municipality.Type.DISTRICT],
    DelegationKind.TOWN: [Municipality.Type.TOWN],
}


class TourStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PLANNED = "planned", _("Planned")
    COMPLETED = "completed", _("Visit completed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class RequestChannel(models.TextChoices):
    """How a tour request reached the office: the public form, or taken by a coordinator."""

    WEB = "web", _("Public form")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")


STAFF_CHANNELS = (RequestChannel.PHONE, RequestChannel.EMAIL, RequestChannel.IN_PERSON)


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Tour(TimeStampedModel):
    """A delegation's visit: requested on the public form (or entered by the coordinator), planned
    with an itinerary, completed with a visitor register and feedback."""

    kind = models.CharField(_("who is visiting"), max_length=20, choices=DelegationKind.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hub_tours",
    )
    contact_name = models.CharField(_("contact person"), max_length=160)
    contact_title = models.CharField(_("contact's title"), max_length=160, blank=True)
    contact_phone = models.CharField(_("contact's phone"), max_length=20)
    contact_email = models.EmailField(_("contact's e-mail"), blank=True)
    preferred_from = models.DateField(_("preferred dates from"))
    preferred_to = models.DateField(_("preferred dates to"))
    head_count = models.PositiveSmallIntegerField(_("number of visitors"), validators=[MinValueValidator(1)])
    interests = models.ManyToManyField(
        Project, verbose_name=_("projects of interest"), related_name="tours", blank=True
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=TourStatus.choices, default=TourStatus.REQUESTED)
    visit_on = models.DateField(_("visit date"), null=True, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hub_tours",
    )
    feedback_token = models.CharField(max_length=40, unique=True, default=_new_token, editable=False)
    language = models.CharField(max_length=8, default="tr")
    channel = models.CharField(
        _("request received by"), max_length=10, choices=RequestChannel.choices, default=RequestChannel.WEB
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The member of staff who took a request by phone, e-mail or in person."),
    )
    followed_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tour")
        verbose_name_plural = _("tours")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(preferred_to__gte=F("preferred_from")), name="hub_tour_dates_ordered"),
            models.CheckConstraint(condition=Q(head_count__gte=1), name="hub_tour_head_count_positive"),
            # A request from the public form has no author on staff; one taken by staff has one (until
            # that account is deleted, SET_NULL; the audit trail keeps who it was).
            models.CheckConstraint(
                condition=Q(channel="web", recorded_by__isnull=True) | ~Q(channel="web"),
                name="hub_tour_web_request_has_no_staff_author",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["planned", "completed"]) | Q(visit_on__isnull=False),
                name="hub_planned_tour_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "visit_on"], name="hub_tour_status_idx")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.visit_on or self.preferred_from})"

    @property
    def is_municipal(self) -> bool:
        return self.kind in MUNICIPAL_KINDS


class TourStop(models.Model):
    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="stops")
    location = models.ForeignKey(Location, verbose_name=_("site"), on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(
        Project, verbose_name=_("project shown"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("itinerary stop")
        verbose_name_plural = _("itinerary")
        ordering = ["tour", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="hub_stop_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M} {self.location}"


class VisitorEntry(models.Model):
    """One line of the visitor register: a group with its head count; names only if the delegation
    gave them (they are personal data and not needed for the office's figures)."""

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="visitors")
    group = models.CharField(_("group"), max_length=160, help_text=_("e.g. the mayor's team, council members."))
    head_count = models.PositiveSmallIntegerField(_("head count"), validators=[MinValueValidator(1)])
    names = models.TextField(_("names (optional)"), blank=True, help_text=_("One per line."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visitor register entry")
        verbose_name_plural = _("visitor register")
        ordering = ["tour", "id"]
        constraints = [models.CheckConstraint(condition=Q(head_count__gte=1), name="hub_visitor_head_count_positive")]

    def __str__(self) -> str:
        return f"{self.group} ({self.head_count})"


class TourFeedback(models.Model):
    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        _("overall rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    most_useful = models.ForeignKey(
        Project,
        verbose_name=_("most useful project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    interested_in = models.ManyToManyField(
        Project, verbose_name=_("projects you would like to start"), related_name="feedback_interest", blank=True
    )
    wants_support = models.BooleanField(_("we would like technical support"), default=False)
    comments = models.TextField(_("comments"), blank=True)
    respondent = models.CharField(_("your name (optional)"), max_length=160, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tour feedback")
        verbose_name_plural = _("tour feedback")
        ordering = ["tour", "-submitted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="hub_feedback_rating_range")
        ]

    def __str__(self) -> str:
        return f"{self.tour}: {self.rating}/5"


# --- partners ------------------------------------------------------------------------------------


class PartnerKind(models.TextChoices):
    PUBLIC = "public", _("Public institution")
    NGO = "ngo", _("Non-governmental organisation")
    UNIVERSITY = "university", _("University")


class Partner(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=12, choices=PartnerKind.choices)
    contact_name = models.CharField(_("contact person"), max_length=160, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Protocol(TimeStampedModel):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="protocols")
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    scope = models.TextField(_("scope"))
    projects = models.ManyToManyField(Project, verbose_name=_("projects"), related_name="protocols", blank=True)
    file = models.FileField(storage=hub_storage, upload_to=_upload_to, max_length=200, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=60, blank=True)

    class Meta:
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        ordering = ["partner", "-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("signed_on")), name="hub_protocol_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title


class JointWork(TimeStampedModel):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="joint_works")
    protocol = models.ForeignKey(Protocol, null=True, blank=True, on_delete=models.SET_NULL, related_name="joint_works")
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="joint_works"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("joint work")
        verbose_name_plural = _("joint works")
        ordering = ["partner", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="hub_joint_work_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title
