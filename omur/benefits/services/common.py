"""What every benefits write path shares: role checks, eligibility through the catalogue, money."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from omur.core.access import user_roles
from omur.core.exceptions import ApplicationError
from omur.services.eligibility import RuleOutcome, ServiceEligibility, describe_rule, evaluate_person, place_names
from omur.services.models import EligibilityRule, Service


class NotAllowed(ApplicationError):
    message = _("Your role cannot do this in benefits.")


class NotEligible(ApplicationError):
    message = _("%(person)s does not meet the rules of %(service)s: %(reasons)s")


def require_role(actor: Any, allowed: Iterable[str]) -> None:
    # None is a system job (the demo seeder); people always come with a user.
    if actor is not None and not user_roles(actor) & frozenset(allowed):
        raise NotAllowed()


def money(amount: Decimal | int | None) -> str:
    """An amount in Turkish lira with the active locale's separators: "1.250,00 ₺"."""
    if amount is None:
        return "—"
    value = Decimal(amount).quantize(Decimal("0.01"))
    return f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)} ₺"


def day_text(day: dt.date) -> str:
    return formats.date_format(day, "d.m.Y")


def service_with_rules(service: Service) -> Service:
    return Service.objects.prefetch_related(
        Prefetch("eligibility_rules", queryset=EligibilityRule.objects.order_by("order", "id"))
    ).get(pk=service.pk)


def check_eligibility(person: Any, service: Service, *, day: dt.date) -> ServiceEligibility:
    """The catalogue's own per-person evaluation (omur.services.eligibility), rule by rule."""
    return evaluate_person(person, [service_with_rules(service)], day=day)[0]


def refusal_reasons(result: ServiceEligibility) -> list[RuleOutcome]:
    """The outcomes that keep a person out: failed rules first, then facts not recorded."""
    failed = [o for o in result.outcomes if o.status == "failed"]
    unknown = [o for o in result.outcomes if o.status == "unknown"]
    return failed + unknown


def rule_name(outcome: RuleOutcome) -> str:
    """The rule in words ("Age 25–45 years"), for the failed-rule column."""
    if outcome.rule is None:
        return str(outcome.explanation)
    return describe_rule(outcome.rule, place_names([outcome.rule]))


def ensure_eligible(person: Any, service: Service, *, day: dt.date) -> ServiceEligibility:
    result = check_eligibility(person, service, day=day)
    if not result.eligible:
        reasons = "; ".join(o.explanation for o in refusal_reasons(result))
        raise NotEligible(person=person.full_name, service=service.name, reasons=reasons)
    return result
