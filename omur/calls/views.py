"""Pages of the check-in call centre: the operator's page and call screen, the supervisors' live
dashboard, programmes (members, questions) and the needs raised in calls. Thin: each parses input,
calls one service or selector, and renders (htmx gets the page's partial)."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omur.calls import selectors, services
from omur.calls.forms import (
    DismissForm,
    MemberSearchForm,
    NeedAddForm,
    NeedForm,
    ProgrammeForm,
    QuestionFormSet,
    ReferForm,
    question_initial,
)
from omur.calls.models import (
    CONTACT_OUTCOMES,
    PERSON_OUTCOMES,
    Call,
    CallNeed,
    CallProgramme,
    NeedStatus,
    Outcome,
    ProgrammeMember,
    Step,
)
from omur.calls.permissions import OPERATOR_ROLES
from omur.core.access import user_roles
from omur.core.audit import audit_read, audit_record
from omur.core.exceptions import ApplicationError
from omur.core.models import AuditEvent
from omur.registry.models import EmergencyContact, Person

# Outcome buttons in the order and colour an operator expects: the common result first.
OUTCOME_STYLES = {
    Outcome.WELL: "success",
    Outcome.NEEDS_HELP: "warning",
    Outcome.NO_ANSWER: "secondary",
    Outcome.WRONG_NUMBER: "outline-secondary",
    Outcome.HOSPITALISED: "outline-danger",
    Outcome.DECEASED: "outline-dark",
    Outcome.CONTACT_WELL: "success",
    Outcome.CONTACT_NOT_REACHED: "secondary",
    Outcome.CONTACT_UNSURE: "danger",
}


def _audit_list(request: HttpRequest, *, action: str, ids: list[int], session_key: str = "") -> None:
    """One read event for a page listing people. For a page that polls (the dashboard), only when the
    set of people shown changed since this session last logged it: the trail records who saw whom,
    not every refresh."""
    if not ids:
        return
    if session_key:
        if request.session.get(session_key) == ids:
            return
        request.session[session_key] = ids
    audit_record(
        actor=request.user,
        action=action,
        kind=AuditEvent.Kind.READ,
        object_type="registry.person",
        changes={"ids": ids},
    )


# --- operator -------------------------------------------------------------------------------------


def work(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    held = services.call_held_by(actor=request.user, now=now)
    context = {"held": held, **selectors.operator_summary(actor=request.user, now=now)}
    _audit_list(request, action="call.my_list", ids=sorted({a.call.person_id for a in context["mine"]}))
    template = "calls/work.html#summary" if request.htmx else "calls/work.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_POST
def next_call(request: HttpRequest) -> HttpResponse:
    call = services.call_claim_next(actor=request.user)
    if call is None:
        messages.info(request, _("No call is due right now. The list refreshes by itself."))
        return redirect("calls:work")
    return redirect("calls:call", pk=call.pk)


def _call_or_404(pk: int) -> Call:
    try:
        return selectors.call_get(pk=pk)
    except Call.DoesNotExist as exc:
        raise Http404 from exc


def _answers_from(request: HttpRequest) -> dict[str, Any]:
    return {key[2:]: value for key, value in request.POST.items() if key.startswith("q_") and key[2:].isdigit()}


@require_http_methods(["GET", "POST"])
def call(request: HttpRequest, pk: int) -> HttpResponse:
    """The call screen: the operator holds the call while it is open here."""
    the_call = _call_or_404(pk)
    if not the_call.is_open:
        messages.info(request, _("This call is finished."))
        return redirect("calls:call-detail", pk=pk)
    error = ""
    need_form = NeedForm(request.POST or None)
    if request.method == "POST":
        outcome = request.POST.get("outcome", "")
        contact = None
        contact_id = request.POST.get("contact", "")
        if contact_id.isdigit():
            contact = EmergencyContact.objects.filter(pk=int(contact_id), person_id=the_call.person_id).first()
        need_form.is_valid()
        need = need_form.cleaned_data if need_form.is_bound and need_form.is_valid() else {}
        try:
            services.call_record(
                actor=request.user,
                call=the_call,
                outcome=outcome,
                answers=_answers_from(request),
                note=request.POST.get("note", ""),
                contact=contact,
                need_kind=need.get("need_kind", ""),
                need_description=need.get("need_description", ""),
                need_urgent=bool(need.get("need_urgent")),
            )
        except ApplicationError as exc:
            error = str(exc)
            the_call = _call_or_404(pk)
        else:
            the_call.refresh_from_db()
            messages.success(request, _message_after(the_call, outcome))
            if request.POST.get("then") == "next":
                return next_call(request)
            return redirect("calls:work")
    else:
        try:
            services.call_claim(actor=request.user, call=the_call)
        except ApplicationError as exc:
            messages.warning(request, str(exc))
            return redirect("calls:work")
    screen = selectors.call_screen(call=the_call)
    audit_read(actor=request.user, obj=the_call.person, action="person.view", purpose="checkin_call")
    outcomes = CONTACT_OUTCOMES if the_call.step == Step.CONTACT else PERSON_OUTCOMES
    context = {
        "screen": screen,
        "call": the_call,
        "person": the_call.person,
        "need_form": need_form,
        "error": error,
        "answers": _answers_from(request) if request.method == "POST" else {},
        "outcomes": [(o.value, o.label, OUTCOME_STYLES[o]) for o in outcomes],
        "is_contact_step": the_call.step == Step.CONTACT,
        "next_attempt": the_call.attempts + 1,
    }
    return render(request, "calls/call.html", context, status=400 if error else 200)


def _message_after(call: Call, outcome: str) -> str:
    if call.status == "retry":
        return _("No answer: the call comes back at %(time)s.") % {
            "time": timezone.localtime(call.due_at).strftime("%H:%M")
        }
    if call.status == "contact":
        return _("Now call the emergency contact: the call is back on the list first.")
    if call.status == "escalated":
        return _("Escalated: an urgent home visit is requested and the case manager has a task.")
    return _("Call recorded: %(outcome)s.") % {"outcome": Outcome(outcome).label}


@require_POST
def call_keep(request: HttpRequest, pk: int) -> HttpResponse:
    """The call screen's heartbeat (htmx, every minute): the claim stays while the screen is open."""
    the_call = _call_or_404(pk)
    try:
        services.call_claim(actor=request.user, call=the_call)
    except ApplicationError as exc:
        return HttpResponse(f'<p class="alert alert-warning small mb-0" role="alert">{exc}</p>', status=200)
    return HttpResponse(status=204)


@require_POST
def call_release(request: HttpRequest, pk: int) -> HttpResponse:
    services.call_release(actor=request.user, call=_call_or_404(pk))
    messages.info(request, _("The call is back on the list."))
    return redirect("calls:work")


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    the_call = _call_or_404(pk)
    audit_read(actor=request.user, obj=the_call.person, action="person.view", purpose="checkin_call")
    context = {
        "call": the_call,
        "person": the_call.person,
        "attempts": selectors.call_history(call=the_call),
        "needs": the_call.needs.select_related("request", "referral").order_by("raised_at"),
        "need_form": NeedAddForm(),
        "may_add_need": bool(user_roles(request.user) & OPERATOR_ROLES),
    }
    return render(request, "calls/call_detail.html", context)


@require_POST
def need_add(request: HttpRequest, pk: int) -> HttpResponse:
    the_call = _call_or_404(pk)
    form = NeedAddForm(request.POST)
    if form.is_valid():
        try:
            services.need_raise(
                actor=request.user,
                call=the_call,
                kind=form.cleaned_data["need_kind"],
                description=form.cleaned_data["need_description"],
                urgent=form.cleaned_data["need_urgent"],
            )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Need recorded."))
    else:
        messages.error(request, _("Choose the kind of help and describe the need."))
    return redirect("calls:call-detail", pk=pk)


# --- supervisors ------------------------------------------------------------------------------------


def dashboard(request: HttpRequest) -> HttpResponse:
    board = selectors.dashboard()
    ids = sorted({c.person_id for c in [*board.escalations, *board.contact_steps]})
    _audit_list(request, action="call.dashboard", ids=ids, session_key="calls-dashboard-ids")
    template = "calls/dashboard.html#board" if request.htmx else "calls/dashboard.html"  # type: ignore[attr-defined]
    return render(request, template, {"board": board})


@require_POST
def lists_generate(request: HttpRequest) -> HttpResponse:
    added = services.call_lists_generate_all(actor=request.user)
    if added:
        total = sum(added.values())
        messages.success(request, _("Today's lists are ready; %(n)s calls added.") % {"n": total})
    else:
        messages.info(request, _("No programme calls today."))
    return redirect("calls:dashboard")


def programme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "calls/programme_list.html", {"programmes": selectors.programme_list()})


def _programme_or_404(pk: int) -> CallProgramme:
    try:
        return selectors.programme_get(pk=pk)
    except CallProgramme.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    programme = _programme_or_404(pk) if pk is not None else None
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.PROGRAMME_FIELDS}
        try:
            saved = services.programme_save(actor=request.user, programme=programme, **values)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Programme saved."))
            return redirect("calls:programme-detail", pk=saved.pk)
    return render(
        request,
        "calls/programme_form.html",
        {"form": form, "programme": programme},
        status=400 if request.method == "POST" else 200,
    )


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    search = MemberSearchForm(request.GET or None)
    found: list[Person] = []
    if search.is_valid() and search.cleaned_data["q"]:
        from omur.registry.selectors import person_search

        found = person_search(actor=request.user, q=search.cleaned_data["q"])[:20]
    members = Paginator(selectors.programme_members(programme=programme).order_by("person__family_name"), 50)
    page = members.get_page(request.GET.get("page"))
    ids = [m.person_id for m in page.object_list] + [p.pk for p in found]
    _audit_list(request, action="call_programme.members", ids=ids)
    today = timezone.localdate()
    rule_count = services.programme_people(programme, today).count()
    return render(
        request,
        "calls/programme_detail.html",
        {
            "programme": programme,
            "page": page,
            "search": search,
            "found": found,
            "people_today": rule_count,
            "calls_today": programme.calls_on(today),
        },
    )


@require_http_methods(["GET", "POST"])
def questions_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    formset = QuestionFormSet(request.POST or None, initial=question_initial(list(programme.questions.all())))
    error = ""
    if request.method == "POST" and formset.is_valid():
        # ordered_forms: by the "order" numbers typed, deleted rows left out, unnumbered rows last.
        rows = [f.cleaned_data for f in formset.ordered_forms if f.cleaned_data]
        try:
            services.questions_save(actor=request.user, programme=programme, rows=rows)
        except ApplicationError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Questions saved."))
            return redirect("calls:programme-detail", pk=pk)
    return render(
        request,
        "calls/questions_form.html",
        {"programme": programme, "formset": formset, "error": error},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    person_id = request.POST.get("person", "")
    person = get_object_or_404(Person, pk=int(person_id)) if person_id.isdigit() else None
    if person is None:
        raise Http404
    try:
        services.member_add(actor=request.user, programme=programme, person=person)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s added to the programme.") % {"name": person.full_name})
    return redirect("calls:programme-detail", pk=pk)


@require_POST
def member_remove(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    member = get_object_or_404(ProgrammeMember, pk=member_id, programme_id=pk)
    services.member_remove(actor=request.user, member=member)
    messages.success(request, _("Removed from the programme."))
    return redirect("calls:programme-detail", pk=pk)


@require_POST
def list_generate(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme_or_404(pk)
    call_list, added = services.call_list_generate(actor=request.user, programme=programme)
    if call_list is None:
        messages.info(request, _("This programme does not call today."))
    else:
        messages.success(request, _("Today's list is ready; %(n)s calls added.") % {"n": added})
    return redirect("calls:programme-detail", pk=pk)


def need_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", NeedStatus.AWAITING_REFERRAL)
    if status not in NeedStatus.values and status != "all":
        status = NeedStatus.AWAITING_REFERRAL
    page = Paginator(selectors.need_list(status="" if status == "all" else status), 30).get_page(
        request.GET.get("page")
    )
    _audit_list(request, action="call_need.list", ids=sorted({n.person_id for n in page.object_list}))
    return render(
        request,
        "calls/need_list.html",
        {"page": page, "status": status, "statuses": NeedStatus.choices, "refer_form": ReferForm()},
    )


def _need_or_404(pk: int) -> CallNeed:
    try:
        return CallNeed.objects.select_related("person", "call").get(pk=pk)
    except CallNeed.DoesNotExist as exc:
        raise Http404 from exc


@require_POST
def need_refer(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(pk)
    form = ReferForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason for the referral."))
        return redirect("calls:need-list")
    try:
        services.need_refer(actor=request.user, need=need, reason=form.cleaned_data["reason"])
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect("calls:need-list")
    messages.success(request, _("Referral sent."))
    return redirect("cases:referral-detail", pk=need.referral_id)


@require_POST
def need_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why no referral is needed."))
    else:
        try:
            services.need_dismiss(actor=request.user, need=need, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Need closed without a referral."))
    return redirect("calls:need-list")
