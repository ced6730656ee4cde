"""The personal iCalendar feed (public URL, unguessable token, revocable).

Only the staff member's own visits from a week back to two weeks ahead; each event carries the
time, the kind of visit, the neighbourhood and district and the person's initials, never a full
name, phone or health detail: a calendar app syncs to servers outside the office's control.
"""

import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from omur.homecare import selectors
from omur.homecare.models import StaffMember


def _initials(person: object) -> str:
    given = getattr(person, "given_name", "") or ""
    family = getattr(person, "family_name", "") or ""
    return f"{given[:1]}. {family[:1]}.".strip()


@login_not_required
@require_GET
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    if len(token) < 20:
        raise Http404
    staff = StaffMember.objects.filter(feed_token=token, active=True).first()
    if staff is None:
        raise Http404
    cal = Calendar()
    cal.add("prodid", "-//Ömür//Evde Bakım//TR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Ömür · Ziyaretler")
    tz = timezone.get_current_timezone()
    stamp = timezone.now()
    for v in selectors.feed_visits(staff).select_related("person", "person__district", "person__neighbourhood"):
        start_t = v.planned_start or v.window_start
        end_t = (
            v.planned_end or (dt.datetime.combine(v.date, start_t) + dt.timedelta(minutes=v.duration_minutes)).time()
        )
        event = Event()
        event.add("uid", f"visit-{v.pk}@omur")
        event.add("dtstamp", stamp)
        event.add("dtstart", dt.datetime.combine(v.date, start_t, tzinfo=tz))
        event.add("dtend", dt.datetime.combine(v.date, max(end_t, start_t), tzinfo=tz))
        event.add("summary", f"{v.kind_label} · {_initials(v.person)}")
        area = ", ".join(
            p
            for p in [
                v.person.neighbourhood.name if v.person.neighbourhood else "",
                v.person.district.name if v.person.district else "",
            ]
            if p
        )
        if area:
            event.add("location", area)
        event.add("url", request.build_absolute_uri(f"/evde-bakim/ziyaret/{v.pk}/"))
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
