import csv
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from omur.core.audit import audit_record
from omur.core.forms import AuditFilterForm
from omur.core.home_cards import cards_for
from omur.core.models import AuditEvent
from omur.core.selectors import audit_event_list


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"cards": cards_for(request.user)})


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = migrations = False
    try:
        connection.ensure_connection()
        database = True
        executor = MigrationExecutor(connection)
        migrations = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        pass
    ok = database and migrations
    body = {
        "status": "ok" if ok else "error",
        "database": database,
        "migrations": migrations,
        "version": settings.VERSION,
    }
    return JsonResponse(body, status=200 if ok else 503)


def _audit_filters(request: HttpRequest) -> tuple[AuditFilterForm, dict[str, Any]]:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, {k: v for k, v in filters.items() if v}


def audit_list(request: HttpRequest) -> HttpResponse:
    form, filters = _audit_filters(request)
    page = Paginator(audit_event_list(**filters).select_related("actor"), 50).get_page(request.GET.get("page"))
    template = "core/audit_list.html#results" if request.htmx else "core/audit_list.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page": page, "query": request.GET.urlencode()})


class _Echo:
    def write(self, value: str) -> str:
        return value


def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    _form, filters = _audit_filters(request)
    events = audit_event_list(**filters)
    # Exporting the trail is itself an auditable act: it may carry names of people.
    audit_record(
        actor=request.user,
        action="audit.export",
        kind=AuditEvent.Kind.READ,
        changes={"filters": {k: str(v) for k, v in filters.items()}},
    )
    writer = csv.writer(_Echo())
    header = [
        "time",
        "actor",
        "kind",
        "action",
        "object_type",
        "object_id",
        "object",
        "changes",
        "purpose",
        "ip",
        "request_id",
    ]

    def rows() -> Any:
        yield "\ufeff" + writer.writerow(header)  # BOM so spreadsheet programs read Turkish letters right
        for e in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    timezone.localtime(e.occurred_at).isoformat(),
                    e.actor_username,
                    e.kind,
                    e.action,
                    e.object_type,
                    e.object_id,
                    e.object_repr,
                    e.changes,
                    e.purpose,
                    e.ip or "",
                    e.request_id,
                ]
            )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
