"""Activities: the list, create/edit, the activity page (people, waitlist, offers, sessions) and the
enrolment actions."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omur.cases.recurrence import describe_rrule
from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError
from omur.registry.models import Person
from omur.registry.selectors import person_search
from omur.services.eligibility import evaluate_person
from omur.services.models import Service
from omur.venues import selectors, services
from omur.venues.forms import ActivityFilterForm, ActivityForm, NoteForm
from omur.venues.models import Activity, EnrolmentStatus
from omur.venues.priority import reason_labels
from omur.venues.services.activities import ACTIVITY_FIELDS, expand_dates
from omur.venues.services.kadin_ustalar import attendance_summary

from .common import activity_or_404, audit_listed, enrolment_or_404, error_text, htmx

PAGE_SIZE = 30


@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.activity_list(
        actor=request.user,
        q=data.get("q", ""),
        location=data.get("location"),
        kind=data.get("kind", ""),
        term=data.get("term"),
        current=not data.get("past"),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_run": selectors.can_run(request.user)}
    template = "venues/activity_list.html#results" if htmx(request) else "venues/activity_list.html"
    return render(request, template, context)


def _form_errors(form: ActivityForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, error_text(exc))


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    activity = activity_or_404(request, pk) if pk else None
    initial: dict[str, Any] = {}
    if activity is None:
        today = timezone.localdate()
        initial = {"starts_on": today, "recurrence": "FREQ=WEEKLY;BYDAY=MO,WE", "absence_limit": 3, "offer_hours": 48}
    form = ActivityForm(request.POST or None, instance=activity, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ACTIVITY_FIELDS if k in form.cleaned_data}
        try:
            if activity is None:
                activity = services.activity_create(actor=request.user, **data)
                messages.success(request, _("Activity created with its sessions."))
            else:
                services.activity_update(actor=request.user, activity=activity, **data)
                messages.success(request, _("Activity saved."))
        except ValidationError as exc:
            _form_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("venues:activity-detail", pk=activity.pk)
    return render(
        request,
        "venues/activity_form.html",
        {"form": form, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


def _detail_context(request: HttpRequest, activity: Activity) -> dict[str, Any]:
    people = selectors.activity_people(activity)
    show_reasons = selectors.can_see_priority_reasons(request.user)
    for e in people["waiting"] + people["offered"]:
        e.reason_labels = reason_labels(e.priority_reasons) if show_reasons else []  # type: ignore[attr-defined]
    sessions = list(selectors.activity_sessions(activity))
    _dates, skipped = expand_dates(activity.recurrence, activity.starts_on, activity.ends_on)
    today = timezone.localdate()
    audit_listed(
        request,
        action="activity_enrolment.list",
        object_type="venues.enrolment",
        ids=[e.pk for group in people.values() for e in group],
    )
    return {
        "activity": activity,
        "people": people,
        "closed": selectors.activity_closed_enrolments(activity),
        "sessions": sessions,
        "next_session": next((s for s in sessions if s.date >= today and s.status == "scheduled"), None),
        "skipped": skipped,
        "today": today,
        "now": timezone.now(),
        "can_run": selectors.can_run(request.user),
        "can_enrol": selectors.can_enrol(request.user) and activity.is_open and activity.ends_on >= today,
        "can_take_attendance": selectors.can_take_attendance(request.user, activity),
        "show_reasons": show_reasons,
        "note_form": NoteForm(),
        "rule_text": describe_rrule(activity.recurrence),
        "fill": round(4 * activity.places_taken / activity.capacity) * 25 if activity.capacity else 0,
        "term_over": not any(s.date > today and s.status == "scheduled" for s in sessions),
    }


@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_or_404(request, pk)
    return render(request, "venues/activity_detail.html", _detail_context(request, activity))


@require_GET
def enrol_search(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: people matching the search, each with the service's eligibility for them."""
    activity = activity_or_404(request, pk)
    q = request.GET.get("q", "").strip()
    rows = []
    if len(q) >= 2:
        result = person_search(actor=request.user, q=q, limit=50)
        found = result[0:10]
        service = Service.objects.prefetch_related("eligibility_rules").get(pk=activity.service_id)
        day = max(timezone.localdate(), activity.starts_on)
        open_ids = set(
            activity.enrolments.filter(person__in=found, status__in=["waiting", "offered", "enrolled"]).values_list(
                "person_id", flat=True
            )
        )
        for person in found:
            [elig] = evaluate_person(person, [service], day=day)
            rows.append({"person": person, "eligibility": elig, "already": person.pk in open_ids})
        audit_listed(
            request,
            action="person.search",
            object_type="registry.person",
            ids=[p.pk for p in found],
            purpose="activity enrolment",
        )
    return render(
        request,
        "venues/_enrol_results.html",
        {"activity": activity, "rows": rows, "q": q, "full": activity.places_taken >= activity.capacity},
    )


@require_POST
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_or_404(request, pk)
    person_id = request.POST.get("person", "")
    person = Person.objects.filter(pk=int(person_id)).first() if person_id.isdigit() else None
    if person is None:
        messages.error(request, _("Choose a person from the search results."))
        return redirect("venues:activity-detail", pk=activity.pk)
    try:
        enrolment = services.enrolment_create(actor=request.user, activity=activity, person=person)
    except ApplicationError as exc:
        messages.error(request, f"{person.full_name}: {exc}")
    else:
        if enrolment.status == EnrolmentStatus.ENROLLED:
            messages.success(request, _("%(name)s is enrolled.") % {"name": person.full_name})
        else:
            position = (
                list(
                    activity.enrolments.filter(status=EnrolmentStatus.WAITING)
                    .order_by("-priority", "applied_at", "pk")
                    .values_list("pk", flat=True)
                ).index(enrolment.pk)
                + 1
                if enrolment.status == EnrolmentStatus.WAITING
                else 0
            )
            messages.warning(
                request,
                _("The activity is full: %(name)s is on the waitlist, number %(n)s.")
                % {"name": person.full_name, "n": position}
                if position
                else _("%(name)s: %(status)s.") % {"name": person.full_name, "status": enrolment.get_status_display()},
            )
    return redirect("venues:activity-detail", pk=activity.pk)


def _enrolment_action(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    enrolment = enrolment_or_404(request, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    kwargs = {"note": note} if action in (services.offer_decline, services.enrolment_withdraw) else {}
    try:
        action(actor=request.user, enrolment=enrolment, **kwargs)
    except ApplicationError as exc:
        messages.error(request, f"{enrolment.person.full_name}: {exc}")
    else:
        messages.success(request, done % {"name": enrolment.person.full_name})
    return redirect("venues:activity-detail", pk=enrolment.activity_id)


@require_POST
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_action(request, pk, services.offer_accept, _("%(name)s accepted the place and is enrolled."))


@require_POST
def offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_action(
        request, pk, services.offer_decline, _("%(name)s declined; the place was offered to the next person.")
    )


@require_POST
def enrolment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_action(request, pk, services.enrolment_withdraw, _("%(name)s left the activity."))


@require_POST
def enrolment_priority(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_action(request, pk, services.enrolment_priority_refresh, _("Priority recalculated for %(name)s."))


@require_POST
def enrolment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_action(request, pk, services.enrolment_complete, _("%(name)s completed the term."))


@require_GET
def enrolment_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """One participant's attendance in the activity (for staff answering "how often did she come?")."""
    enrolment = enrolment_or_404(request, pk)
    audit_read(actor=request.user, obj=enrolment.person, action="person.view", purpose="activity attendance")
    marks = enrolment.attendance.select_related("session").order_by("-session__date", "-session__starts_at")
    return render(
        request,
        "venues/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "summary": attendance_summary(enrolment),
            "marks": list(marks),
            "sms": list(enrolment.sms_messages.all()),
            "show_reasons": selectors.can_see_priority_reasons(request.user),
            "reasons": reason_labels(enrolment.priority_reasons),
            "can_run": selectors.can_run(request.user),
        },
    )
