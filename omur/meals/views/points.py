"""Kitchens, sale points, the meal price, the points' daily figures and suspended meals."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omur.meals import selectors, services
from omur.meals.forms import DonationForm, KitchenForm, PointDayForm, PointForm, PriceForm, RedeemForm
from omur.meals.models import DeliveryStop, Kitchen, PointDay, SalePoint, StopStatus

from .common import day_param, error_text, kitchen_param, tomorrow


def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = selectors.point_day_rows(day=today)
    stops = DeliveryStop.objects.filter(day=today).aggregate(
        total=Count("id"),
        done=Count("id", filter=~Q(status=StopStatus.PENDING)),
    )
    context = {
        "today": today,
        "tomorrow": tomorrow(),
        "menu_today": selectors.menu_for(today),
        "menu_tomorrow": selectors.menu_for(tomorrow()),
        "totals": selectors.point_day_totals(rows),
        "points": len(rows),
        "price": selectors.meal_price_on(today),
        "balance": selectors.suspended_balance(),
        "stops": stops,
        "runs": selectors.runs_for_day(today),
        "kitchens": Kitchen.objects.filter(is_active=True),
    }
    return render(request, "meals/dashboard.html", context)


def point_list(request: HttpRequest) -> HttpResponse:
    kitchen = kitchen_param(request)
    points = SalePoint.objects.select_related("kitchen", "neighbourhood__district").order_by(
        "kitchen__name", "neighbourhood__district__name", "name"
    )
    if kitchen:
        points = points.filter(kitchen=kitchen)
    kitchens = Kitchen.objects.annotate(n_points=Count("points")).order_by("name")
    return render(request, "meals/point_list.html", {"points": points, "kitchens": kitchens, "kitchen": kitchen})


@require_http_methods(["GET", "POST"])
def point_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    point = get_object_or_404(SalePoint, pk=pk) if pk else None
    form = PointForm(request.POST or None, instance=point)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.point_save(actor=request.user, point=point, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Point %(name)s saved.") % {"name": saved.name})
            return redirect("meals:point-list")
    status = 400 if request.method == "POST" else 200
    return render(request, "meals/point_form.html", {"form": form, "point": point}, status=status)


@require_http_methods(["GET", "POST"])
def kitchen_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kitchen = get_object_or_404(Kitchen, pk=pk)
    form = KitchenForm(request.POST or None, instance=kitchen)
    if request.method == "POST" and form.is_valid():
        try:
            services.kitchen_update(actor=request.user, kitchen=Kitchen.objects.get(pk=pk), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Kitchen saved."))
            return redirect("meals:point-list")
    return render(request, "meals/kitchen_form.html", {"form": form, "kitchen": kitchen})


def price_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "meals/price_list.html",
        {
            "prices": selectors.price_history(),
            "current": selectors.meal_price_on(today),
            "today": today,
            "form": PriceForm(initial={"valid_from": today + dt.timedelta(days=1)}),
        },
    )


@require_POST
def price_add(request: HttpRequest) -> HttpResponse:
    form = PriceForm(request.POST)
    if form.is_valid():
        try:
            services.meal_price_add(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The new price is recorded."))
    else:
        messages.error(request, _("Check the price and the date."))
    return redirect("meals:price-list")


def point_days(request: HttpRequest) -> HttpResponse:
    day = day_param(request)
    kitchen = kitchen_param(request)
    rows = selectors.point_day_rows(day=day, kitchen=kitchen)
    context = {
        "day": day,
        "rows": rows,
        "totals": selectors.point_day_totals(rows),
        "kitchen": kitchen,
        "kitchens": Kitchen.objects.filter(is_active=True),
        "price": selectors.meal_price_on(day),
        "editable": day <= timezone.localdate(),
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
    }
    return render(request, "meals/point_days.html", context)


@require_POST
def point_day_record(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_object_or_404(SalePoint.objects.select_related("kitchen", "neighbourhood__district"), pk=point_id)
    form = PointDayForm(request.POST)
    error = ""
    day = day_param(request)
    if form.is_valid():
        day = form.cleaned_data["day"]
        try:
            services.point_day_record(
                actor=request.user, point=point, day=day, sent=form.cleaned_data["sent"], sold=form.cleaned_data["sold"]
            )
        except ValidationError as exc:
            error = error_text(exc)
    else:
        error = _("Enter whole numbers of portions (0 or more).")
    if not getattr(request, "htmx", False):
        if error:
            messages.error(request, error)
        return redirect(f"{reverse('meals:point-days')}?day={day:%Y-%m-%d}")
    record = PointDay.objects.filter(point=point, day=day).first()
    expected = record.expected if record else selectors.expected_portions([point.pk], day).get(point.pk, 0)
    row = selectors.PointRow(point=point, expected=expected, record=record)
    return render(
        request,
        "meals/point_days.html#point-row",
        {"row": row, "day": day, "editable": True, "error": error},
    )


def donation_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.donation_list(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "meals/donation_list.html",
        {
            "page": page,
            "balance": selectors.suspended_balance(),
            "ledger": selectors.ledger_recent(),
            "form": DonationForm(),
            "redeem_form": RedeemForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def donation_create(request: HttpRequest) -> HttpResponse:
    form = DonationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.donation_receive(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Donation recorded: %(n)s meals.") % {"n": form.cleaned_data["meals"]})
            return redirect("meals:donation-list")
    status = 400 if request.method == "POST" else 200
    return render(request, "meals/donation_form.html", {"form": form}, status=status)


@require_POST
def redeem(request: HttpRequest) -> HttpResponse:
    form = RedeemForm(request.POST)
    if form.is_valid():
        try:
            services.suspended_redeem(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _("%(n)s suspended meals handed out at %(point)s.")
                % {"n": form.cleaned_data["count"], "point": form.cleaned_data["point"]},
            )
    else:
        messages.error(request, _("Choose a point and the number of meals."))
    return redirect("meals:donation-list")
