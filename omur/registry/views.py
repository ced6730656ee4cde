"""Registry pages: search, the person page, person and household forms. Views parse input, call
one service or selector and render; every page that shows a person's data logs the read."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from omur.core.audit import audit_read, audit_record
from omur.core.exceptions import ApplicationError
from omur.core.models import AuditEvent
from omur.core.tckn import mask_tckn
from omur.registry import selectors, services
from omur.registry.forms import (
    EmergencyContactForm,
    HeadChangeForm,
    HouseholdForm,
    HouseholdMemberForm,
    HouseholdMemberFormSet,
    PersonForm,
    PersonHealthForm,
    PersonSearchForm,
    ProcessingBasisForm,
    WithdrawForm,
)
from omur.registry.models import EmergencyContact, Household, HouseholdMember, Person, ProcessingBasis
from omur.registry.timeline import timeline_for

PAGE_SIZE = 25
# What the person page shows to every role allowed to open it (the audit event lists them).
_PAGE_FIELDS = [
    "name",
    "tckn_masked",
    "birth_date",
    "sex",
    "phones",
    "address",
    "lives_alone",
    "social_security",
    "household",
    "emergency_contacts",
    "legal_bases",
]


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _put_errors(form: Form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: beside the field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _person_or_404(pk: int) -> Person:
    try:
        return selectors.person_get(actor=None, pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None


# --- search -----------------------------------------------------------------------------------


@require_GET
def person_search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"],
            "district": data["district"].pk if data["district"] else None,
            "neighbourhood": data["neighbourhood"].pk if data["neighbourhood"] else None,
        }
    result = selectors.person_search(actor=request.user, **filters)
    # PersonSearchResult is sized and sliceable: each page loads its own rows.
    page = Paginator(cast(Any, result), PAGE_SIZE).get_page(request.GET.get("page"))
    if result.searched:
        # The list shows names and masked numbers: the search is logged with what it showed.
        audit_record(
            actor=request.user,
            action="person.search",
            kind=AuditEvent.Kind.READ,
            object_type="registry.person",
            changes={
                "q": _masked_query(filters.get("q", "")),
                "district": filters.get("district"),
                "neighbourhood": filters.get("neighbourhood"),
                "matches": len(result),
                "shown": [p.pk for p in page.object_list],
            },
        )
    context = {
        "form": form,
        "page": page,
        "result": result,
        "limit": selectors.SEARCH_LIMIT,
        "can_manage": selectors.can_manage_people(request.user),
    }
    template = "registry/person_search.html#results" if _is_htmx(request) else "registry/person_search.html"
    return render(request, template, context)


def _masked_query(q: str) -> str:
    """What was searched, for the trail, with a whole TC Kimlik No masked."""
    digits = "".join(ch for ch in q if ch.isdigit())
    if len(digits) == 11:
        return q.replace(digits, mask_tckn(digits)) if digits in q else mask_tckn(digits)
    return q


@require_GET
def neighbourhood_options(request: HttpRequest) -> HttpResponse:
    try:
        district = int(request.GET.get("district") or 0)
    except ValueError:
        district = 0
    neighbourhoods = selectors.mersin_neighbourhoods(district) if district else []
    return render(
        request, "registry/neighbourhood_options.html", {"neighbourhoods": neighbourhoods, "district": district}
    )


@require_GET
def person_options(request: HttpRequest) -> HttpResponse:
    """<option>s for the person pickers' datalist: "#id Name (masked number, birth year)"."""
    q = request.GET.get("q", "")
    result = selectors.person_search(actor=request.user, q=q, limit=20) if len(q.strip()) >= 2 else None
    people = result[0:20] if result else []
    return render(request, "registry/person_options.html", {"people": people})


# --- one person -------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, person: Person, **extra: Any) -> dict[str, Any]:
    user = request.user
    household = selectors.person_household(person=person)
    location = selectors.person_location(person)
    return {
        "person": person,
        "household": household,
        "location": location,
        "bases": list(person.processing_bases.all()),
        "contacts": list(person.emergency_contacts.all()),
        "timeline": timeline_for(person=person, actor=user),
        "can_manage": selectors.can_manage_people(user),
        "can_see_health": selectors.can_see_health(user),
        "can_reveal_tckn": selectors.can_reveal_tckn(user),
        **extra,
    }


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(pk)
    audit_read(actor=request.user, obj=person, fields=_PAGE_FIELDS)
    return render(request, "registry/person_detail.html", _detail_context(request, person))


@require_POST
def person_reveal_tckn(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    audit_read(actor=request.user, obj=person, action="person.tckn_view", fields=["tckn"])
    if _is_htmx(request):
        return render(request, "registry/person_detail.html#tckn", {"person": person, "tckn_revealed": True})
    person = _person_or_404(pk)
    return render(request, "registry/person_detail.html", _detail_context(request, person, tckn_revealed=True))


@require_POST
def person_health(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the special-category facts: an explicit, logged action."""
    person = get_object_or_404(Person, pk=pk)
    health = selectors.person_health(person=person)
    audit_read(actor=request.user, obj=person, action="person.health_view", fields=sorted(health) or ["none recorded"])
    context = {"person": person, "health": health, "health_revealed": True, "can_see_health": True}
    if _is_htmx(request):
        return render(request, "registry/person_detail.html#health", context)
    person = _person_or_404(pk)
    return render(
        request, "registry/person_detail.html", _detail_context(request, person, health=health, health_revealed=True)
    )


def person_health_update(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if request.method == "POST":
        form = PersonHealthForm(request.POST)
        if form.is_valid():
            try:
                services.person_health_update(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as exc:
                _put_errors(form, exc)
            else:
                messages.success(request, _("Special-category data saved."))
                return redirect("registry:person-detail", pk=person.pk)
    else:
        health = selectors.person_health(person=person)
        # Opening the form shows the current facts: a read like any other.
        audit_read(
            actor=request.user,
            obj=person,
            action="person.health_view",
            purpose="edit",
            fields=sorted(health) or ["none recorded"],
        )
        form = PersonHealthForm(initial=health)
    return render(request, "registry/person_health_form.html", {"person": person, "form": form})


def _person_form_page(request: HttpRequest, form: PersonForm, person: Person | None, **extra: Any) -> HttpResponse:
    return render(request, "registry/person_form.html", {"form": form, "person": person, **extra})


def person_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _person_form_page(request, PersonForm(), None)
    form = PersonForm(request.POST)
    if not form.is_valid():
        return _person_form_page(request, form, None)
    try:
        person = services.person_create(actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _put_errors(form, exc)
    except services.DuplicateTckn as exc:
        return _person_form_page(request, form, None, existing=exc.existing, error=str(exc))
    except services.PossibleDuplicates as exc:
        return _person_form_page(request, form, None, candidates=exc.candidates, error=str(exc))
    else:
        messages.success(request, _("%(name)s is registered.") % {"name": person.full_name})
        return redirect("registry:person-detail", pk=person.pk)
    return _person_form_page(request, form, None)


def person_update(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(pk)
    if request.method != "POST":
        audit_read(actor=request.user, obj=person, purpose="edit", fields=["identity", "contact", "address", "income"])
        return _person_form_page(request, PersonForm(initial=PersonForm.initial_for(person)), person)
    form = PersonForm(request.POST)
    if not form.is_valid():
        return _person_form_page(request, form, person)
    try:
        services.person_update(actor=request.user, person=person, **form.cleaned_data)
    except ValidationError as exc:
        _put_errors(form, exc)
    except services.DuplicateTckn as exc:
        return _person_form_page(request, form, person, existing=exc.existing, error=str(exc))
    except services.PossibleDuplicates as exc:
        return _person_form_page(request, form, person, candidates=exc.candidates, error=str(exc))
    else:
        messages.success(request, _("Changes saved."))
        return redirect("registry:person-detail", pk=person.pk)
    return _person_form_page(request, form, person)


# --- contacts and legal bases -----------------------------------------------------------------


def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    form = EmergencyContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.emergency_contact_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, _("Emergency contact added."))
            return redirect(reverse("registry:person-detail", args=[person.pk]) + "#contacts")
    return render(request, "registry/contact_form.html", {"person": person, "form": form})


@require_POST
def contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    contact = get_object_or_404(EmergencyContact, pk=contact_pk, person_id=pk)
    services.emergency_contact_remove(actor=request.user, contact=contact)
    messages.success(request, _("Emergency contact removed."))
    return redirect(reverse("registry:person-detail", args=[pk]) + "#contacts")


def basis_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    form = ProcessingBasisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.processing_basis_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _put_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Legal basis recorded."))
            return redirect(reverse("registry:person-detail", args=[person.pk]) + "#bases")
    return render(request, "registry/basis_form.html", {"person": person, "form": form})


@require_POST
def basis_withdraw(request: HttpRequest, pk: int, basis_pk: int) -> HttpResponse:
    basis = get_object_or_404(ProcessingBasis.objects.select_related("person"), pk=basis_pk, person_id=pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.processing_basis_withdraw(
                actor=request.user, basis=basis, withdrawn_on=form.cleaned_data["withdrawn_on"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Legal basis withdrawn; the record is kept."))
    else:
        messages.error(request, _("Give the date of the withdrawal."))
    return redirect(reverse("registry:person-detail", args=[pk]) + "#bases")


# --- households -------------------------------------------------------------------------------


@require_GET
def household_list(request: HttpRequest) -> HttpResponse:
    households = selectors.household_search(actor=request.user)
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "registry/household_list.html#results" if _is_htmx(request) else "registry/household_list.html"
    return render(request, template, {"page": page})


def household_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    head_pk = request.GET.get("head")
    if head_pk and head_pk.isdigit():
        head = Person.objects.filter(pk=int(head_pk)).first()
        if head is not None:
            initial["head"] = f"#{head.pk} {head.full_name}"
    form = HouseholdForm(request.POST or None, initial=initial)
    formset = HouseholdMemberFormSet(request.POST or None, prefix="members")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        members = [
            (f.cleaned_data["person"], f.cleaned_data["relation"]) for f in formset if f.cleaned_data.get("person")
        ]
        try:
            household = services.household_create(
                actor=request.user, head=form.cleaned_data["head"], members=members, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        except services.PersonInAnotherHousehold as exc:
            form.add_error(None, str(exc))
            return _household_form(request, form, formset, busy=exc.person)
        else:
            messages.success(request, _("Household registered."))
            return redirect("registry:household-detail", pk=household.pk)
    return _household_form(request, form, formset)


def _household_form(request: HttpRequest, form: Form, formset: Any, **extra: Any) -> HttpResponse:
    return render(request, "registry/household_form.html", {"form": form, "formset": formset, **extra})


def _household_or_404(pk: int) -> Household:
    try:
        return selectors.household_get(actor=None, pk=pk)
    except Household.DoesNotExist:
        raise Http404 from None


@require_GET
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household_or_404(pk)
    members = list(household.members.all())
    for member in members:
        audit_read(
            actor=request.user,
            obj=member.person,
            action="person.view",
            purpose=f"household #{household.pk}",
            fields=["name", "tckn_masked", "birth_date", "income"],
        )
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "members": members,
            "member_form": HouseholdMemberForm(),
            "head_form": HeadChangeForm(household=household) if len(members) > 1 else None,
        },
    )


@require_POST
def household_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_object_or_404(Household, pk=pk)
    form = HouseholdMemberForm(request.POST)
    if form.is_valid() and form.cleaned_data.get("person"):
        try:
            services.household_member_add(
                actor=request.user,
                household=household,
                person=form.cleaned_data["person"],
                relation=form.cleaned_data["relation"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Member added."))
    else:
        errors = [str(e) for errs in form.errors.values() for e in errs] or [
            _("Choose a person and their relation to the head.")
        ]
        messages.error(request, " ".join(errors))
    return redirect("registry:household-detail", pk=pk)


@require_POST
def household_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    member = get_object_or_404(HouseholdMember.objects.select_related("household"), pk=member_pk, household_id=pk)
    try:
        services.household_member_remove(actor=request.user, member=member)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Member removed from the household."))
    return redirect("registry:household-detail", pk=pk)


@require_POST
def household_head_change(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_object_or_404(Household, pk=pk)
    form = HeadChangeForm(request.POST, household=household)
    if form.is_valid():
        services.household_head_change(
            actor=request.user,
            household=household,
            new_head=form.cleaned_data["new_head"],
            former_head_relation=form.cleaned_data["former_head_relation"],
        )
        messages.success(request, _("The head of the household was changed."))
    else:
        messages.error(request, _("Choose the new head and the former head's relation to them."))
    return redirect("registry:household-detail", pk=pk)
