"""The office's "add a visit" page and its service."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from omur.homecare.models import Skill, StaffSex, Visit, VisitSource
from omur.homecare.services import visit_create_manual, visit_request_urgent
from omur.homecare.services.common import NotAllowed
from omur.homecare.tests.factories import StaffMemberFactory
from omur.registry.tests.factories import PersonFactory

URL = "/evde-bakim/ziyaret/yeni/"


def _post(person: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "person": person.pk,
        "required_skill": Skill.PERSONAL_CARE,
        "date": timezone.localdate().isoformat(),
        "window_start": "10:00",
        "window_end": "12:00",
        "duration_minutes": 45,
        "notes": "Kapı zili bozuk, telefonla arayın",
    }
    data.update(overrides)
    return data


def _kwargs(person: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "person": person,
        "required_skill": Skill.PERSONAL_CARE,
        "date": timezone.localdate(),
        "window_start": dt.time(10),
        "window_end": dt.time(12),
        "duration_minutes": 45,
    }
    data.update(overrides)
    return data


def test_planner_adds_a_visit_by_hand_and_it_is_audited(
    client_as: Any, social_worker: Any, person: Any, carer: Any, audit_events: Any
) -> None:
    response = client_as(social_worker).post(URL, _post(person, preferred_staff=carer.pk, same_sex="on"))
    assert response.status_code == 302
    visit = Visit.objects.get(person=person)
    assert visit.source == VisitSource.MANUAL and visit.origin == "office"
    assert visit.kind == "personal_care" and visit.required_skill == Skill.PERSONAL_CARE
    assert (visit.window_start, visit.window_end, visit.duration_minutes) == (dt.time(10), dt.time(12), 45)
    assert visit.same_sex and visit.preferred_staff == carer and not visit.urgent
    assert visit.notes.startswith("Kapı zili")
    assert (visit.lat, visit.lon) == (36.80, 34.60)
    assert visit.created_by == social_worker
    assert f"day={visit.date.isoformat()}" in response["Location"]
    assert audit_events.filter(action="visit.create_manual", object_id=str(visit.pk)).exists()


def test_urgent_hand_visit_shows_in_the_planners_urgent_box(
    client_as: Any, office_manager: Any, person: Any, carer: Any
) -> None:
    other = PersonFactory(given_name="Halil", family_name="Aksoy", sex="M", lat=36.81, lon=34.61)
    visit_request_urgent(actor=None, person=other, reason="Three unanswered calls")
    client = client_as(office_manager)
    response = client.post(URL, _post(person, required_skill=Skill.WELFARE_CHECK, urgent="on", reason="Komşusu aradı"))
    assert response.status_code == 302
    visit = Visit.objects.get(person=person)
    assert visit.urgent and visit.reason == "Komşusu aradı"
    page = client.get(f"/evde-bakim/?day={visit.date.isoformat()}")
    urgent_ids = {v.pk for v in page.context["d"].urgent}
    assert visit.pk in urgent_ids and len(urgent_ids) == 2  # next to the one the calls raised
    assert 'data-testid="add-visit"' in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date": dt.date(2020, 1, 6)}, "date"),
        ({"window_start": dt.time(12), "window_end": dt.time(11)}, "window_end"),
        ({"window_start": dt.time(10), "window_end": dt.time(10, 30), "duration_minutes": 45}, "duration_minutes"),
        ({"required_skill": Skill.TRADE_WELDER}, "required_skill"),
    ],
)
def test_service_refuses_with_the_field_to_fix(
    social_worker: Any, person: Any, carer: Any, overrides: dict[str, Any], field: str
) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        visit_create_manual(actor=social_worker, **_kwargs(person, **overrides))
    assert field in caught.value.message_dict
    assert not Visit.objects.exists()


def test_preferred_carer_must_have_the_skill_and_the_sex(social_worker: Any, person: Any, carer: Any) -> None:
    nurse = StaffMemberFactory(profession="nurse", skills=[Skill.HEALTH_CHECK], sex=StaffSex.FEMALE)
    man = StaffMemberFactory(skills=[Skill.PERSONAL_CARE], sex=StaffSex.MALE)
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            visit_create_manual(actor=social_worker, **_kwargs(person, preferred_staff=nurse))
        assert "does not have the skill" in caught.value.message_dict["preferred_staff"][0]
        with pytest.raises(ValidationError) as caught:
            visit_create_manual(actor=social_worker, **_kwargs(person, preferred_staff=man, same_sex=True))
        assert "same sex" in caught.value.message_dict["preferred_staff"][0]
    # Without the same-sex rule the man may be preferred.
    assert visit_create_manual(actor=social_worker, **_kwargs(person, preferred_staff=man)).preferred_staff == man


def test_form_errors_are_shown_on_the_fields(client_as: Any, social_worker: Any, person: Any, carer: Any) -> None:
    client = client_as(social_worker)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(URL, _post(person, window_start="11:00", window_end="11:20", duration_minutes=45))
    assert response.status_code == 400
    assert response.context["form"].errors["duration_minutes"]
    response = client.post(URL, _post(person, date="2020-01-06", required_skill=Skill.TRADE_WELDER))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "date" in errors and "required_skill" in errors
    assert "No active staff member has the skill" in response.content.decode()
    assert not Visit.objects.exists()


def test_person_picker_uses_the_registry_search(client_as: Any, social_worker: Any, person: Any) -> None:
    PersonFactory(given_name="Mehmet", family_name="Demir")
    response = client_as(social_worker).get(URL, {"q": "sukriye"})
    assert response.status_code == 200
    assert [p.pk for p in response.context["found"]] == [person.pk]
    response = client_as(social_worker).get(URL, {"person": person.pk})
    assert response.context["person"] == person


def test_only_planners_may_add_visits(client_as: Any, caregiver: Any, call_operator: Any, person: Any) -> None:
    for user in (caregiver, call_operator):
        assert client_as(user).post(URL, _post(person)).status_code in (403, 404)
    with pytest.raises(NotAllowed):
        visit_create_manual(actor=caregiver, **_kwargs(person))
    assert not Visit.objects.exists()
