"""Lotteries: the list, one lottery's steps, the published applicant list (CSV) and the method."""

import csv
import io

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omur.benefits import lottery as method
from omur.benefits import selectors
from omur.benefits.forms import AnnounceForm, PublicValueForm
from omur.benefits.models import EntryResult, Lottery, LotteryDraw
from omur.benefits.services import lotteries
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError
from omur.core.models import AuditEvent

from .common import audit_listed, can_manage


def lottery_list(request: HttpRequest) -> HttpResponse:
    return render(request, "benefits/lottery_list.html", {"lotteries": selectors.lottery_list()})


def lottery_method(request: HttpRequest) -> HttpResponse:
    return render(request, "benefits/lottery_method.html", {"version": method.METHOD_VERSION})


def _lottery(pk: int) -> Lottery:
    return get_object_or_404(
        Lottery.objects.select_related("cohort__scheme", "announced_by", "public_value_by", "created_by"), pk=pk
    )


def lottery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lottery = _lottery(pk)
    entries = list(lottery.entries.select_related("person", "application"))
    order = {EntryResult.MAIN: 0, EntryResult.RESERVE: 1, EntryResult.NOT_DRAWN: 2, "": 3, EntryResult.INELIGIBLE: 4}
    entries.sort(key=lambda e: (order.get(e.result, 5), e.rank or 0, e.ref))
    audit_listed(request, action="lottery.view", object_type="benefits.lotteryentry", ids=[e.pk for e in entries])
    draw = LotteryDraw.objects.filter(lottery=lottery).select_related("drawn_by").first()
    refused = AuditEvent.objects.filter(
        action="lottery.draw_refused", object_type="benefits.lottery", object_id=str(lottery.pk)
    ).count()
    context = {
        "lottery": lottery,
        "entries": entries,
        "eligible_count": sum(1 for e in entries if e.eligible),
        "draw": draw,
        "refused": refused,
        "announce_form": AnnounceForm(),
        "value_form": PublicValueForm(),
        "can_manage": can_manage(request.user),
        "today": timezone.localdate(),
        "command": (
            f'manage.py lottery_draw --applicants lottery-{lottery.pk}.csv --seed-value "{lottery.public_value}" '
            f"--places {lottery.places} --reserves {lottery.reserves}"
        ),
    }
    return render(request, "benefits/lottery_detail.html", context)


def _step(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("benefits:lottery-detail", pk=pk)


@require_POST
def lottery_announce(request: HttpRequest, pk: int) -> HttpResponse:
    lottery = _lottery(pk)
    form = AnnounceForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("benefits:lottery-detail", pk=pk)
    return _step(
        request,
        pk,
        lambda: lotteries.lottery_announce(actor=request.user, lottery=lottery, **form.cleaned_data),
        _("The list is closed and the public value announced. Publish the list and its SHA-256 now."),
    )


@require_POST
def lottery_value(request: HttpRequest, pk: int) -> HttpResponse:
    lottery = _lottery(pk)
    form = PublicValueForm(request.POST)
    value = form.data.get("public_value", "")
    return _step(
        request,
        pk,
        lambda: lotteries.lottery_record_value(actor=request.user, lottery=lottery, public_value=value),
        _("Public value recorded; the seed is fixed."),
    )


@require_POST
def lottery_draw(request: HttpRequest, pk: int) -> HttpResponse:
    lottery = _lottery(pk)
    return _step(
        request, pk, lambda: lotteries.lottery_draw(actor=request.user, lottery=lottery), _("The lottery is drawn.")
    )


def lottery_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant list as published: reference, eligibility, masked name, reason. With the public
    value this is all `manage.py lottery_draw` needs."""
    lottery = _lottery(pk)
    entries = list(lottery.entries.select_related("person").order_by("ref"))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(method.CSV_HEADER)
    for e in entries:
        writer.writerow(
            [e.ref, "1" if e.eligible else "0", method.mask_name(e.person.given_name, e.person.family_name), e.reason]
        )
    audit_record(
        actor=request.user,
        action="lottery.export",
        kind=AuditEvent.Kind.READ,
        obj=lottery,
        changes={"entries": len(entries)},
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lottery-{lottery.pk}.csv"'
    return response
