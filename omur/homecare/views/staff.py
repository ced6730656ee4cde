"""Staff profiles and absences."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omur.core.exceptions import ApplicationError
from omur.homecare import selectors, services
from omur.homecare.forms import AbsenceForm, StaffFilterForm, StaffForm
from omur.homecare.models import PROFESSION_SKILLS, Absence, StaffMember


def staff_list(request: HttpRequest) -> HttpResponse:
    form = StaffFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.staff_list(
        q=data.get("q", ""), profession=data.get("profession", ""), active=None if data.get("inactive") else True
    )
    page = Paginator(qs, 40).get_page(request.GET.get("page"))
    template = "homecare/staff_list.html#results" if getattr(request, "htmx", False) else "homecare/staff_list.html"
    return render(request, template, {"form": form, "page": page, "today": timezone.localdate()})


def _save(request: HttpRequest, staff: StaffMember | None) -> HttpResponse:
    if request.method == "POST":
        form = StaffForm(request.POST)
        if form.is_valid():
            values = dict(form.cleaned_data)
            if not values["skills"]:
                values["skills"] = list(PROFESSION_SKILLS.get(values["profession"], ()))
            try:
                staff = services.staff_save(actor=request.user, staff=staff, **values)
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Staff profile saved."))
                return redirect("homecare:staff-detail", pk=staff.pk)
    else:
        form = StaffForm(initial=StaffForm.initial_for(staff) if staff else {"work_days": [0, 1, 2, 3, 4]})
    return render(request, "homecare/staff_form.html", {"form": form, "staff": staff})


@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save(request, get_object_or_404(StaffMember, pk=pk))


@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff = get_object_or_404(StaffMember.objects.select_related("base", "user"), pk=pk)
    form = AbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.absence_record(actor=request.user, staff=staff, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Absence recorded."))
            return redirect("homecare:staff-detail", pk=staff.pk)
    today = timezone.localdate()
    context = {
        "staff": staff,
        "form": form,
        "absences": staff.absences.order_by("-start_date")[:30],
        "upcoming": selectors.route_sheet(staff=staff, day=today),
        "today": today,
        "feed_url": request.build_absolute_uri(f"/evde-bakim/takvim/{staff.feed_token}.ics")
        if staff.feed_token
        else "",
    }
    return render(request, "homecare/staff_detail.html", context)


@require_POST
def absence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    absence = get_object_or_404(Absence, pk=pk)
    staff_id = absence.staff_id
    services.absence_delete(actor=request.user, absence=absence)
    messages.success(request, _("Absence removed."))
    return redirect("homecare:staff-detail", pk=staff_id)


@require_POST
def staff_feed(request: HttpRequest, pk: int) -> HttpResponse:
    staff = get_object_or_404(StaffMember, pk=pk)
    if request.POST.get("action") == "revoke":
        services.feed_token_revoke(actor=request.user, staff=staff)
        messages.success(request, _("Calendar link switched off."))
    else:
        services.feed_token_rotate(actor=request.user, staff=staff)
        messages.success(request, _("New calendar link made; the old one no longer works."))
    return redirect("homecare:staff-detail", pk=staff.pk)
