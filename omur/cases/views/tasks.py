"""The task inbox: per user and per role, with due and overdue tasks, htmx filters and actions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omur.accounts.models import User
from omur.cases import selectors, services
from omur.cases.forms import CloseNoteForm, TaskCreateForm, TaskFilterForm
from omur.cases.models import Task, TaskSource
from omur.cases.permissions import TASK_OVERSEE_ROLES, TASK_ROLES
from omur.core.access import user_roles
from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError

from .common import PAGE_SIZE, audit_listed, htmx_or_full, int_param, next_url, person_or_404


def task_inbox(request: HttpRequest) -> HttpResponse:
    can_oversee = bool(user_roles(request.user) & TASK_OVERSEE_ROLES)
    form = TaskFilterForm(request.GET or None, can_oversee=can_oversee)
    filters = form.filters() if request.GET else {"scope": "inbox", "due": "", "source": "", "status": "open"}
    tasks = selectors.task_inbox(actor=request.user, **filters)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_listed(
        request,
        action="task.list",
        object_type="registry.person",
        ids={t.person_id for t in page.object_list if t.person_id},
    )
    context = {
        "form": form,
        "page": page,
        "counts": selectors.task_counts(actor=request.user),
        "today": timezone.localdate(),
        "filters": filters,
    }
    return render(request, htmx_or_full(request, "cases/task_inbox.html"), context)


def _task_for(request: HttpRequest, pk: int) -> Task:
    task = Task.objects.select_related("person", "assignee", "related_type").filter(pk=pk).first()
    if task is None or not selectors.task_actionable_by(request.user, task):
        raise Http404
    return task


def _after_action(request: HttpRequest, task: Task, done_message: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return render(request, "cases/task_inbox.html#task-row", {"task": task, "today": timezone.localdate()})
    messages.success(request, done_message)
    return redirect(next_url(request, reverse("cases:task-inbox")))


def _run(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    task = _task_for(request, pk)
    form = CloseNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if action == "complete":
            services.task_complete(actor=request.user, task=task, note=note)
            text = _("Task marked as done.")
        elif action == "cancel":
            services.task_cancel(actor=request.user, task=task, note=note)
            text = _("Task cancelled.")
        else:
            services.task_take(actor=request.user, task=task)
            text = _("The task is now in your inbox.")
    except ApplicationError as exc:
        if getattr(request, "htmx", False):
            task.refresh_from_db()
            return render(
                request,
                "cases/task_inbox.html#task-row",
                {"task": task, "today": timezone.localdate(), "error": str(exc)},
            )
        messages.error(request, str(exc))
        return redirect(next_url(request, reverse("cases:task-inbox")))
    return _after_action(request, task, text)


@require_POST
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "complete")


@require_POST
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "cancel")


@require_POST
def task_take(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "take")


@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest) -> HttpResponse:
    person_id = int_param(request, "person")
    person = person_or_404(person_id) if person_id else None
    staff = (
        User.objects.filter(is_active=True, groups__name__in=TASK_ROLES).distinct().order_by("first_name", "last_name")
    )
    form = TaskCreateForm(request.POST or None, staff=staff, has_person=person is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_raise(
                actor=request.user,
                source=TaskSource.MANUAL,
                title=data["title"],
                detail=data["detail"],
                person=person,
                assignee=data["assignee"],
                assignee_role=data["assignee_role"],
                due=data["due"],
                priority=data["priority"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Task added."))
            if person is not None:
                return redirect("cases:person-case", person_id=person.pk)
            return redirect("cases:task-inbox")
    if person is not None:
        audit_read(actor=request.user, obj=person, action="person.view", purpose="task")
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/task_form.html", {"form": form, "person": person}, status=status)
