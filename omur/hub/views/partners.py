from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omur.hub.forms import JointWorkForm, PartnerForm, ProtocolForm
from omur.hub.models import Partner, PartnerKind
from omur.hub.services import partners as services
from omur.hub.views.common import flash_error, form_errors


@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    partners = Partner.objects.prefetch_related("protocols", "joint_works__project").order_by("name")
    if kind in PartnerKind.values:
        partners = partners.filter(kind=kind)
    return render(request, "hub/partner_list.html", {"partners": partners, "kind": kind, "kinds": PartnerKind.choices})


@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk) if pk else None
    initial = {f: getattr(partner, f) for f in services.PARTNER_FIELDS} if partner else {}
    form = PartnerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.partner_save(actor=request.user, partner=partner, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Partner saved."))
            return redirect("hub:partner-detail", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "hub/partner_form.html", {"form": form, "partner": partner}, status=status)


@require_GET
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner.objects.prefetch_related("protocols__projects", "joint_works__project"), pk=pk)
    return render(
        request,
        "hub/partner_detail.html",
        {"partner": partner, "protocol_form": ProtocolForm(), "work_form": JointWorkForm(partner=partner)},
    )


@require_POST
def protocol_add(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    form = ProtocolForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        data = form.cleaned_data
        try:
            services.protocol_add(
                actor=request.user,
                partner=partner,
                title=data["title"],
                signed_on=data["signed_on"],
                valid_to=data["valid_to"],
                scope=data["scope"],
                projects=data["projects"],
                upload=data["upload"] or None,
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Protocol added."))
    return redirect("hub:partner-detail", pk=pk)


@require_POST
def joint_work_add(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    form = JointWorkForm(request.POST, partner=partner)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.joint_work_add(actor=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Joint work added."))
    return redirect("hub:partner-detail", pk=pk)
