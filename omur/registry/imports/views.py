"""Import pages: upload → check (dry run, every problem listed) → confirm (the real run).

The uploaded file stays on the server between the steps (see uploads.py); the review page checks it
again on every visit, so what is confirmed is what was last shown against the registry as it is now."""

import csv
import io
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omur.core.exceptions import ApplicationError
from omur.registry.imports.columns import COLUMNS
from omur.registry.imports.forms import MAX_UPLOAD_BYTES, ImportUploadForm
from omur.registry.imports.services import ImportReport, people_import, problem_counts
from omur.registry.imports.template import template_csv, template_xlsx
from omur.registry.imports.uploads import upload_delete, upload_path, upload_save

SESSION_KEY = "registry_imports"
# The page lists this many problems; the CSV download has all of them.
PROBLEMS_SHOWN = 500


def _pending(request: HttpRequest) -> dict[str, str]:
    return request.session.get(SESSION_KEY, {})


def _uploaded(request: HttpRequest, token: str) -> tuple[str, Any]:
    """The file name and path of the signed-in user's own upload, else 404."""
    name = _pending(request).get(token)
    path = upload_path(token) if name else None
    if path is None:
        raise Http404
    return name, path  # type: ignore[return-value]


def _forget(request: HttpRequest, token: str) -> None:
    pending = dict(_pending(request))
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    upload_delete(token)


def upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > MAX_UPLOAD_BYTES + 1024 * 1024:
        # Refused before Django spools the whole body to a temporary file.
        form = ImportUploadForm(data={})
        form.full_clean()
        form.errors["file"] = form.error_class([_("The file is larger than 25 MB: split it into smaller files.")])
        return render(request, "imports/upload.html", {"form": form, "columns": COLUMNS}, status=413)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        token = upload_save(file)
        pending = dict(_pending(request))
        # A few at most per user: the oldest abandoned upload goes (and any file is gone after a day).
        while len(pending) >= 5:
            oldest = next(iter(pending))
            del pending[oldest]
            upload_delete(oldest)
        pending[token] = file.name[:200]
        request.session[SESSION_KEY] = pending
        return redirect("imports:review", token=token)
    return render(request, "imports/upload.html", {"form": form, "columns": COLUMNS})


def _check(request: HttpRequest, token: str) -> tuple[str, ImportReport | None, str]:
    name, path = _uploaded(request, token)
    try:
        return name, people_import(actor=request.user, path=path, file_name=name, dry_run=True), ""
    except ApplicationError as exc:
        return name, None, str(exc)


def review(request: HttpRequest, token: str) -> HttpResponse:
    name, report, error = _check(request, token)
    context: dict[str, Any] = {"token": token, "file_name": name, "report": report, "error": error}
    if report is not None:
        context["problems"] = report.problems[:PROBLEMS_SHOWN]
        context["problem_counts"] = problem_counts(report.problems)
        context["problems_hidden"] = max(0, len(report.problems) - PROBLEMS_SHOWN)
    return render(request, "imports/review.html", context)


@require_POST
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    name, path = _uploaded(request, token)
    try:
        report = people_import(actor=request.user, path=path, file_name=name, dry_run=False)
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect("imports:review", token=token)
    if not report.committed:
        messages.error(request, _("The file has problems now (the registry may have changed): nothing was imported."))
        return redirect("imports:review", token=token)
    _forget(request, token)
    messages.success(
        request,
        _(
            "Imported %(rows)d rows from %(name)s: %(created)d new people, %(updated)d updated, %(unchanged)d unchanged; %(households)d new households."
        )
        % {
            "rows": report.rows,
            "name": name,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "households": report.households_created,
        },
    )
    return redirect("imports:upload")


@require_POST
def discard(request: HttpRequest, token: str) -> HttpResponse:
    _uploaded(request, token)
    _forget(request, token)
    messages.info(request, _("The uploaded file was deleted; nothing was imported."))
    return redirect("imports:upload")


def problems_csv(request: HttpRequest, token: str) -> HttpResponse:
    _name, report, error = _check(request, token)
    if report is None:
        raise Http404(error)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Row"), _("Column"), _("Problem")])
    writer.writerows((p.row, _cell(p.column), _cell(p.message)) for p in report.problems)
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="aktarim-sorunlari.csv"'
    return response


def _cell(text: str) -> str:
    # Column names and messages quote the uploaded file: a spreadsheet must not run "=..." as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def template_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(template_xlsx(), content_type=content_type)
    elif fmt == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="kisi-aktarim-sablonu.{fmt}"'
    return response
