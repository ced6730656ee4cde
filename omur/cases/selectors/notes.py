"""Who may read which case note, decided here and nowhere else. Every page, the person timeline, the
search on the case page and the JSON API read notes through case_notes_visible_to, which also writes
one audit read event per note it hands out."""

from typing import Any

from django.db.models import Exists, OuterRef, Q

from omur.cases.models import CaseNote, NoteLevel
from omur.cases.permissions import CLINICAL_NOTE_ROLES, GENERAL_NOTE_ROLES
from omur.core.access import user_roles
from omur.core.audit import audit_read
from omur.core.text import fold_turkish


def _visible_q(actor: Any) -> Q | None:
    """The notes `actor` may read, as a filter; None when they may read none at all.

    general: case roles and therapists · clinical: therapists (KVKK art. 6 health data; a social
    worker does not read the psychologist's notes) · restricted: the named readers · and always the
    author. A user with none of the note roles reads nothing, not even a note that names them: a
    kitchen worker named by mistake must still see nothing."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return None
    roles = user_roles(actor)
    if not roles & (GENERAL_NOTE_ROLES | CLINICAL_NOTE_ROLES):
        return None
    named = CaseNote.readers.through.objects.filter(casenote_id=OuterRef("pk"), user_id=actor.pk)
    q = Q(author=actor) | Q(Exists(named), level=NoteLevel.RESTRICTED)
    if roles & GENERAL_NOTE_ROLES:
        q |= Q(level=NoteLevel.GENERAL)
    if roles & CLINICAL_NOTE_ROLES:
        q |= Q(level=NoteLevel.CLINICAL)
    return q


def case_notes_by_ids_visible_to(actor: Any, note_ids: Any, *, purpose: str) -> list[CaseNote]:
    """Of the given notes (other apps link notes to their own records, e.g. a therapy session's
    clinical note), those `actor` may read, each read logged; the same rule as case_notes_visible_to."""
    q = _visible_q(actor)
    ids = list(note_ids)
    if q is None or not ids:
        return []
    notes = list(CaseNote.objects.filter(q, pk__in=ids).select_related("author"))
    for note in notes:
        audit_read(actor=actor, obj=note, action="casenote.view", purpose=purpose)
    return notes


def can_read_notes(actor: Any) -> bool:
    return _visible_q(actor) is not None


def case_notes_visible_to(
    actor: Any,
    person: Any,
    *,
    purpose: str,
    search: str = "",
    level: str = "",
    limit: int | None = None,
) -> list[CaseNote]:
    """The person's notes that `actor` may read, newest first, each read logged (audit_read).

    `search` matches words in the decrypted body (Turkish-folded), within the visible notes only;
    `purpose` says where they were shown ("case page", "timeline", "api")."""
    q = _visible_q(actor)
    if q is None:
        return []
    qs = (
        CaseNote.objects.filter(q, person=person)
        .select_related("author", "enrolment__service")
        .order_by("-created_at", "-id")
    )
    if level:
        qs = qs.filter(level=level)
    notes = list(qs.prefetch_related("readers"))
    if search:
        words = fold_turkish(search).split()
        notes = [n for n in notes if all(w in fold_turkish(n.body) for w in words)]
    if limit is not None:
        notes = notes[:limit]
    for note in notes:
        audit_read(actor=actor, obj=note, action="casenote.view", purpose=purpose)
    return notes
