from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from omur.core.text import fold_turkish
from omur.geo.models import Municipality, Province
from omur.hub import selectors
from omur.hub.forms import ContactForm
from omur.hub.models import MunicipalityContact
from omur.hub.services import partners as services
from omur.hub.views.common import flash_error, form_errors


@require_GET
def municipality_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    mtype = request.GET.get("type", "")
    province = request.GET.get("province", "")
    engaged = request.GET.get("engaged") == "1"
    qs = selectors.municipality_list(
        q=q, type=mtype, province=int(province) if province.isdigit() else None, engaged=engaged
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "type": mtype,
        "province": province,
        "engaged": engaged,
        "types": Municipality.Type.choices,
        "provinces": Province.objects.order_by("name"),
        "total": qs.count(),
    }
    template = "hub/municipality_list.html#results" if request.htmx else "hub/municipality_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
def municipality_detail(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.select_related("province", "district"), pk=pk)
    return render(
        request,
        "hub/municipality_detail.html",
        {
            "m": municipality,
            "contacts": municipality.hub_contacts.all(),
            "engagements": municipality.hub_engagements.select_related("project").order_by("project__name_tr"),
            "tours": municipality.hub_tours.order_by("-created_at"),
            "form": ContactForm(),
        },
    )


@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality, pk=pk)
    form = ContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.contact_add(actor=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Contact added."))
    return redirect("hub:municipality-detail", pk=pk)


@require_POST
def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(MunicipalityContact, pk=pk)
    municipality_pk = contact.municipality_id
    services.contact_remove(actor=request.user, contact=contact)
    messages.success(request, _("Contact removed."))
    return redirect("hub:municipality-detail", pk=municipality_pk)


@login_not_required
@require_GET
def municipality_options(request: HttpRequest) -> HttpResponse:
    """The municipality list of one province, for the pickers (public: the tour request form)."""
    raw = request.GET.get("province", "")
    rank = {t: i for i, t in enumerate(["buyuksehir", "il", "buyuksehir_ilce", "ilce", "belde"])}
    municipalities = sorted(
        Municipality.objects.filter(province_id=int(raw)) if raw.isdigit() else [],
        key=lambda m: (rank.get(m.type, 9), fold_turkish(m.name)),
    )
    return render(request, "hub/includes/municipality_options.html", {"municipalities": municipalities})
