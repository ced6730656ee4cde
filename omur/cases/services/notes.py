"""Writing case notes. Who reads them is decided in selectors.notes."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from omur.cases.models import CaseNote, Enrolment, NoteLevel
from omur.cases.permissions import CLINICAL_NOTE_ROLES, NOTE_WRITE_ROLES
from omur.core.access import user_roles
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError


class NoteNotAllowed(ApplicationError):
    message = _("Your role cannot write case notes.")


class ClinicalNoteNotAllowed(ApplicationError):
    message = _("Only psychologists and therapists write clinical notes.")


class NoteEmpty(ApplicationError):
    message = _("The note is empty.")


class NoteReaderNotAllowed(ApplicationError):
    message = _("Restricted notes can name only active staff who work on cases.")


class NoteEnrolmentMismatch(ApplicationError):
    message = _("The enrolment belongs to someone else.")


@transaction.atomic
def case_note_create(
    *,
    actor: Any,
    person: Any,
    body: str,
    level: str = NoteLevel.GENERAL,
    readers: Iterable[Any] = (),
    enrolment: Enrolment | None = None,
) -> CaseNote:
    roles = user_roles(actor)
    if not roles & NOTE_WRITE_ROLES:
        raise NoteNotAllowed()
    if level == NoteLevel.CLINICAL and not roles & CLINICAL_NOTE_ROLES:
        raise ClinicalNoteNotAllowed()
    body = (body or "").strip()
    if not body:
        raise NoteEmpty()
    if enrolment is not None and enrolment.person_id != person.pk:
        raise NoteEnrolmentMismatch()
    reader_list = [r for r in readers if r.pk != actor.pk] if level == NoteLevel.RESTRICTED else []
    for reader in reader_list:
        if not reader.is_active or not user_roles(reader) & NOTE_WRITE_ROLES:
            raise NoteReaderNotAllowed()
    note = CaseNote.objects.create(person=person, author=actor, level=level, body=body, enrolment=enrolment)
    if reader_list:
        note.readers.set(reader_list)
    # The body never goes into the trail: the trail is readable by the auditor, the body is not.
    audit_record(
        actor=actor,
        action="casenote.create",
        obj=note,
        changes={"person": person.pk, "level": level, "readers": [r.pk for r in reader_list], "chars": len(body)},
    )
    return note
