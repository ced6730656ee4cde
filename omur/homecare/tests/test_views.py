import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from icalendar import Calendar

from omur.homecare.models import Visit
from omur.homecare.tests.factories import StaffMemberFactory, VisitFactory


@pytest.fixture
def visit(person: Any, carer: Any) -> Visit:
    return VisitFactory(
        person=person, date=timezone.localdate(), assigned_staff=carer, sequence=1, notes="Anahtar komşuda"
    )


def test_field_view_lists_my_visits_in_order(client_as: Any, caregiver: Any, carer: Any, person: Any) -> None:
    second = VisitFactory(date=timezone.localdate(), assigned_staff=carer, sequence=2)
    first = VisitFactory(person=person, date=timezone.localdate(), assigned_staff=carer, sequence=1)
    VisitFactory(date=timezone.localdate())  # someone else's
    response = client_as(caregiver).get("/evde-bakim/bugun/")
    assert response.status_code == 200
    assert [v.pk for v in response.context["visits"]] == [first.pk, second.pk]


def test_carer_cannot_open_another_carers_visit(client_as: Any, second_caregiver: Any, visit: Visit) -> None:
    StaffMemberFactory(user=second_caregiver)
    assert client_as(second_caregiver).get(f"/evde-bakim/ziyaret/{visit.pk}/").status_code == 404
    response = client_as(second_caregiver).post(f"/evde-bakim/ziyaret/{visit.pk}/giris/")
    assert response.status_code == 404
    visit.refresh_from_db()
    assert visit.checked_in_at is None


def test_visit_page_shows_the_six_items(client_as: Any, caregiver: Any, visit: Visit) -> None:
    response = client_as(caregiver).get(f"/evde-bakim/ziyaret/{visit.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="evv"' in body and visit.person.full_name in body and visit.address in body
    assert "geo:" in body and "Anahtar komşuda" in body


def test_office_opens_a_visit_nobody_is_assigned_to(client_as: Any, office_manager: Any) -> None:
    # An urgent visit added after the plan has no carer yet: its page says so instead of failing.
    visit = VisitFactory(assigned_staff=None, sequence=None, planned_start=None)
    response = client_as(office_manager).get(f"/evde-bakim/ziyaret/{visit.pk}/")
    assert response.status_code == 200
    assert visit.person.full_name in response.content.decode()


def test_check_in_view_with_position(client_as: Any, caregiver: Any, visit: Visit) -> None:
    response = client_as(caregiver).post(f"/evde-bakim/ziyaret/{visit.pk}/giris/", {"lat": "36.9", "lon": "34.6"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.location_flagged and visit.check_in_lat == 36.9


@pytest.mark.parametrize("role", ["call_operator", "kitchen_staff", "auditor", "caregiver"])
def test_planner_pages_refused_to_other_roles(client_as: Any, user_factory: Any, role: str) -> None:
    user = user_factory(role, username=f"x_{role}")
    for url in ["/evde-bakim/", "/evde-bakim/personel/", "/evde-bakim/onarim/"]:
        assert client_as(user).get(url).status_code == 403


def test_planner_page_renders(client_as: Any, office_manager: Any, visit: Visit) -> None:
    urgent = VisitFactory(date=timezone.localdate(), urgent=True, reason="Üç arama cevapsız")
    response = client_as(office_manager).get("/evde-bakim/")
    assert response.status_code == 200
    assert urgent in response.context["d"].urgent
    assert 'id="urgent"' in response.content.decode()


def test_ical_feed_token(client: Any, visit: Visit, carer: Any) -> None:
    from omur.homecare.services import feed_token_revoke, feed_token_rotate

    other = VisitFactory(date=timezone.localdate())  # not this carer's
    token = feed_token_rotate(actor=None, staff=carer)
    response = client.get(f"/evde-bakim/takvim/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    assert uids == [f"visit-{visit.pk}@omur"]
    assert f"visit-{other.pk}@omur" not in uids
    body = response.content.decode()
    assert visit.person.family_name not in body and visit.person.given_name not in body  # initials only
    assert client.get(f"/evde-bakim/takvim/{'x' * 43}.ics").status_code == 404
    feed_token_revoke(actor=None, staff=carer)
    assert client.get(f"/evde-bakim/takvim/{token}.ics").status_code == 404


def test_route_sheet_own_only_and_pdf(
    client_as: Any, caregiver: Any, second_caregiver: Any, carer: Any, office_manager: Any, visit: Visit
) -> None:
    StaffMemberFactory(user=second_caregiver)
    day = timezone.localdate().isoformat()
    assert client_as(caregiver).get(f"/evde-bakim/rota/{carer.pk}/?day={day}").status_code == 200
    assert client_as(second_caregiver).get(f"/evde-bakim/rota/{carer.pk}/?day={day}").status_code == 404
    pdf = client_as(office_manager).get(f"/evde-bakim/rota/{carer.pk}/?day={day}&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    assert visit.person.family_name in PdfReader(BytesIO(pdf.content)).pages[0].extract_text()


def test_staff_create_and_absence(client_as: Any, office_manager: Any) -> None:
    from omur.homecare.tests.factories import BaseFactory

    base = BaseFactory()
    response = client_as(office_manager).post(
        "/evde-bakim/personel/yeni/",
        {
            "first_name": "Gülay",
            "last_name": "Tekin",
            "profession": "nurse",
            "sex": "F",
            "base": base.pk,
            "work_days": ["0", "1", "2", "3", "4"],
            "shift_start": "08:30",
            "shift_end": "17:30",
            "lunch_start": "12:30",
            "lunch_end": "13:00",
            "vehicle": "car",
            "active": "on",
        },
    )
    assert response.status_code == 302
    from omur.homecare.models import StaffMember

    staff = StaffMember.objects.get(last_name="Tekin")
    assert set(staff.skills) == {"health_check", "personal_care", "welfare_check"}
    day = dt.date(2025, 5, 5)
    ok = client_as(office_manager).post(
        f"/evde-bakim/personel/{staff.pk}/",
        {"kind": "leave", "start_date": day.isoformat(), "end_date": day.isoformat()},
    )
    assert ok.status_code == 302 and staff.absences.count() == 1
    clash = client_as(office_manager).post(
        f"/evde-bakim/personel/{staff.pk}/",
        {"kind": "sick", "start_date": day.isoformat(), "end_date": day.isoformat()},
    )
    assert clash.status_code == 200 and staff.absences.count() == 1
