import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from omur.core.pdf import pdf_response
from omur.hub import selectors
from omur.hub.forms import PlaybookUploadForm
from omur.hub.models import Project
from omur.hub.pdf import playbook_pdf
from omur.hub.services.playbook import PlaybookInvalid, playbook_export, playbook_import

MAX_PACKAGE_BYTES = 2 * 1024 * 1024


@require_GET
def playbook_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_detail(pk=pk)
    pdf = playbook_pdf(project)
    return pdf_response(pdf, f"playbook-{project.code}.pdf")


@require_GET
def playbook_json(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    response = JsonResponse(
        playbook_export(project=project, actor=request.user), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="playbook-{project.code}.json"'
    return response


@require_http_methods(["GET", "POST"])
def playbook_upload(request: HttpRequest) -> HttpResponse:
    form = PlaybookUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["package"]
            if upload.size > MAX_PACKAGE_BYTES:
                form.add_error("package", _("The package is larger than 2 MB; a playbook is much smaller."))
            else:
                try:
                    package = json.loads(upload.read().decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    form.add_error("package", _("This is not a JSON file exported from Ömür."))
                else:
                    try:
                        report = playbook_import(actor=request.user, package=package)
                    except PlaybookInvalid as exc:
                        context["problems"] = exc.messages
                    except ValidationError as exc:
                        context["problems"] = exc.messages
                    else:
                        context["report"] = report
                        messages.success(request, _("Playbook imported."))
                        status = 200
    return render(request, "hub/playbook_upload.html", context, status=status)
