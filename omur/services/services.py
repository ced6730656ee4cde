"""Writes to the catalogue. Catalogue rows are not personal data, but who changed a service, a rule
or a price — and when — is still recorded in the audit trail, because a changed rule changes who
is offered a service."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from omur.core.audit import audit_record, diff_fields
from omur.core.exceptions import ApplicationError
from omur.services.eligibility import validate_params
from omur.services.models import EligibilityRule, LifeStage, Service, ServicePrice

SERVICE_FIELDS = [
    "name_tr",
    "name_en",
    "description_tr",
    "description_en",
    "policy_area",
    "delivery_model",
    "mechanism",
    "department",
    "documents_tr",
    "documents_en",
    "application_channels",
    "capacity",
    "capacity_note_tr",
    "capacity_note_en",
    "active_from",
    "active_to",
    "is_public",
]


class PriceAlreadySet(ApplicationError):
    message = _("This service already has a price from that day; change it in the administration instead.")


class InvalidRule(ApplicationError):
    message = _("An eligibility rule is not valid: %(reason)s")


def _snapshot(service: Service) -> dict[str, Any]:
    data = model_to_dict(service, fields=SERVICE_FIELDS)
    data["life_stages"] = sorted(service.life_stages.values_list("code", flat=True))
    return data


@transaction.atomic
def service_update(*, actor: Any, service: Service, data: dict[str, Any], life_stages: list[LifeStage]) -> Service:
    # From the database: a bound ModelForm has already copied its data onto `service`.
    before = _snapshot(Service.objects.get(pk=service.pk))
    for name in SERVICE_FIELDS:
        if name in data:
            setattr(service, name, data[name])
    service.full_clean()
    service.save()
    service.life_stages.set(life_stages)
    changes = diff_fields(before, _snapshot(service))
    if changes:
        audit_record(actor=actor, action="service.update", obj=service, changes=changes)
    return service


@transaction.atomic
def service_rules_replace(*, actor: Any, service: Service, rules: list[dict[str, Any]]) -> list[EligibilityRule]:
    """Replace the service's rules with `rules` ({kind, params, note_tr, note_en, order}) at once,
    so the worklist never sees half an edit."""
    for rule in rules:
        try:
            validate_params(rule["kind"], rule.get("params") or {})
        except Exception as exc:  # ValidationError: its message is already translated
            raise InvalidRule(reason="; ".join(getattr(exc, "messages", [str(exc)]))) from exc
    before = [{"kind": r.kind, "params": r.params} for r in service.eligibility_rules.order_by("order", "id")]
    service.eligibility_rules.all().delete()
    created = EligibilityRule.objects.bulk_create(
        EligibilityRule(
            service=service,
            kind=r["kind"],
            params=r.get("params") or {},
            note_tr=r.get("note_tr", ""),
            note_en=r.get("note_en", ""),
            order=r.get("order") or i,
        )
        for i, r in enumerate(rules, start=1)
    )
    after = [{"kind": r.kind, "params": r.params} for r in sorted(created, key=lambda r: r.order)]
    if before != after:
        audit_record(actor=actor, action="service.rules_update", obj=service, changes={"rules": [before, after]})
    return created


@transaction.atomic
def service_price_add(*, actor: Any, service: Service, amount: Decimal, valid_from: dt.date) -> ServicePrice:
    """A new price from a day; earlier prices stay as history (never overwritten)."""
    try:
        with transaction.atomic():
            price = ServicePrice.objects.create(service=service, amount=amount, valid_from=valid_from)
    except IntegrityError as exc:
        raise PriceAlreadySet from exc
    audit_record(
        actor=actor,
        action="service.price_add",
        obj=service,
        changes={"price": [None, str(amount)], "valid_from": [None, str(valid_from)]},
    )
    return price
