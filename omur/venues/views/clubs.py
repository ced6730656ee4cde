"""Pensioners' clubs: the list, the door counter (find a member, check in), members and lapsed
memberships, new members and renewals."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omur.core.exceptions import ApplicationError
from omur.registry.models import Person
from omur.registry.selectors import person_search
from omur.services.models import Location
from omur.venues import selectors, services
from omur.venues.models import ClubCheckIn, ClubMembership

from .common import audit_listed, htmx


def _club(code: str) -> Location:
    try:
        return selectors.club_get(code=code)
    except Location.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def club_list(request: HttpRequest) -> HttpResponse:
    return render(request, "venues/club_list.html", {"clubs": list(selectors.clubs()), "today": timezone.localdate()})


def _counter_context(request: HttpRequest, club: Location) -> dict:
    q = request.GET.get("q", "").strip()
    members = selectors.club_members(club=club, q=q, limit=20) if q else []
    audit_listed(
        request, action="club_membership.list", object_type="venues.clubmembership", ids=[m.pk for m in members]
    )
    today = timezone.localdate()
    recent = list(
        ClubCheckIn.objects.filter(club=club, day=today).select_related("membership__person").order_by("-at")[:15]
    )
    return {
        "club": club,
        "q": q,
        "members": members,
        "today": today,
        "today_count": ClubCheckIn.objects.filter(club=club, day=today).count(),
        "recent": recent,
    }


@require_GET
def club_counter(request: HttpRequest, code: str) -> HttpResponse:
    club = _club(code)
    context = _counter_context(request, club)
    if htmx(request):
        return render(request, "venues/club_counter.html#results", context)
    context["days"] = selectors.club_day_counts(club=club, days=14)
    return render(request, "venues/club_counter.html", context)


@require_POST
def club_check_in(request: HttpRequest, code: str, membership_id: int) -> HttpResponse:
    club = _club(code)
    try:
        membership = ClubMembership.objects.select_related("person").get(pk=membership_id, club=club)
    except ClubMembership.DoesNotExist as exc:
        raise Http404 from exc
    result = services.club_check_in(actor=request.user, membership=membership)
    name = membership.person.full_name
    if not result.created:
        messages.info(request, _("%(name)s was already checked in today.") % {"name": name})
    elif result.expired:
        messages.warning(
            request,
            _("%(name)s is checked in, but the membership expired on %(date)s: ask them to renew.")
            % {"name": name, "date": membership.expires_on.strftime("%d.%m.%Y")},
        )
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": name})
    return redirect("venues:club-counter", code=club.code)


@require_GET
def club_members(request: HttpRequest, code: str) -> HttpResponse:
    club = _club(code)
    show = request.GET.get("durum", "")
    expired = True if show == "suresi-dolan" else (False if show == "gecerli" else None)
    q = request.GET.get("q", "").strip()
    members = selectors.club_members(club=club, q=q, expired=expired, limit=300)
    audit_listed(
        request, action="club_membership.list", object_type="venues.clubmembership", ids=[m.pk for m in members]
    )
    context = {"club": club, "members": members, "show": show, "q": q, "today": timezone.localdate()}
    template = "venues/club_members.html#results" if htmx(request) else "venues/club_members.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def club_member_create(request: HttpRequest, code: str) -> HttpResponse:
    club = _club(code)
    if request.method == "POST":
        pid = request.POST.get("person", "")
        person = Person.objects.filter(pk=int(pid)).first() if pid.isdigit() else None
        if person is None:
            messages.error(request, _("Choose a person from the search results."))
        else:
            try:
                membership = services.membership_create(actor=request.user, club=club, person=person)
            except ApplicationError as exc:
                messages.error(request, f"{person.full_name}: {exc}")
            else:
                messages.success(
                    request,
                    _("%(name)s is member number %(number)s until %(date)s.")
                    % {
                        "name": person.full_name,
                        "number": membership.number,
                        "date": membership.expires_on.strftime("%d.%m.%Y"),
                    },
                )
                return redirect("venues:club-counter", code=club.code)
    q = request.GET.get("q", "").strip()
    people = person_search(actor=request.user, q=q, limit=50)[0:15] if len(q) >= 2 else []
    audit_listed(
        request,
        action="person.search",
        object_type="registry.person",
        ids=[p.pk for p in people],
        purpose="club membership",
    )
    members = set(ClubMembership.objects.filter(club=club, person__in=people).values_list("person_id", flat=True))
    context = {"club": club, "q": q, "people": people, "members": members}
    template = "venues/club_member_form.html#results" if htmx(request) else "venues/club_member_form.html"
    return render(request, template, context)


@require_POST
def membership_renew(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        membership = ClubMembership.objects.select_related("club", "person").get(pk=pk)
    except ClubMembership.DoesNotExist as exc:
        raise Http404 from exc
    services.membership_renew(actor=request.user, membership=membership)
    messages.success(
        request,
        _("%(name)s's membership runs until %(date)s.")
        % {"name": membership.person.full_name, "date": membership.expires_on.strftime("%d.%m.%Y")},
    )
    back = request.POST.get("back", "")
    if back == "members":
        return redirect("venues:club-members", code=membership.club.code)
    return redirect("venues:club-counter", code=membership.club.code)
