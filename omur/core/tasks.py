from datetime import timedelta

from django.utils import timezone
from django_tasks import task


@task()
def housekeeping() -> dict[str, int]:
    """Nightly: drop expired sessions, old lockout records and finished job results."""
    from axes.models import AccessAttempt
    from django_tasks_db.models import DBTaskResult

    from omur.accounts.models import Session

    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=now - timedelta(days=1)).delete()
    results, _ = DBTaskResult.objects.filter(
        status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=now - timedelta(days=30)
    ).delete()
    return {"sessions": sessions, "attempts": attempts, "results": results}
