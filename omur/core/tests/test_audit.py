import csv
import io
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from omur.core.audit import audit_read, audit_record, diff_fields
from omur.core.models import AuditEvent, AuditTrailIsAppendOnly


def test_audit_record_captures_request_context(client_as: Any, social_worker: Any, auditor: Any) -> None:
    client_as(social_worker).get(reverse("core:home"), HTTP_X_REQUEST_ID="req-123", REMOTE_ADDR="10.1.2.3")
    # The home page is not personal data; write an event from inside a request to see the context.
    from omur.core.context import RequestContext, reset_request_context, set_request_context

    token = set_request_context(RequestContext(request_id="req-123", ip="10.1.2.3"))
    try:
        event = audit_record(actor=social_worker, action="test.write", obj=auditor, changes={"x": [1, 2]})
    finally:
        reset_request_context(token)
    assert (event.request_id, event.ip, event.actor_username) == ("req-123", "10.1.2.3", social_worker.username)
    assert event.object_type == "accounts.user" and event.object_id == str(auditor.pk)


def test_audit_read_marks_kind_read(social_worker: Any, auditor: Any) -> None:
    event = audit_read(actor=social_worker, obj=auditor, fields=["tckn"])
    assert event.kind == AuditEvent.Kind.READ and event.action == "user.view" and event.changes == {"fields": ["tckn"]}


def test_audit_event_cannot_be_changed_or_deleted_through_the_orm(social_worker: Any) -> None:
    event = audit_record(actor=social_worker, action="test.write")
    event.action = "forged"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().delete()


def test_audit_event_raw_update_refused_by_database(social_worker: Any) -> None:
    event = audit_record(actor=social_worker, action="test.write")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'forged' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.write"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the DELETE trigger exists on PostgreSQL only")
def test_audit_event_raw_delete_refused_by_postgres_trigger(social_worker: Any) -> None:
    event = audit_record(actor=social_worker, action="test.write")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_event_rolls_back_with_the_change(social_worker: Any) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=social_worker, action="test.write")
        raise RuntimeError("the use case failed")
    assert not AuditEvent.objects.filter(action="test.write").exists()


def test_diff_fields_lists_changed_only() -> None:
    assert diff_fields({"a": 1, "b": "x"}, {"a": 2, "b": "x", "c": None}) == {"a": [1, 2]}


def test_admin_cannot_change_or_delete_audit_events(client_as: Any, system_admin: Any) -> None:
    from django.contrib import admin

    model_admin = admin.site._registry[AuditEvent]
    request = type("R", (), {"user": system_admin})()
    assert not model_admin.has_change_permission(request) and not model_admin.has_delete_permission(request)
    assert not model_admin.has_add_permission(request)


def test_audit_list_filters_by_actor_action_and_date(
    client_as: Any, auditor: Any, social_worker: Any, nurse: Any
) -> None:
    audit_record(actor=social_worker, action="person.view")
    audit_record(actor=nurse, action="visit.checkin")
    client = client_as(auditor)
    page = client.get(reverse("core:audit-list"), {"actor": social_worker.username}).content.decode()
    assert "person.view" in page and "visit.checkin" not in page
    page = client.get(reverse("core:audit-list"), {"action": "visit."}).content.decode()
    assert "visit.checkin" in page and "person.view" not in page
    page = client.get(reverse("core:audit-list"), {"date_from": "2000-01-01", "date_to": "2000-01-02"}).content.decode()
    assert "person.view" not in page


def test_audit_list_htmx_returns_results_partial_only(client_as: Any, auditor: Any) -> None:
    response = client_as(auditor).get(reverse("core:audit-list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "<table" in body


def test_audit_list_bad_dates_show_error_and_do_not_crash(client_as: Any, auditor: Any) -> None:
    response = client_as(auditor).get(reverse("core:audit-list"), {"date_from": "2026-02-02", "date_to": "2026-01-01"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()


def test_audit_list_query_count_does_not_grow(
    client_as: Any, auditor: Any, social_worker: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(60):
        audit_record(actor=social_worker, action=f"test.{i}")
    client = client_as(auditor)
    client.get(reverse("core:audit-list"))
    with django_assert_max_num_queries(8):
        client.get(reverse("core:audit-list"))


def test_audit_export_csv_is_filtered_and_itself_audited(client_as: Any, auditor: Any, social_worker: Any) -> None:
    audit_record(actor=social_worker, action="person.view", object_repr="Şükrü Öztürk")
    audit_record(actor=social_worker, action="visit.checkin")
    response = client_as(auditor).get(reverse("core:audit-export"), {"action": "person."})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["time", "actor", "kind", "action"]
    assert [r[3] for r in rows[1:]] == ["person.view"] and rows[1][6] == "Şükrü Öztürk"
    assert AuditEvent.objects.filter(action="audit.export", actor=auditor).exists()


def test_audit_pages_denied_to_social_worker(client_as: Any, social_worker: Any) -> None:
    assert client_as(social_worker).get(reverse("core:audit-list")).status_code == 403
    assert client_as(social_worker).get(reverse("core:audit-export")).status_code == 403


def test_audit_list_denied_to_anonymous(db: Any) -> None:
    response = Client().get(reverse("core:audit-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
