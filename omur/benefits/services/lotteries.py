"""Lotteries: prepare the list, close it and announce the public value to be used, record that
value once it is public (which fixes the seed), draw once. Method: LOTTERY.md and lottery.py."""

import datetime as dt
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.benefits import lottery as method
from omur.benefits.models import (
    ApplicationStatus,
    EntryResult,
    GrantApplication,
    GrantCohort,
    Lottery,
    LotteryDraw,
    LotteryEntry,
    LotteryStatus,
)
from omur.benefits.permissions import MANAGE_ROLES, WORK_ROLES
from omur.benefits.services.common import day_text, require_role
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError


class LotteryExists(ApplicationError):
    message = _("This cohort already has a lottery.")


class LotteryNotNeeded(ApplicationError):
    message = _("%(eligible)s eligible applicants for %(places)s places: everyone can be awarded without a draw.")


class WrongStage(ApplicationError):
    message = _("The lottery is “%(status)s”: this step is not possible now.")


class ValueSourceMissing(ApplicationError):
    message = _("Name the public value to be used and the date it becomes known.")


class ValueDueNotFuture(ApplicationError):
    message = _("The public value must become known after today, so nobody can know it when the list closes.")


class ValueNotYetPublic(ApplicationError):
    message = _("The public value becomes known on %(date)s; it can be recorded from that day.")


class ValueEmpty(ApplicationError):
    message = _("Enter the public value exactly as published.")


class ListChanged(ApplicationError):
    message = _("The applicant list no longer matches the one closed on announcement. The lottery cannot be drawn.")


class AlreadyDrawn(ApplicationError):
    message = _(
        "This lottery was already drawn on %(date)s by %(user)s. A draw cannot be repeated; "
        "the attempt has been recorded in the audit trail."
    )


def ref_prefix(cohort: GrantCohort) -> str:
    letters = "".join(part[0] for part in re.split(r"[-_]", cohort.scheme.code) if part)[:3].upper() or "L"
    return f"{letters}{cohort.year}"


def eligible_refs(lottery: Lottery) -> list[str]:
    return list(lottery.entries.filter(eligible=True).values_list("ref", flat=True))


@transaction.atomic
def lottery_create_for_cohort(*, actor: Any, cohort: GrantCohort, reserves: int, title: str = "") -> Lottery:
    """A lottery over a cohort's applications: eligible ones take part, rejected ones are listed
    with the rule that failed, so the published list shows everyone who applied."""
    require_role(actor, WORK_ROLES)
    if Lottery.objects.filter(cohort=cohort).exists():
        raise LotteryExists()
    applications = list(
        GrantApplication.objects.filter(cohort=cohort)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("person")
        .order_by("applied_on", "id")
    )
    eligible = sum(1 for a in applications if a.status == ApplicationStatus.ELIGIBLE)
    if eligible <= cohort.places:
        raise LotteryNotNeeded(eligible=eligible, places=cohort.places)
    try:
        with transaction.atomic():
            lottery = Lottery.objects.create(
                title=title.strip() or f"{cohort.scheme.name} {cohort.year}",
                cohort=cohort,
                places=cohort.places,
                reserves=max(0, reserves),
                created_by=actor,
            )
    except IntegrityError as exc:
        raise LotteryExists() from exc
    prefix = ref_prefix(cohort)
    LotteryEntry.objects.bulk_create(
        [
            LotteryEntry(
                lottery=lottery,
                ref=f"{prefix}-{n:04d}",
                person=a.person,
                application=a,
                eligible=a.status == ApplicationStatus.ELIGIBLE,
                reason=a.failed_rule,
                result="" if a.status == ApplicationStatus.ELIGIBLE else EntryResult.INELIGIBLE,
            )
            for n, a in enumerate(applications, start=1)
        ]
    )
    audit_record(
        actor=actor,
        action="lottery.create",
        obj=lottery,
        changes={"cohort": cohort.pk, "entries": len(applications), "eligible": eligible, "places": cohort.places},
    )
    return lottery


def _stage(lottery: Lottery, expected: str) -> Lottery:
    current = Lottery.objects.get(pk=lottery.pk)
    if current.status != expected:
        raise WrongStage(status=current.get_status_display())
    return current


@transaction.atomic
def lottery_announce(*, actor: Any, lottery: Lottery, value_source: str, value_due: dt.date | None) -> Lottery:
    """Close the applicant list (its SHA-256 is fixed and shown) and name the public value that will
    make the seed: something nobody can know yet."""
    require_role(actor, MANAGE_ROLES)
    lottery = _stage(lottery, LotteryStatus.OPEN)
    if not value_source.strip() or value_due is None:
        raise ValueSourceMissing()
    if value_due <= timezone.localdate():
        raise ValueDueNotFuture()
    digest = method.list_digest(eligible_refs(lottery))
    updated = Lottery.objects.filter(pk=lottery.pk, status=LotteryStatus.OPEN).update(
        status=LotteryStatus.ANNOUNCED,
        value_source=value_source.strip(),
        value_due=value_due,
        list_digest=digest,
        announced_at=timezone.now(),
        announced_by=actor,
    )
    if not updated:  # pragma: no cover - a colleague announced it a moment ago
        raise WrongStage(status=LotteryStatus.ANNOUNCED.label)
    lottery.refresh_from_db()
    audit_record(
        actor=actor,
        action="lottery.announce",
        obj=lottery,
        changes={"value_source": lottery.value_source, "value_due": value_due.isoformat(), "list_sha256": digest},
    )
    return lottery


@transaction.atomic
def lottery_record_value(*, actor: Any, lottery: Lottery, public_value: str) -> Lottery:
    """Record the announced public value once it is published; the seed follows from it and from
    the closed list, and can no longer change."""
    require_role(actor, MANAGE_ROLES)
    lottery = _stage(lottery, LotteryStatus.ANNOUNCED)
    if lottery.value_due and timezone.localdate() < lottery.value_due:
        raise ValueNotYetPublic(date=day_text(lottery.value_due))
    value = method.normalise_value(public_value)
    if not value:
        raise ValueEmpty()
    refs = eligible_refs(lottery)
    if method.list_digest(refs) != lottery.list_digest:
        raise ListChanged()
    seed = method.seed_for(refs, value)
    updated = Lottery.objects.filter(pk=lottery.pk, status=LotteryStatus.ANNOUNCED).update(
        status=LotteryStatus.SEEDED,
        public_value=value,
        public_value_at=timezone.now(),
        public_value_by=actor,
        seed=seed,
    )
    if not updated:  # pragma: no cover
        raise WrongStage(status=LotteryStatus.SEEDED.label)
    lottery.refresh_from_db()
    audit_record(actor=actor, action="lottery.seed", obj=lottery, changes={"public_value": value, "seed": seed})
    return lottery


def lottery_draw(*, actor: Any, lottery: Lottery) -> LotteryDraw:
    """Draw the main and reserve lists. Once only: a second attempt is refused, and the refusal
    itself is written to the audit trail (outside the failed transaction), so it is never silent."""
    try:
        return _lottery_draw(actor=actor, lottery=lottery)
    except AlreadyDrawn:
        audit_record(actor=actor, action="lottery.draw_refused", obj=lottery, changes={"reason": "already drawn"})
        raise


def _already_drawn(lottery: Lottery) -> AlreadyDrawn:
    draw = LotteryDraw.objects.select_related("drawn_by").get(lottery=lottery)
    return AlreadyDrawn(date=day_text(timezone.localtime(draw.drawn_at).date()), user=str(draw.drawn_by))


@transaction.atomic
def _lottery_draw(*, actor: Any, lottery: Lottery) -> LotteryDraw:
    require_role(actor, MANAGE_ROLES)
    current = Lottery.objects.get(pk=lottery.pk)
    if current.status == LotteryStatus.DRAWN or LotteryDraw.objects.filter(lottery=current).exists():
        raise _already_drawn(current)
    if current.status != LotteryStatus.SEEDED:
        raise WrongStage(status=current.get_status_display())
    refs = eligible_refs(current)
    if method.list_digest(refs) != current.list_digest:
        raise ListChanged()
    result = method.draw(refs, public_value=current.public_value, places=current.places, reserves=current.reserves)
    assert result.seed == current.seed  # the seed recorded earlier is the one the method gives
    try:
        with transaction.atomic():
            draw = LotteryDraw.objects.create(
                lottery=current, seed=result.seed, main=list(result.main), reserve=list(result.reserve), drawn_by=actor
            )
    except IntegrityError as exc:  # a colleague drew it a moment ago: the unique index refused ours
        raise _already_drawn(current) from exc
    ranks = {ref: i for i, ref in enumerate(result.order, start=1)}
    main, reserve = set(result.main), set(result.reserve)
    entries = list(current.entries.filter(eligible=True))
    for entry in entries:
        entry.rank = ranks[entry.ref]
        entry.result = (
            EntryResult.MAIN
            if entry.ref in main
            else EntryResult.RESERVE
            if entry.ref in reserve
            else EntryResult.NOT_DRAWN
        )
    LotteryEntry.objects.bulk_update(entries, ["rank", "result"])
    status_for = {
        EntryResult.MAIN: ApplicationStatus.SELECTED,
        EntryResult.RESERVE: ApplicationStatus.RESERVE,
        EntryResult.NOT_DRAWN: ApplicationStatus.NOT_SELECTED,
    }
    for result_code, status in status_for.items():
        GrantApplication.objects.filter(
            lottery_entry__in=[e for e in entries if e.result == result_code], status=ApplicationStatus.ELIGIBLE
        ).update(status=status)
    Lottery.objects.filter(pk=current.pk).update(status=LotteryStatus.DRAWN)
    audit_record(
        actor=actor,
        action="lottery.draw",
        obj=current,
        changes={
            "seed": result.seed,
            "public_value": current.public_value,
            "list_sha256": current.list_digest,
            "main": list(result.main),
            "reserve": list(result.reserve),
            "method": method.METHOD_VERSION,
        },
    )
    lottery.refresh_from_db()
    return draw
