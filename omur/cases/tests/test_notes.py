"""Case notes: one selector decides who reads what; every page, the timeline and the API use it;
every read is audited; bodies are encrypted at rest."""

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from omur.cases import services
from omur.cases.models import CaseNote, NoteLevel
from omur.cases.selectors import case_notes_visible_to
from omur.registry.timeline import timeline_for

CLINICAL = "Çocuk seansta duyusal hassasiyet gösterdi, ailede kaygı yüksek."
GENERAL = "Anne ile görüşüldü, servis saatleri konuşuldu."
RESTRICTED = "Aile içi şiddet şüphesi: yalnızca adı geçenler okuyabilir."


@pytest.fixture
def notes(person: Any, therapist: Any, social_worker: Any, second_social_worker: Any) -> dict[str, CaseNote]:
    return {
        "clinical": services.case_note_create(actor=therapist, person=person, body=CLINICAL, level=NoteLevel.CLINICAL),
        "general": services.case_note_create(actor=social_worker, person=person, body=GENERAL),
        "restricted": services.case_note_create(
            actor=social_worker,
            person=person,
            body=RESTRICTED,
            level=NoteLevel.RESTRICTED,
            readers=[second_social_worker],
        ),
    }


def _bodies(actor: Any, person: Any) -> set[str]:
    return {n.body for n in case_notes_visible_to(actor, person, purpose="test")}


def test_visibility_by_role(
    notes: Any,
    person: Any,
    therapist: Any,
    social_worker: Any,
    second_social_worker: Any,
    sociologist: Any,
    office_manager: Any,
    kitchen_staff: Any,
    nurse: Any,
    auditor: Any,
    second_therapist: Any,
) -> None:
    assert _bodies(therapist, person) == {CLINICAL, GENERAL}
    assert _bodies(second_therapist, person) == {CLINICAL, GENERAL}
    assert _bodies(social_worker, person) == {GENERAL, RESTRICTED}  # author of the restricted one
    assert _bodies(second_social_worker, person) == {GENERAL, RESTRICTED}  # named reader
    assert _bodies(sociologist, person) == {GENERAL}
    assert _bodies(office_manager, person) == {GENERAL}
    for outsider in (kitchen_staff, nurse, auditor):
        assert _bodies(outsider, person) == set()


def test_a_named_reader_without_a_note_role_still_reads_nothing(
    person: Any, social_worker: Any, kitchen_staff: Any
) -> None:
    note = services.case_note_create(actor=social_worker, person=person, body=RESTRICTED, level=NoteLevel.RESTRICTED)
    note.readers.add(kitchen_staff)  # bypassing the service, which refuses this
    assert _bodies(kitchen_staff, person) == set()


def test_a_deactivated_author_reads_nothing(notes: Any, person: Any, therapist: Any) -> None:
    therapist.is_active = False
    therapist.save()
    assert _bodies(therapist, person) == set()


def test_every_note_read_is_audited(notes: Any, person: Any, therapist: Any, audit_events: Any) -> None:
    shown = case_notes_visible_to(therapist, person, purpose="case page")
    events = audit_events.filter(action="casenote.view", actor=therapist)
    assert sorted(int(e.object_id) for e in events) == sorted(n.pk for n in shown)
    assert all(e.kind == "read" and e.purpose == "case page" for e in events)


def test_search_runs_only_over_visible_notes(notes: Any, person: Any, social_worker: Any, therapist: Any) -> None:
    assert case_notes_visible_to(social_worker, person, purpose="t", search="kaygı") == []
    assert [n.body for n in case_notes_visible_to(therapist, person, purpose="t", search="KAYGI")] == [CLINICAL]
    assert [n.body for n in case_notes_visible_to(social_worker, person, purpose="t", search="servis saatleri")] == [
        GENERAL
    ]


def test_note_bodies_are_encrypted_at_rest(notes: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM cases_casenote")
        stored = [row[0] for row in cursor.fetchall()]
    assert len(stored) == 3 and not any("kaygı" in s or "Anne" in s or "şiddet" in s for s in stored)
    assert CaseNote.objects.get(pk=notes["clinical"].pk).body == CLINICAL


def test_only_therapists_write_clinical_notes(person: Any, social_worker: Any, kitchen_staff: Any) -> None:
    with pytest.raises(services.ClinicalNoteNotAllowed):
        services.case_note_create(actor=social_worker, person=person, body="x", level=NoteLevel.CLINICAL)
    with pytest.raises(services.NoteNotAllowed):
        services.case_note_create(actor=kitchen_staff, person=person, body="x")
    with pytest.raises(services.NoteEmpty):
        services.case_note_create(actor=social_worker, person=person, body="   ")


def test_restricted_readers_must_work_on_cases(person: Any, social_worker: Any, driver: Any) -> None:
    with pytest.raises(services.NoteReaderNotAllowed):
        services.case_note_create(
            actor=social_worker, person=person, body="x", level=NoteLevel.RESTRICTED, readers=[driver]
        )


def test_note_create_audit_has_no_body(person: Any, social_worker: Any, audit_events: Any) -> None:
    note = services.case_note_create(actor=social_worker, person=person, body=GENERAL)
    event = audit_events.get(action="casenote.create")
    assert event.object_id == str(note.pk) and GENERAL not in str(event.changes) and event.changes["level"] == "general"


# --- the case page, the timeline, the API -----------------------------------------------------


def test_case_page_hides_clinical_note_from_social_worker(
    notes: Any, person: Any, client_as: Any, social_worker: Any
) -> None:
    body = client_as(social_worker).get(reverse("cases:person-case", args=[person.pk])).content.decode()
    assert GENERAL in body and CLINICAL not in body


def test_case_page_shows_clinical_note_to_therapist(notes: Any, person: Any, client_as: Any, therapist: Any) -> None:
    body = client_as(therapist).get(reverse("cases:person-case", args=[person.pk])).content.decode()
    assert CLINICAL in body and RESTRICTED not in body


def test_case_page_denied_to_kitchen_staff(notes: Any, person: Any, client_as: Any, kitchen_staff: Any) -> None:
    response = client_as(kitchen_staff).get(reverse("cases:person-case", args=[person.pk]))
    assert response.status_code == 403 and CLINICAL not in response.content.decode()


def test_case_page_note_search_partial(notes: Any, person: Any, client_as: Any, therapist: Any) -> None:
    response = client_as(therapist).get(
        reverse("cases:person-case", args=[person.pk]), {"partial": "notes", "q": "servis"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and GENERAL in body and CLINICAL not in body


def test_timeline_hides_clinical_note(
    notes: Any, person: Any, social_worker: Any, therapist: Any, kitchen_staff: Any
) -> None:
    def details(actor: Any) -> str:
        return " ".join(
            f"{e.title} {e.detail}" for e in timeline_for(person=person, actor=actor) if e.source == "cases"
        )

    assert CLINICAL[:40] not in details(social_worker) and GENERAL[:40] in details(social_worker)
    assert CLINICAL[:40] in details(therapist)
    assert details(kitchen_staff) == ""


def test_api_scopes_notes(
    notes: Any, person: Any, client_as: Any, social_worker: Any, therapist: Any, kitchen_staff: Any
) -> None:
    url = f"/api/cases/people/{person.pk}/notes"
    assert client_as(kitchen_staff).get(url).status_code == 403
    social = [n["body"] for n in client_as(social_worker).get(url).json()]
    assert CLINICAL not in social and GENERAL in social
    assert CLINICAL in [n["body"] for n in client_as(therapist).get(url).json()]
    assert client_as(social_worker).get(url, {"q": "kaygı"}).json() == []
    assert client_as(therapist).get("/api/cases/people/999999/notes").status_code == 404


def test_note_create_view(person: Any, client_as: Any, therapist: Any) -> None:
    response = client_as(therapist).post(
        reverse("cases:note-create", args=[person.pk]), {"body": CLINICAL, "level": NoteLevel.CLINICAL}
    )
    assert response.status_code == 302 and CaseNote.objects.get().level == NoteLevel.CLINICAL


def test_note_create_view_refuses_clinical_from_social_worker(person: Any, client_as: Any, social_worker: Any) -> None:
    response = client_as(social_worker).post(
        reverse("cases:note-create", args=[person.pk]), {"body": "x", "level": NoteLevel.CLINICAL}
    )
    assert response.status_code == 400 and not CaseNote.objects.exists()


def test_note_create_denied_to_nurse(person: Any, client_as: Any, nurse: Any) -> None:
    response = client_as(nurse).post(reverse("cases:note-create", args=[person.pk]), {"body": "x", "level": "general"})
    assert response.status_code == 403 and not CaseNote.objects.exists()
