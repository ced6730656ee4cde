"""The intake cards on the home page: what is waiting at the front door today, and where open
requests stand. Each card runs one aggregate query (selectors.intake_figures)."""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omur.core.home_cards import Card, Figure, register
from omur.intake.models import Status
from omur.intake.selectors import intake_figures
from omur.intake.workflow import INTAKE_ROLES


@register(roles=INTAKE_ROLES)
def intake_card(user: Any) -> Card | None:
    figures = intake_figures(user=user)
    url = reverse("intake:request-list")
    days = int(settings.OMUR_INTAKE_OVERDUE_DAYS)
    return Card(
        title=_("Requests"),
        figures=[
            Figure(_("New today"), figures["new_today"], f"{url}?sort=newest"),
            Figure(
                ngettext("Overdue (new > %(days)s day)", "Overdue (new > %(days)s days)", days) % {"days": days},
                figures["overdue"],
                f"{url}?overdue=on",
            ),
            Figure(_("Assigned to me, open"), figures["mine"], f"{url}?mine=on&status=open"),
        ],
    )


@register(roles=INTAKE_ROLES)
def open_requests_card(user: Any) -> Card | None:
    figures = intake_figures(user=user)
    url = reverse("intake:request-list")
    return Card(
        title=_("Open requests by status"),
        figures=[
            Figure(str(status.label), figures[status.value], f"{url}?status={status.value}")
            for status in (Status.NEW, Status.TRIAGED, Status.ASSESSMENT_SCHEDULED, Status.DECIDED)
        ],
    )
