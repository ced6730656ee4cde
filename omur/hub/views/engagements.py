from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omur.geo.models import Municipality
from omur.hub import selectors
from omur.hub.forms import ActivityForm, EngagementCreateForm, EngagementMoveForm, EvidenceForm
from omur.hub.models import Engagement, Project, Stage
from omur.hub.services import engagements as services
from omur.hub.views.common import error_text, flash_error, form_errors


def _board_context(request: HttpRequest) -> dict[str, Any]:
    project = request.GET.get("project", "")
    mtype = request.GET.get("type", "")
    q = request.GET.get("q", "").strip()
    columns = selectors.engagement_board(
        project=int(project) if project.isdigit() else None, municipality_type=mtype, q=q
    )
    return {
        "columns": [
            {"stage": s, "label": label, "cards": cards, "moves": services.allowed_moves(s)}
            for s, label, cards in columns
        ],
        "stage_labels": dict(Stage.choices),
        "projects": Project.objects.order_by("name_tr"),
        "types": Municipality.Type.choices,
        "project": project,
        "type": mtype,
        "q": q,
        "today": timezone.localdate(),
    }


@require_GET
def engagement_board(request: HttpRequest) -> HttpResponse:
    template = "hub/engagement_board.html#board" if request.htmx else "hub/engagement_board.html"  # type: ignore[attr-defined]
    return render(request, template, _board_context(request))


@require_POST
def engagement_move(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_object_or_404(Engagement, pk=pk)
    form = EngagementMoveForm(request.POST)
    error = ""
    if not form.is_valid():
        error = form_errors(form)
    else:
        try:
            services.engagement_move(
                actor=request.user,
                engagement=engagement,
                to_stage=form.cleaned_data["to_stage"],
                on=form.cleaned_data["on"] or timezone.localdate(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            error = error_text(exc)
    if request.htmx and request.POST.get("from") == "board":  # type: ignore[attr-defined]
        context = _board_context(request)
        context["board_error"] = error
        context["board_message"] = (
            ""
            if error
            else _("%(engagement)s moved to “%(stage)s”.")
            % {
                "engagement": engagement,
                "stage": engagement.get_stage_display(),
            }
        )
        return render(request, "hub/engagement_board.html#board", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Stage changed: %(stage)s.") % {"stage": engagement.get_stage_display()})
    return redirect("hub:engagement-detail", pk=pk)


@require_http_methods(["GET", "POST"])
def engagement_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    if request.GET.get("municipality", "").isdigit():
        m = Municipality.objects.filter(pk=int(request.GET["municipality"])).first()
        if m:
            initial = {"province": m.province_id, "municipality": m.pk}
    if request.GET.get("project", "").isdigit():
        initial["project"] = int(request.GET["project"])
    form = EngagementCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            engagement = services.engagement_create(
                actor=request.user,
                municipality=form.chosen_municipality(),  # type: ignore[arg-type]
                project=data["project"],
                stage=data["stage"],
                on=data["on"],
                owner=data["owner"] or request.user,
                note=data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Engagement opened."))
            return redirect("hub:engagement-detail", pk=engagement.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "hub/engagement_form.html", {"form": form}, status=status)


@require_GET
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = selectors.engagement_detail(pk)
    today = timezone.localdate()
    return render(
        request,
        "hub/engagement_detail.html",
        {
            "e": engagement,
            "moves": [(s, Stage(s).label) for s in services.allowed_moves(engagement.stage)],
            "move_form": EngagementMoveForm(initial={"on": today}),
            "activity_form": ActivityForm(initial={"happened_on": today, "staff": request.user.pk}),
            "evidence_form": EvidenceForm(initial={"dated": today}),
            "contacts": engagement.municipality.hub_contacts.all(),
        },
    )


@require_POST
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_object_or_404(Engagement, pk=pk)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.activity_log(actor=request.user, engagement=engagement, **form.cleaned_data)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Activity logged."))
    return redirect("hub:engagement-detail", pk=pk)


@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = get_object_or_404(Engagement, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        data = form.cleaned_data
        try:
            services.evidence_add(
                actor=request.user,
                engagement=engagement,
                title=data["title"],
                dated=data["dated"],
                url=data["url"],
                upload=data["upload"] or None,
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Evidence added."))
    return redirect("hub:engagement-detail", pk=pk)
