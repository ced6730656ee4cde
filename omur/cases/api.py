"""Read-only JSON for case work: a person's notes (through the one note selector, so the API shows
exactly what the case page would) and the caller's open tasks."""

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from omur.cases import selectors
from omur.cases.models import CaseNote, Task
from omur.core.audit import audit_read, audit_record
from omur.core.models import AuditEvent
from omur.registry.models import Person

router = Router(tags=["cases"])


class NoteOut(Schema):
    id: int
    written_at: dt.datetime
    author: str
    level: str
    body: str
    service: str | None = None

    @staticmethod
    def from_note(note: CaseNote) -> "NoteOut":
        return NoteOut(
            id=note.pk,
            written_at=note.created_at,
            author=str(note.author),
            level=note.level,
            body=note.body,
            service=note.enrolment.service.name if note.enrolment_id and note.enrolment else None,
        )


class TaskOut(Schema):
    id: int
    title: str
    source: str
    due: dt.date | None
    priority: int
    person_id: int | None
    assignee: str


@router.get("/people/{person_id}/notes", response=list[NoteOut], url_name="cases-person-notes")
def person_notes(request: HttpRequest, person_id: int, q: str = "") -> list[NoteOut]:
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404
    notes = selectors.case_notes_visible_to(request.user, person, purpose="api", search=q)
    audit_read(actor=request.user, obj=person, action="person.view", purpose="api: case notes")
    return [NoteOut.from_note(n) for n in notes]


@router.get("/tasks", response=list[TaskOut], url_name="cases-my-tasks")
def my_tasks(request: HttpRequest) -> list[TaskOut]:
    tasks: list[Task] = list(selectors.task_inbox(actor=request.user)[:200])
    people = sorted({t.person_id for t in tasks if t.person_id})
    if people:
        audit_record(
            actor=request.user,
            action="task.list",
            kind=AuditEvent.Kind.READ,
            object_type="registry.person",
            purpose="api",
            changes={"ids": people},
        )
    return [
        TaskOut(
            id=t.pk,
            title=t.title,
            source=t.source,
            due=t.due,
            priority=t.priority,
            person_id=t.person_id,
            assignee=t.assignee_label,
        )
        for t in tasks
    ]
