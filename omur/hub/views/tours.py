from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omur.core.audit import audit_read
from omur.core.middleware import client_ip
from omur.hub import selectors
from omur.hub.forms import (
    FeedbackForm,
    StaffTourRequestForm,
    StopForm,
    TourCloseForm,
    TourRequestForm,
    TourScheduleForm,
    VisitorForm,
)
from omur.hub.models import Project, Tour, TourStatus, TourStop, VisitorEntry
from omur.hub.services import tours as services
from omur.hub.views.common import flash_error, form_errors
from omur.intake.ratelimit import rate_limit_hit

SESSION_TOUR = "hub_tour_request"


def _limit(name: str, default: tuple[int, int]) -> tuple[int, int]:
    return tuple(getattr(settings, name, default))  # type: ignore[return-value]


def _rate_limited(request: HttpRequest, scope: str, limit: tuple[int, int]) -> bool:
    count, period = limit
    return not rate_limit_hit(scope=scope, ident=client_ip(request) or "unknown", limit=count, period=period)


# --- staff -------------------------------------------------------------------------------------


@require_GET
def tour_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in TourStatus.values:
        status = ""
    page = Paginator(selectors.tour_list(status=status), 25).get_page(request.GET.get("page"))
    counts = {s: Tour.objects.filter(status=s).count() for s in TourStatus.values}
    return render(
        request,
        "hub/tour_list.html",
        {"page": page, "status": status, "statuses": TourStatus.choices, "counts": counts},
    )


def _tour_context(request: HttpRequest, tour: Tour) -> dict[str, Any]:
    check = selectors.itinerary_check(tour)
    visitors = list(tour.visitors.all())
    feedback = list(tour.feedback.all())
    follow_up = services.follow_up_projects(tour)
    return {
        "tour": tour,
        "check": check,
        "stop_form": StopForm(),
        "schedule_form": TourScheduleForm(
            initial={
                "visit_on": tour.visit_on or tour.preferred_from,
                "coordinator": tour.coordinator_id or request.user.pk,
            }
        ),
        "close_form": TourCloseForm(),
        "visitor_form": VisitorForm(initial={"group": tour.organisation, "head_count": tour.head_count}),
        "visitors": visitors,
        "visitor_total": sum(v.head_count for v in visitors),
        "feedback": feedback,
        "feedback_url": request.build_absolute_uri(reverse("hub:tour-feedback", kwargs={"token": tour.feedback_token})),
        "feedback_open": services.feedback_open(tour),
        "follow_up_projects": follow_up,
        "sites": selectors.tour_sites(),
        "editable": tour.status in (TourStatus.REQUESTED, TourStatus.PLANNED),
        "today": timezone.localdate(),
    }


@require_GET
def tour_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tour = selectors.tour_detail(pk)
    # The page shows the contact person's name and phone, and any visitor names.
    audit_read(actor=request.user, obj=tour, action="tour.view")
    return render(request, "hub/tour_detail.html", _tour_context(request, tour))


@require_POST
def tour_action(request: HttpRequest, pk: int) -> HttpResponse:
    tour = get_object_or_404(Tour, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "schedule":
            form = TourScheduleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form_errors(form))
            services.tour_schedule(actor=request.user, tour=tour, **form.cleaned_data)
            messages.success(request, _("Visit planned for %(day)s.") % {"day": tour.visit_on.strftime("%d.%m.%Y")})  # type: ignore[union-attr]
        elif action == "complete":
            services.tour_complete(actor=request.user, tour=tour)
            messages.success(request, _("Visit marked completed. Send the feedback link to the delegation."))
        elif action == "close":
            close = TourCloseForm(request.POST)
            if not close.is_valid():
                raise ValidationError(form_errors(close))
            services.tour_close(actor=request.user, tour=tour, **close.cleaned_data)
            messages.success(request, _("Tour closed."))
        elif action == "follow_up":
            created, updated = services.tour_follow_up(actor=request.user, tour=tour)
            messages.success(
                request,
                _("%(created)s engagement(s) opened, %(updated)s existing one(s) updated.")
                % {"created": len(created), "updated": len(updated)},
            )
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect("hub:tour-detail", pk=pk)


def _itinerary_response(request: HttpRequest, tour: Tour) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "hub/tour_detail.html#itinerary", _tour_context(request, selectors.tour_detail(tour.pk)))
    return redirect("hub:tour-detail", pk=tour.pk)


@require_POST
def stop_save(request: HttpRequest, pk: int, stop_pk: int | None = None) -> HttpResponse:
    tour = get_object_or_404(Tour, pk=pk)
    stop = get_object_or_404(TourStop, pk=stop_pk, tour=tour) if stop_pk else None
    form = StopForm(request.POST, prefix=f"stop{stop_pk}" if stop_pk else None)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.tour_stop_save(actor=request.user, tour=tour, stop=stop, **form.cleaned_data)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Itinerary updated."))
    return _itinerary_response(request, tour)


@require_POST
def stop_remove(request: HttpRequest, pk: int, stop_pk: int) -> HttpResponse:
    stop = get_object_or_404(TourStop, pk=stop_pk, tour_id=pk)
    try:
        services.tour_stop_remove(actor=request.user, stop=stop)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Stop removed."))
    return _itinerary_response(request, stop.tour)


@require_POST
def visitor_add(request: HttpRequest, pk: int) -> HttpResponse:
    tour = get_object_or_404(Tour, pk=pk)
    form = VisitorForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.visitor_add(actor=request.user, tour=tour, **form.cleaned_data)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Visitors recorded."))
    return redirect("hub:tour-detail", pk=pk)


@require_POST
def visitor_remove(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    entry = get_object_or_404(VisitorEntry, pk=entry_pk, tour_id=pk)
    services.visitor_remove(actor=request.user, entry=entry)
    messages.success(request, _("Register line removed."))
    return redirect("hub:tour-detail", pk=pk)


# --- public ------------------------------------------------------------------------------------


def _submit_request(form: TourRequestForm, **extra: Any) -> Tour | None:
    """The form's request through the one write path (services.tour_request_submit); None with the
    service's refusal added to the form."""
    data = form.cleaned_data
    try:
        return services.tour_request_submit(
            kind=data["kind"],
            organisation=data["organisation"],
            municipality=form.chosen_municipality()
            if data["kind"] in ("metropolitan", "provincial", "district", "town")
            else None,
            contact_name=data["contact_name"],
            contact_title=data["contact_title"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
            preferred_from=data["preferred_from"],
            preferred_to=data["preferred_to"],
            head_count=data["head_count"],
            interests=data["interests"],
            message=data["message"],
            **extra,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@require_http_methods(["GET", "POST"])
def tour_record(request: HttpRequest) -> HttpResponse:
    """A request taken by a coordinator by phone, e-mail or in person: not rate-limited, and the
    coordinator is the request's author in the audit trail."""
    form = StaffTourRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            tour = _submit_request(
                form,
                actor=request.user,
                channel=form.cleaned_data["channel"],
                language=form.cleaned_data["language"],
            )
            if tour is not None:
                messages.success(request, _("The request is recorded; plan the visit below."))
                return redirect("hub:tour-detail", pk=tour.pk)
        return render(request, "hub/tour_record.html", {"form": form}, status=400)
    return render(request, "hub/tour_record.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def tour_request(request: HttpRequest) -> HttpResponse:
    form = TourRequestForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST":
        # Counted before validation, so junk is limited like valid requests.
        if _rate_limited(request, "hub-tour-request", _limit("OMUR_HUB_TOUR_REQUEST_LIMIT", (5, 3600))):
            context["rate_limited"] = True
            return render(request, "hub/public_tour_request.html", context, status=429)
        if form.is_valid():
            tour = _submit_request(form, language=get_language() or "tr")
            if tour is not None:
                request.session[SESSION_TOUR] = tour.pk
                return redirect("hub:tour-request-done")
        return render(request, "hub/public_tour_request.html", context, status=400)
    return render(request, "hub/public_tour_request.html", context)


@login_not_required
@require_GET
def tour_request_done(request: HttpRequest) -> HttpResponse:
    tour = Tour.objects.filter(pk=request.session.get(SESSION_TOUR) or 0).first()
    return render(request, "hub/public_tour_request_done.html", {"tour": tour})


@login_not_required
@require_http_methods(["GET", "POST"])
def tour_feedback(request: HttpRequest, token: str) -> HttpResponse:
    tour = Tour.objects.filter(feedback_token=token).first()
    if tour is None or tour.status in (TourStatus.DECLINED, TourStatus.CANCELLED):
        raise Http404
    stops = Project.objects.filter(pk__in=TourStop.objects.filter(tour=tour, project__isnull=False).values("project"))
    projects = (Project.objects.filter(is_published=True) | stops | tour.interests.all()).distinct().order_by("name_tr")
    form = FeedbackForm(request.POST or None, projects=projects)
    context: dict[str, Any] = {"form": form, "tour": tour, "open": services.feedback_open(tour)}
    if request.method == "POST":
        if _rate_limited(request, "hub-feedback", _limit("OMUR_HUB_FEEDBACK_LIMIT", (10, 3600))):
            context["rate_limited"] = True
            return render(request, "hub/public_feedback.html", context, status=429)
        if form.is_valid():
            try:
                services.feedback_submit(tour=tour, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("hub:tour-feedback-done", token=token)
        return render(request, "hub/public_feedback.html", context, status=400)
    return render(request, "hub/public_feedback.html", context)


@login_not_required
@require_GET
def tour_feedback_done(request: HttpRequest, token: str) -> HttpResponse:
    get_object_or_404(Tour, feedback_token=token)
    return render(request, "hub/public_feedback_done.html")
