from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omur.core.audit import audit_read, audit_record
from omur.core.exceptions import ApplicationError
from omur.core.middleware import client_ip
from omur.core.models import AuditEvent
from omur.intake import selectors, services
from omur.intake.forms import (
    AssignForm,
    PublicApplicationForm,
    RequestCreateForm,
    RequestFilterForm,
    TrackForm,
    TransitionForm,
)
from omur.intake.models import Request, format_tracking_code
from omur.intake.ratelimit import rate_limit_hit
from omur.intake.workflow import action_for, actions_for, humanise_duration, stints, time_in_status

PAGE_SIZE = 25
SESSION_TRACKING_CODE = "intake_last_tracking_code"


# --- staff pages -------------------------------------------------------------------------------


def request_list(request: HttpRequest) -> HttpResponse:
    form = RequestFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    page = Paginator(selectors.request_list(actor=request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    if page.object_list:
        # One read event for the page: who saw which requests (names of requesters are on it).
        audit_record(
            actor=request.user,
            action="request.list",
            kind=AuditEvent.Kind.READ,
            object_type="intake.request",
            changes={"ids": [r.pk for r in page.object_list]},
        )
    template = "intake/request_list.html#results" if request.htmx else "intake/request_list.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page": page})


@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    if request.method == "GET" and request.GET.get("person", "").isdigit():
        initial["person"] = int(request.GET["person"])
    form = RequestCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            req = services.request_create(
                actor=request.user,
                channel=data["channel"],
                external_ticket_id=data["external_ticket_id"],
                person=data["person"],
                caller_name=data["caller_name"],
                caller_phone=data["caller_phone"],
                district=data["district"],
                neighbourhood=data["neighbourhood"],
                category=data["category"],
                description=data["description"],
                urgency=data["urgency"],
                assignee=data["assignee"],
                send_sms=data["send_sms"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Request #%(pk)s recorded. Tracking code: %(code)s")
                % {"pk": req.pk, "code": req.tracking_code_display},
            )
            return redirect("intake:request-detail", pk=req.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/request_create.html", {"form": form}, status=status)


@require_GET
def person_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    people = selectors.person_candidates(actor=request.user, query=query)
    if people:
        audit_record(
            actor=request.user,
            action="person.search",
            kind=AuditEvent.Kind.READ,
            object_type="registry.person",
            purpose="intake",
            changes={"ids": [p.pk for p in people]},
        )
    return render(request, "intake/request_create.html#person-results", {"people": people, "query": query.strip()})


def _detail_context(request: HttpRequest, req: Request) -> dict[str, Any]:
    now = timezone.now()
    history = list(req.history.all())
    stint_by_row = dict(zip([h.pk for h in history], stints(history, now=now), strict=True))
    rows = [
        {"change": h, "stint": stint_by_row[h.pk], "duration": humanise_duration(stint_by_row[h.pk].duration)}
        for h in history
    ]
    totals = [
        {"status": status, "label": Request(status=status).get_status_display(), "duration": humanise_duration(d)}
        for status, d in time_in_status(history, now=now).items()
    ]
    return {
        "req": req,
        "history_rows": rows,
        "totals": totals,
        "actions": actions_for(status=req.status, user=request.user),
        "assign_form": AssignForm(initial={"assignee": req.assignee_id}),
        "sms_messages": list(req.sms_messages.all()),
        "person_url": selectors.person_url(req.person_id),
        "sms_number": services.sms_number_for(req),
        "today": timezone.localdate(),
    }


def _get_request(pk: int) -> Request:
    try:
        return selectors.request_detail(pk=pk)
    except Request.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = _get_request(pk)
    audit_read(actor=request.user, obj=req, action="request.view")
    if req.person is not None:
        audit_read(actor=request.user, obj=req.person, action="person.view", purpose=f"intake request #{req.pk}")
    return render(request, "intake/request_detail.html", _detail_context(request, req))


@require_POST
def request_transition(request: HttpRequest, pk: int) -> HttpResponse:
    req = _get_request(pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was not complete: try again."))
        return redirect("intake:request-detail", pk=pk)
    action = action_for(req.status, form.cleaned_data["action"])
    if action is None:
        messages.error(request, _("This step is no longer possible: the request's status has changed."))
        return redirect("intake:request-detail", pk=pk)
    try:
        services.request_transition(
            actor=request.user,
            req=req,
            to_status=action.to_status,
            decision=action.decision,
            note=form.cleaned_data["note"],
            assessment_on=form.cleaned_data["assessment_on"],
            send_sms=form.cleaned_data["send_sms"],
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Status changed: %(status)s.") % {"status": req.status_label})
    return redirect("intake:request-detail", pk=pk)


@require_POST
def request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    req = _get_request(pk)
    if request.POST.get("to_me"):
        assignee = request.user
    else:
        form = AssignForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose someone from the list."))
            return redirect("intake:request-detail", pk=pk)
        assignee = form.cleaned_data["assignee"]
    try:
        services.request_assign(actor=request.user, req=req, assignee=assignee)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Assignment saved."))
    return redirect("intake:request-detail", pk=pk)


# --- public pages (no login) -------------------------------------------------------------------


def _rate_limited(request: HttpRequest, scope: str, limit: tuple[int, int]) -> bool:
    count, period = limit
    return not rate_limit_hit(scope=scope, ident=client_ip(request) or "unknown", limit=count, period=period)


@login_not_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = PublicApplicationForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST":
        # Counted before validation: a bot sending junk is refused as soon as one sending valid data.
        if _rate_limited(request, "intake-apply", settings.OMUR_INTAKE_APPLY_LIMIT):
            context["rate_limited"] = True
            return render(request, "intake/public_apply.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            req = services.request_submit_public(
                name=data["name"],
                phone=data["phone"],
                category=data["category"],
                description=data["description"],
                district=data["district"],
                neighbourhood=data["neighbourhood"],
                language=get_language() or settings.LANGUAGE_CODE,
            )
            request.session[SESSION_TRACKING_CODE] = req.tracking_code
            return redirect("intake:apply-done")
        return render(request, "intake/public_apply.html", context, status=400)
    return render(request, "intake/public_apply.html", context)


@login_not_required
@require_GET
def apply_done(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SESSION_TRACKING_CODE, "")
    return render(request, "intake/public_apply_done.html", {"code": format_tracking_code(code)})


@login_not_required
@require_GET
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.GET:
        if _rate_limited(request, "intake-track", settings.OMUR_INTAKE_TRACK_LIMIT):
            context["rate_limited"] = True
            return render(request, "intake/public_track.html", context, status=429)
        if form.is_valid():
            result = selectors.public_status_for(form.cleaned_data["kod"])
            if result is None:
                context["not_found"] = True
            else:
                context["result"] = result
                context["code"] = format_tracking_code(form.cleaned_data["kod"])
        else:
            status = 400
    return render(request, "intake/public_track.html", context, status=status)


@login_not_required
@require_GET
def neighbourhood_options(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("district", "")
    district_id = int(raw) if raw.isdigit() else None
    context: dict[str, Any] = {"neighbourhoods": selectors.neighbourhoods_of(district_id)}
    if not district_id:
        groups: dict[str, list[Any]] = {}
        for hood in selectors.mersin_neighbourhoods():
            groups.setdefault(hood.district.name, []).append(hood)
        context["groups"] = list(groups.items())
    return render(request, "intake/includes/neighbourhood_options.html", context)
