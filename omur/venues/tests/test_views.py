"""Pages: status, scoping by role, htmx behaviour, denial of the wrong persona."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from omur.registry.tests.factories import PersonFactory
from omur.venues import services
from omur.venues.models import Attendance, Enrolment, Session
from omur.venues.tests.factories import ActivityFactory


@pytest.fixture
def today_session(centre_staff: Any) -> Any:
    today = timezone.localdate()
    activity = ActivityFactory(
        starts_on=today - dt.timedelta(days=7), ends_on=today + dt.timedelta(days=30), capacity=3
    )
    session = Session.objects.create(activity=activity, date=today, starts_at=dt.time(10), ends_at=dt.time(11))
    enrolment = services.enrolment_create(actor=centre_staff, activity=activity, person=PersonFactory())
    return activity, session, enrolment


def test_activity_pages_for_centre_staff(client_as: Any, centre_staff: Any, today_session: Any) -> None:
    activity, session, enrolment = today_session
    client = client_as(centre_staff)
    assert client.get(reverse("venues:activity-list")).status_code == 200
    page = client.get(reverse("venues:activity-detail", kwargs={"pk": activity.pk}))
    assert page.status_code == 200 and enrolment.person.full_name in page.content.decode()
    assert client.get(reverse("venues:session-attendance", kwargs={"pk": session.pk})).status_code == 200


def test_activity_list_htmx_returns_the_results_partial(client_as: Any, centre_staff: Any, today_session: Any) -> None:
    response = client_as(centre_staff).get(reverse("venues:activity-list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and 'data-testid="activity-table"' in body


def test_enrol_from_the_page_and_waitlist_message(client_as: Any, social_worker: Any, today_session: Any) -> None:
    activity, _session, _enrolment = today_session
    client = client_as(social_worker)
    people = PersonFactory.create_batch(3)
    for person in people:
        response = client.post(reverse("venues:enrol", kwargs={"pk": activity.pk}), {"person": person.pk})
        assert response.status_code == 302
    statuses = list(Enrolment.objects.filter(activity=activity).order_by("pk").values_list("status", flat=True))
    assert statuses == ["enrolled", "enrolled", "enrolled", "waiting"]


def test_enrol_search_shows_eligibility(client_as: Any, centre_staff: Any, today_session: Any) -> None:
    activity, _s, _e = today_session
    PersonFactory(given_name="İsmail", family_name="Özdemir")
    response = client_as(centre_staff).get(reverse("venues:enrol-search", kwargs={"pk": activity.pk}), {"q": "ismail"})
    assert response.status_code == 200 and "İsmail Özdemir" in response.content.decode()


def test_attendance_toggle_by_htmx_swaps_the_row(client_as: Any, centre_staff: Any, today_session: Any) -> None:
    _activity, session, enrolment = today_session
    url = reverse("venues:attendance-mark", kwargs={"pk": session.pk, "enrolment_id": enrolment.pk})
    response = client_as(centre_staff).post(url, {"status": "present"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and f'id="row-{enrolment.pk}"' in body and "<html" not in body
    # The counts come along as an out-of-band swap, already counting this mark.
    assert 'id="att-counts"' in body and 'hx-swap-oob="outerHTML"' in body
    assert '<div class="figure-value" data-testid="count-present">1</div>' in body
    assert Attendance.objects.get(session=session, enrolment=enrolment).status == "present"


def test_therapist_sees_only_the_programmes_they_lead(
    client_as: Any, therapist: Any, centre_staff: Any, today_session: Any
) -> None:
    activity, session, enrolment = today_session
    mine = ActivityFactory(kind="therapy", leader=therapist, name="Ebeveyn Çemberi")
    client = client_as(therapist)
    body = client.get(reverse("venues:activity-list")).content.decode()
    assert "Ebeveyn Çemberi" in body and activity.name not in body
    assert client.get(reverse("venues:activity-detail", kwargs={"pk": activity.pk})).status_code == 404
    assert client.get(reverse("venues:activity-detail", kwargs={"pk": mine.pk})).status_code == 200
    url = reverse("venues:attendance-mark", kwargs={"pk": session.pk, "enrolment_id": enrolment.pk})
    assert client.post(url, {"status": "present"}).status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "method"),
    [
        ("kitchen_staff", "venues:activity-list", {}, "get"),
        ("caregiver", "venues:facility-list", {}, "get"),
        ("social_worker", "venues:activity-create", {}, "get"),
        ("social_worker", "venues:offer-accept", {"pk": 1}, "post"),
        ("therapist", "venues:enrol", {"pk": 1}, "post"),
        ("social_worker", "venues:ku-dashboard", {}, "get"),
        ("call_operator", "venues:club-list", {}, "get"),
        ("therapist", "venues:certificate-pdf", {"pk": 1}, "get"),
        ("nurse", "venues:sessions-today", {}, "get"),
        ("auditor", "venues:session-attendance", {"pk": 1}, "get"),
    ],
)
def test_wrong_persona_is_refused(
    request: Any, client_as: Any, persona: str, name: str, kwargs: dict, method: str
) -> None:
    user = request.getfixturevalue(persona)
    response = getattr(client_as(user), method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 403


def test_social_worker_may_not_withdraw_but_may_see_the_waitlist(
    client_as: Any, social_worker: Any, today_session: Any
) -> None:
    activity, _s, enrolment = today_session
    client = client_as(social_worker)
    assert client.get(reverse("venues:activity-detail", kwargs={"pk": activity.pk})).status_code == 200
    assert client.post(reverse("venues:enrolment-withdraw", kwargs={"pk": enrolment.pk})).status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_activity_list_query_count_does_not_grow(
    client_as: Any, centre_staff: Any, django_assert_max_num_queries: Any
) -> None:
    ActivityFactory.create_batch(15)
    client = client_as(centre_staff)
    client.get(reverse("venues:activity-list"))
    with django_assert_max_num_queries(14):
        client.get(reverse("venues:activity-list"))


def test_indicators_and_timeline(centre_staff: Any, social_worker: Any, today_session: Any) -> None:
    from omur.core.indicators import indicator
    from omur.registry.timeline import timeline_for

    _activity, session, enrolment = today_session
    services.attendance_mark(actor=centre_staff, session=session, enrolment=enrolment, status="present")
    today = timezone.localdate()
    participants = indicator("venues.participants")
    assert participants is not None and participants.value(today, today) == 1
    assert participants.value(today + dt.timedelta(days=1), today + dt.timedelta(days=2)) == 0
    entries = [e for e in timeline_for(person=enrolment.person, actor=social_worker) if e.source == "venues"]
    assert len(entries) == 1 and entries[0].kind == "activity"


def test_activity_form_writes_the_rule_from_ticked_days(db: Any) -> None:
    from omur.venues.forms import ActivityForm

    existing = ActivityFactory(recurrence="FREQ=WEEKLY;BYDAY=MO,TH")
    data = {
        "name": "Ebru Atölyesi",
        "kind": "workshop",
        "service": existing.service.pk,
        "location": existing.location.pk,
        "term": existing.term.pk,
        "starts_on": "2026-02-02",
        "ends_on": "2026-05-29",
        "starts_at": "14:00",
        "duration_minutes": 90,
        "capacity": 12,
        "absence_limit": 3,
        "offer_hours": 48,
        "min_attendance_percent": 80,
        "repeat_days": ["TH", "TU"],
        "repeat_every": "2",
    }
    form = ActivityForm(data=data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["recurrence"] == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH"

    # Neither days nor a typed rule: the form says what to do.
    form = ActivityForm(data={**data, "repeat_days": []})
    assert not form.is_valid() and "repeat_days" in form.errors
    # A rule the picker cannot express can still be typed.
    form = ActivityForm(data={**data, "repeat_days": [], "recurrence": "FREQ=MONTHLY;BYDAY=1MO"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["recurrence"] == "FREQ=MONTHLY;BYDAY=1MO"

    # Editing a weekly activity opens with its days ticked.
    form = ActivityForm(instance=existing)
    assert form.initial["repeat_days"] == ["MO", "TH"] and form.initial["recurrence"] == ""


def test_centre_staff_add_a_term_and_bad_dates_are_refused(
    client_as: Any, centre_staff: Any, social_worker: Any, audit_events: Any
) -> None:
    from omur.venues.models import Term

    url = reverse("venues:term-list")
    client = client_as(centre_staff)
    response = client.post(url, {"name": "2027 Bahar Dönemi", "starts_on": "2027-02-15", "ends_on": "2027-06-11"})
    assert response.status_code == 302
    term = Term.objects.get(name="2027 Bahar Dönemi")
    assert audit_events.filter(action="term.create", object_id=str(term.pk)).exists()
    assert "2027 Bahar Dönemi" in client.get(url).content.decode()
    # The same name again, and a last day before the first: refused, nothing written.
    assert (
        client.post(url, {"name": "2027 bahar dönemi", "starts_on": "2027-02-15", "ends_on": "2027-06-11"}).status_code
        == 400
    )
    assert client.post(url, {"name": "2027 Güz", "starts_on": "2027-10-01", "ends_on": "2027-09-01"}).status_code == 400
    assert Term.objects.filter(name__startswith="2027").count() == 1
    # Social workers enrol people; they do not set up terms.
    assert client_as(social_worker).get(url).status_code == 403
