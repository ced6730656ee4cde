"""Pages and permissions: who may open what, what each role sees, htmx partials, the timeline."""

import datetime as dt
from typing import Any

from django.urls import reverse

from omur.bookings.services import therapy as svc
from omur.bookings.tests.factories import child_aged
from omur.registry.timeline import timeline_for


def _plan(actor: Any, therapist: Any, slot: Any, sensory: Any, start: dt.date) -> Any:
    return svc.therapy_plan_create(
        actor=actor, child=child_aged(36), service=sensory, therapist=therapist, slot=slot, sessions=3, starts_on=start
    )


def test_therapy_pages_are_refused_to_roles_that_do_not_work_there(
    client_as: Any, kitchen_staff: Any, social_worker: Any, caregiver: Any, call_operator: Any
) -> None:
    for user in (kitchen_staff, caregiver, call_operator):
        assert client_as(user).get(reverse("bookings:therapy-plan-list")).status_code == 403
        assert client_as(user).get(reverse("bookings:mercan-sessions")).status_code == 403
        assert client_as(user).get(reverse("bookings:hall-calendar")).status_code == 403
    # A social worker reads the schedule but does not run the centre's week or book halls.
    assert client_as(social_worker).get(reverse("bookings:therapy-plan-list")).status_code == 200
    for name in (
        "bookings:therapy-week",
        "bookings:therapy-availability",
        "bookings:mercan-sessions",
        "bookings:hall-calendar",
    ):
        assert client_as(social_worker).get(reverse(name)).status_code == 403


def test_a_therapist_sees_only_their_own_plans(
    client_as: Any, therapist: Any, centre_staff: Any, monday_slot: Any, sensory: Any, next_monday: dt.date
) -> None:
    from conftest import make_user

    plan = _plan(centre_staff, therapist, monday_slot, sensory, next_monday)
    colleague = make_user("therapist", username="colleague")
    url = reverse("bookings:therapy-plan-detail", kwargs={"pk": plan.pk})
    assert client_as(therapist).get(url).status_code == 200
    assert client_as(colleague).get(url).status_code == 404
    assert plan.child.full_name not in client_as(colleague).get(reverse("bookings:therapy-plan-list")).content.decode()
    session = plan.sessions.first()
    cancel = reverse("bookings:therapy-session-cancel", kwargs={"pk": session.pk})
    assert client_as(colleague).post(cancel, {"by": "family"}).status_code == 404
    session.refresh_from_db()
    assert session.status == "scheduled"


def test_desk_pages_render_with_data(
    client_as: Any,
    therapist: Any,
    centre_staff: Any,
    social_worker: Any,
    monday_slot: Any,
    sensory: Any,
    next_monday: dt.date,
    audit_events: Any,
) -> None:
    plan = _plan(centre_staff, therapist, monday_slot, sensory, next_monday)
    desk = client_as(centre_staff)
    week = desk.get(reverse("bookings:therapy-week"), {"week": next_monday.isoformat()})
    assert week.status_code == 200 and plan.child.full_name in week.content.decode()
    partial = desk.get(reverse("bookings:therapy-week"), {"week": next_monday.isoformat()}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and plan.child.full_name in partial.content.decode()
    assert desk.get(reverse("bookings:therapy-availability"), {"therapist": therapist.pk}).status_code == 200
    assert desk.get(reverse("bookings:therapy-plan-create")).status_code == 200
    assert desk.get(reverse("bookings:therapy-plan-create"), {"child": plan.child_id}).status_code == 200
    detail = client_as(social_worker).get(reverse("bookings:therapy-plan-detail", kwargs={"pk": plan.pk}))
    assert detail.status_code == 200
    assert audit_events.filter(action="person.view", object_id=str(plan.child_id), actor=social_worker).exists()


def test_plan_is_booked_through_the_form(
    client_as: Any, therapist: Any, monday_slot: Any, sensory: Any, next_monday: dt.date
) -> None:
    child = child_aged(30)
    response = client_as(therapist).post(
        reverse("bookings:therapy-plan-create") + f"?child={child.pk}",
        {
            "service": sensory.pk,
            "therapist": therapist.pk,
            "slot": monday_slot.pk,
            "sessions": "12",
            "starts_on": next_monday.isoformat(),
        },
    )
    assert response.status_code == 302
    assert child.therapy_plans.get().sessions.count() == 12


def test_timeline_shows_sessions_without_clinical_content(
    therapist: Any, social_worker: Any, kitchen_staff: Any, monday_slot: Any, sensory: Any, next_monday: dt.date
) -> None:
    plan = _plan(therapist, therapist, monday_slot, sensory, next_monday)
    svc.therapy_session_note(actor=therapist, session=plan.sessions.first(), body="Gizli klinik gözlem")
    entries = [e for e in timeline_for(person=plan.child, actor=social_worker) if e.source == "bookings"]
    assert len(entries) >= 1 and all("Gizli" not in (e.title + e.detail) for e in entries)
    assert not [e for e in timeline_for(person=plan.child, actor=kitchen_staff) if e.source == "bookings"]


def test_mercan_and_hall_staff_pages(client_as: Any, centre_staff: Any, office_manager: Any) -> None:
    for user in (centre_staff, office_manager):
        client = client_as(user)
        for name in (
            "bookings:mercan-sessions",
            "bookings:mercan-session-create",
            "bookings:mercan-walkins",
            "bookings:mercan-stats",
            "bookings:hall-calendar",
            "bookings:hall-condolence-create",
            "bookings:hall-meeting-create",
        ):
            assert client.get(reverse(name)).status_code == 200, name


def test_the_seeder_waits_for_the_catalogue(db: Any) -> None:
    from omur.bookings.demo import seed_bookings

    assert seed_bookings(seed=1).startswith("skipped")
