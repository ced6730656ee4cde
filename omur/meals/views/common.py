import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone

from omur.meals.models import Kitchen


def day_param(request: HttpRequest, name: str = "day", default: dt.date | None = None) -> dt.date:
    value = request.GET.get(name) or request.POST.get(name) or ""
    try:
        return dt.date.fromisoformat(value) if value else (default or timezone.localdate())
    except ValueError:
        return default or timezone.localdate()


def parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise Http404 from exc


def kitchen_param(request: HttpRequest) -> Kitchen | None:
    value = request.GET.get("kitchen", "")
    return Kitchen.objects.filter(pk=int(value)).first() if value.isdigit() else None


def error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)
