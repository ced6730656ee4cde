from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from omur.core.access import rule_for

register = template.Library()

_TABS = [
    (_("Enrolments"), "cases:enrolment-list"),
    (_("Assessments"), "cases:assessment-list"),
    (_("Referrals"), "cases:referral-list"),
    (_("Care plans"), "cases:careplan-list"),
    (_("Partner institutions"), "cases:partner-list"),
    (_("Coverage"), "cases:coverage"),
]

_BADGES = {
    # enrolments
    "waiting": "text-bg-warning",
    "active": "text-bg-success",
    "suspended": "text-bg-secondary",
    "closed": "text-bg-light border",
    # assessments
    "scheduled": "text-bg-info",
    "completed": "text-bg-warning",
    "approved": "text-bg-success",
    "rejected": "text-bg-danger",
    "cancelled": "text-bg-light border",
    # referrals ("completed" means something else for an assessment)
    "referral-sent": "text-bg-info",
    "referral-accepted": "text-bg-primary",
    "referral-declined": "text-bg-danger",
    "referral-completed": "text-bg-success",
    # tasks
    "open": "text-bg-primary",
    "done": "text-bg-success",
    # note levels
    "general": "text-bg-light border",
    "clinical": "text-bg-danger",
    "restricted": "text-bg-warning",
}


@register.inclusion_tag("cases/_tabs.html", takes_context=True)
def cases_tabs(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    current = request.resolver_match.view_name if request.resolver_match else ""
    tabs = []
    for label, name in _TABS:
        rule = rule_for(name)
        if rule is not None and rule.allows(request.user):
            tabs.append({"label": label, "url": reverse(name), "active": current == name})
    return {"tabs": tabs}


@register.filter
def status_badge(value: str) -> str:
    return _BADGES.get(str(value), "text-bg-light border")


@register.filter
def priority_badge(value: int) -> str:
    return {40: "text-bg-danger", 30: "text-bg-warning", 10: "text-bg-light border"}.get(int(value or 0), "")


_RELATED_PAGES = {
    "enrolment": "cases:enrolment-detail",
    "assessment": "cases:assessment-detail",
    "referral": "cases:referral-detail",
}


@register.simple_tag(takes_context=True)
def task_related_url(context: dict[str, Any], task: Any) -> str:
    """The page of what a task is about, when it is one of ours and the viewer may open it."""
    if not task.related_id or not task.related_type_id:
        return ""
    content_type = task.related_type
    name = _RELATED_PAGES.get(content_type.model) if content_type.app_label == "cases" else None
    rule = rule_for(name) if name else None
    if name is None or rule is None or not rule.allows(context["request"].user):
        return ""
    return reverse(name, kwargs={"pk": task.related_id})
