"""What intake adds to other screens (person timeline, home card) and its demo seeder."""

import datetime as dt
from typing import Any

from django.utils import timezone

from omur.core.demo import SEEDERS
from omur.core.home_cards import cards_for
from omur.intake.demo import COUNT, seed_requests
from omur.intake.models import Channel, Decision, Request, RequestStatusChange, Status
from omur.intake.selectors import intake_figures, requests_for_timeline
from omur.intake.services import request_assign, request_transition
from omur.registry.tests.factories import PersonFactory
from omur.registry.timeline import registered_sources, timeline_for

# --- timeline ----------------------------------------------------------------------------------


def test_intake_is_a_registered_timeline_source() -> None:
    assert "intake" in registered_sources()


def test_persons_requests_appear_on_their_timeline(make_request: Any, social_worker: Any) -> None:
    person, other = PersonFactory(), PersonFactory()
    mine = make_request(person=person, channel=Channel.WHATSAPP)
    make_request(person=other)
    make_request()
    request_transition(actor=social_worker, req=mine, to_status=Status.TRIAGED)
    entries = [e for e in timeline_for(person=person, actor=social_worker) if e.source == "intake"]
    assert len(entries) == 1
    [entry] = entries
    assert entry.kind == "request" and entry.url == f"/basvurular/{mine.pk}/"
    assert entry.title == mine.category.label
    assert "WhatsApp" in entry.detail and mine.tracking_code_display in entry.detail
    assert entry.when == mine.created_at


def test_timeline_takes_one_query_however_many_requests(
    make_request: Any, social_worker: Any, django_assert_num_queries: Any
) -> None:
    person = PersonFactory()
    for _ in range(12):
        make_request(person=person)
    social_worker._omur_roles = frozenset({"social_worker"})  # roles are read once per request elsewhere
    with django_assert_num_queries(1):
        entries = list(requests_for_timeline(person=person, actor=social_worker))
    assert len(entries) == 12


def test_timeline_shows_nothing_to_roles_that_cannot_open_requests(make_request: Any, nurse: Any) -> None:
    person = PersonFactory()
    make_request(person=person)
    assert list(requests_for_timeline(person=person, actor=nurse)) == []


# --- home card ---------------------------------------------------------------------------------


def test_home_card_counts_today_open_by_status_overdue_and_mine(
    make_request: Any, call_operator: Any, social_worker: Any
) -> None:
    fresh, stale, triaged, mine = make_request(), make_request(), make_request(), make_request()
    request_transition(actor=social_worker, req=triaged, to_status=Status.TRIAGED)
    request_assign(actor=social_worker, req=mine, assignee=call_operator)
    old = timezone.now() - dt.timedelta(days=3)
    Request.objects.filter(pk=stale.pk).update(status_changed_at=old, created_at=old)
    figures = intake_figures(user=call_operator)
    assert figures["new_today"] == 3
    assert figures["new"] == 3
    assert figures["triaged"] == 1
    assert figures["overdue"] == 1
    assert figures["mine"] == 1
    assert fresh.pk


def test_home_card_is_one_query(make_request: Any, call_operator: Any, django_assert_num_queries: Any) -> None:
    make_request()
    with django_assert_num_queries(1):
        intake_figures(user=call_operator)


def test_home_card_shows_to_intake_roles_only(call_operator: Any, sociologist: Any, nurse: Any, auditor: Any) -> None:
    assert {"Başvurular", "Açık başvurular, duruma göre"} <= {c.title for c in cards_for(call_operator)}
    assert any(c.title == "Başvurular" for c in cards_for(sociologist))
    assert not any(c.title == "Başvurular" for c in cards_for(nurse))
    assert not any(c.title == "Başvurular" for c in cards_for(auditor))


def test_home_page_shows_the_card(client_as: Any, call_operator: Any, make_request: Any) -> None:
    make_request()
    response = client_as(call_operator).get("/")
    assert "Başvurular" in response.text and "/basvurular/?overdue=on" in response.text


# --- demo data ---------------------------------------------------------------------------------


def test_seeder_is_registered_after_the_registry() -> None:
    names = list(SEEDERS)
    assert "intake" in names
    if "registry" in names:
        assert names.index("registry") < names.index("intake")


def test_demo_requests_are_realistic_idempotent_and_deterministic(category: Any, geography: None) -> None:
    from omur.intake.tests.factories import CategoryFactory

    for code in ("personal_care", "home_health", "hot_meal", "in_kind_aid", "halk_kart", "home_repair"):
        CategoryFactory(code=code, name=code)
    people = PersonFactory.create_batch(40)
    summary = seed_requests(seed=7)
    assert summary.startswith(f"{COUNT} requests")
    requests = Request.objects.all()
    assert requests.count() == COUNT
    assert set(requests.values_list("status", flat=True)) == {s.value for s in Status}
    # Every channel but check-in calls, whose requests the calls app's own demo raises.
    assert set(requests.values_list("channel", flat=True)) == {c.value for c in Channel} - {Channel.CHECKIN_CALL}
    assert requests.filter(decision=Decision.REJECTED).exclude(decision_reason="").exists()
    assert requests.filter(person__in=people).count() > COUNT // 3
    assert requests.filter(person__isnull=True, neighbourhood__isnull=False).exists()
    adult = timezone.localdate() - dt.timedelta(days=18 * 366)
    assert not requests.filter(person__birth_date__gt=adult).exists()  # children do not apply
    # Every request's history starts with its creation and ends in its current status.
    for req in requests.prefetch_related("history"):
        history = list(req.history.all())
        assert history[0].from_status == "" and history[0].at == req.created_at
        assert history[-1].to_status == req.status
    codes = set(requests.values_list("tracking_code", flat=True))
    changes = RequestStatusChange.objects.count()

    assert seed_requests(seed=7) == "nothing to add"
    assert Request.objects.count() == COUNT and RequestStatusChange.objects.count() == changes

    # The same seed gives the same requests.
    RequestStatusChange.objects.all().delete()
    Request.objects.all().delete()
    seed_requests(seed=7)
    assert set(Request.objects.values_list("tracking_code", flat=True)) == codes


def test_demo_without_registered_people_uses_unregistered_callers(category: Any) -> None:
    seed_requests(seed=1)
    assert Request.objects.count() == COUNT
    assert not Request.objects.filter(person__isnull=False).exists()
    assert not Request.objects.filter(caller_name="").exists()
