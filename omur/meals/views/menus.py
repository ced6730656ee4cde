"""Dishes, daily menus, menu cycles and the production sheet."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omur.core.calendar import holiday_name
from omur.core.pdf import new_pdf, pdf_response
from omur.meals import selectors, services
from omur.meals.forms import SPECIAL_DIETS, CycleDayForm, CycleForm, DishForm, GenerateForm, MenuForm
from omur.meals.models import Diet, Dish, MenuCycle

from .common import day_param, error_text, kitchen_param, parse_day, tomorrow


def dish_list(request: HttpRequest) -> HttpResponse:
    return render(request, "meals/dish_list.html", {"dishes": selectors.dishes(), "diets": SPECIAL_DIETS})


@require_http_methods(["GET", "POST"])
def dish_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    dish = get_object_or_404(Dish.objects.prefetch_related("variants"), pk=pk) if pk else None
    initial = {}
    if dish:
        initial = {"name": dish.name, "course": dish.course, "allergens": dish.allergens, "is_active": dish.is_active}
        initial |= {f"variant_{v.diet}": v.note for v in dish.variants.all()}
    form = DishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.dish_save(
                actor=request.user,
                dish=dish,
                name=data["name"],
                course=data["course"],
                allergens=data["allergens"],
                variants=form.variants(),
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Dish saved."))
            return redirect("meals:dish-list")
    status = 400 if request.method == "POST" else 200
    return render(request, "meals/dish_form.html", {"form": form, "dish": dish}, status=status)


def menu_calendar(request: HttpRequest) -> HttpResponse:
    """Two weeks of menus from the Monday of the chosen week."""
    day = day_param(request, "week")
    monday = day - dt.timedelta(days=day.weekday())
    end = monday + dt.timedelta(days=13)
    menus = selectors.menus_between(monday, end)
    weeks = []
    for w in range(2):
        days = []
        for d in range(5):
            date = monday + dt.timedelta(days=7 * w + d)
            days.append({"date": date, "menu": menus.get(date), "holiday": holiday_name(date)})
        weeks.append(days)
    return render(
        request,
        "meals/menu_calendar.html",
        {
            "weeks": weeks,
            "today": timezone.localdate(),
            "tomorrow": tomorrow(),
            "previous": monday - dt.timedelta(days=14),
            "next": monday + dt.timedelta(days=14),
        },
    )


@require_http_methods(["GET", "POST"])
def menu_edit(request: HttpRequest, day: str) -> HttpResponse:
    date = parse_day(day)
    menu = selectors.menu_for(date)
    initial = {"dish1": menu.dish1, "dish2": menu.dish2, "dish3": menu.dish3, "bread": menu.bread} if menu else {}
    form = MenuForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.menu_set(
                actor=request.user,
                day=date,
                dishes=form.dishes(),
                bread=form.cleaned_data["bread"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Menu of %(day)s saved.") % {"day": f"{date:%d.%m.%Y}"})
            return redirect(f"{reverse('meals:menu-calendar')}?week={date:%Y-%m-%d}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "meals/menu_form.html",
        {"form": form, "day": date, "menu": menu, "past": date < timezone.localdate()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def cycle_list(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            return redirect("meals:cycle-detail", pk=cycle.pk)
    return render(request, "meals/cycle_list.html", {"cycles": MenuCycle.objects.all(), "form": form})


@require_http_methods(["GET", "POST"])
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(MenuCycle, pk=pk)
    form = CycleDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_day_set(
                actor=request.user,
                cycle=cycle,
                week=form.cleaned_data["week"],
                weekday=form.cleaned_data["weekday"],
                dishes=form.dishes(),
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Cycle day saved."))
            return redirect("meals:cycle-detail", pk=pk)
    slots = {(d.week, d.weekday): d for d in cycle.days.select_related("dish1", "dish2", "dish3")}
    grid = [[slots.get((w, d)) for d in range(5)] for w in range(1, cycle.weeks + 1)]
    today = timezone.localdate()
    generate = GenerateForm(initial={"start": today, "end": today + dt.timedelta(days=27)})
    return render(
        request, "meals/cycle_detail.html", {"cycle": cycle, "grid": grid, "form": form, "generate": generate}
    )


@require_POST
def cycle_generate(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(MenuCycle, pk=pk)
    form = GenerateForm(request.POST)
    if form.is_valid():
        try:
            n = services.menus_generate(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("%(n)s daily menus made from the cycle.") % {"n": n})
    else:
        messages.error(request, _("Give the first and the last day."))
    return redirect("meals:cycle-detail", pk=pk)


def _sheet(request: HttpRequest) -> tuple[list[selectors.ProductionSheet], dt.date]:
    day = day_param(request, default=tomorrow())
    kitchen = kitchen_param(request)
    from omur.meals.models import Kitchen

    kitchens = [kitchen] if kitchen else list(Kitchen.objects.filter(is_active=True).order_by("name"))
    return [selectors.production_sheet(kitchen=k, day=day) for k in kitchens], day


def production(request: HttpRequest) -> HttpResponse:
    from omur.meals.models import Kitchen

    sheets, day = _sheet(request)
    return render(
        request,
        "meals/production.html",
        {
            "sheets": sheets,
            "day": day,
            "diets": list(Diet),
            "kitchens": Kitchen.objects.filter(is_active=True),
            "kitchen": kitchen_param(request),
            "holiday": holiday_name(day),
        },
    )


def production_pdf(request: HttpRequest) -> HttpResponse:
    sheets, day = _sheet(request)
    pdf = new_pdf(title=_("Production sheet"), orientation="landscape")
    diets = list(Diet)
    for sheet in sheets:
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 15)
        pdf.cell(
            0, 9, f"{_('Production sheet')} · {sheet.kitchen.name} · {day:%d.%m.%Y}", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(
            0,
            6,
            _(
                "Points (expected): %(points)s portions · Home deliveries: %(homes)s portions for %(households)s households"
            )
            % {"points": sheet.point_portions, "homes": sheet.home_total, "households": sheet.households},
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(2)
        if sheet.menu is None:
            pdf.cell(0, 8, _("No menu for this day."), new_x="LMARGIN", new_y="NEXT")
            continue
        widths = [70, 28] + [26] * len(diets) + [24]
        headers = [_("Dish"), _("Points")] + [str(d.label) for d in diets] + [_("Total")]
        pdf.set_font("DejaVu", "B", 10)
        for w, h in zip(widths, headers, strict=True):
            pdf.cell(w, 8, h, border=1)
        pdf.ln()
        pdf.set_font("DejaVu", "", 10)
        for line in sheet.lines:
            cells = (
                [line.dish.name, str(line.points)]
                + [str(line.homes.get(d.value, 0)) for d in diets]
                + [str(line.total)]
            )
            for w, c in zip(widths, cells, strict=True):
                pdf.cell(w, 8, c, border=1)
            pdf.ln()
        pdf.cell(widths[0], 8, _("Bread"), border=1)
        pdf.cell(sum(widths[1:]), 8, str(sheet.bread), border=1)
        pdf.ln(10)
        for line in sheet.lines:
            notes = [f"{Diet(d).label}: {n}" for d, n in line.variants.items()]
            if line.missing_variants:
                notes.append(_("No variant for: %(diets)s") % {"diets": ", ".join(line.missing_variants)})
            if line.allergy_conflicts:
                notes.append(_("%(n)s portions go to households allergic to this dish") % {"n": line.allergy_conflicts})
            if line.dish.allergen_names:
                notes.append(_("Allergens: %(a)s") % {"a": ", ".join(line.dish.allergen_names)})
            if notes:
                pdf.set_font("DejaVu", "B", 10)
                pdf.cell(0, 6, line.dish.name, new_x="LMARGIN", new_y="NEXT")
                pdf.set_font("DejaVu", "", 9)
                pdf.multi_cell(0, 5, " · ".join(notes), new_x="LMARGIN", new_y="NEXT")
    return pdf_response(pdf, f"uretim-{day:%Y-%m-%d}.pdf")
