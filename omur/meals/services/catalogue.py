"""Writes for kitchens, sale points, the meal price, dishes and menus."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.core.audit import audit_record
from omur.core.calendar import is_working_day
from omur.meals.models import (
    POINT_SERVICE_CODE,
    Allergen,
    DailyMenu,
    Diet,
    Dish,
    DishVariant,
    Kitchen,
    MenuCycle,
    MenuCycleDay,
    SalePoint,
)

POINT_FIELDS = ["code", "name", "kitchen", "neighbourhood", "address", "opens", "closes", "is_active"]


def _value(v: Any) -> Any:
    return v.pk if hasattr(v, "pk") else (str(v) if v is not None and not isinstance(v, (bool, int)) else v)


@transaction.atomic
def point_save(*, actor: Any, point: SalePoint | None = None, data: dict[str, Any]) -> SalePoint:
    """Create a sale point or change one (its kitchen, opening window, neighbourhood...)."""
    if data["closes"] <= data["opens"]:
        raise ValidationError(_("The closing time must be after the opening time."))
    creating = point is None
    point = point or SalePoint()
    before = {f: _value(getattr(point, f, None)) for f in POINT_FIELDS} if not creating else {}
    for field in POINT_FIELDS:
        if field in data:
            setattr(point, field, data[field])
    if SalePoint.objects.filter(code=point.code).exclude(pk=point.pk).exists():
        raise ValidationError(_("Another point already uses the code %(code)s.") % {"code": point.code})
    point.save()
    after = {f: _value(getattr(point, f)) for f in POINT_FIELDS}
    changes = {f: [before.get(f), after[f]] for f in POINT_FIELDS if before.get(f) != after[f]}
    audit_record(
        actor=actor, action="meals.point_create" if creating else "meals.point_update", obj=point, changes=changes
    )
    return point


@transaction.atomic
def kitchen_update(*, actor: Any, kitchen: Kitchen, vans: int, van_capacity: int, is_active: bool) -> Kitchen:
    if van_capacity < 1:
        raise ValidationError(_("A van must carry at least one portion."))
    changes = {
        f: [getattr(kitchen, f), v]
        for f, v in {"vans": vans, "van_capacity": van_capacity, "is_active": is_active}.items()
        if getattr(kitchen, f) != v
    }
    kitchen.vans, kitchen.van_capacity, kitchen.is_active = vans, van_capacity, is_active
    kitchen.save(update_fields=["vans", "van_capacity", "is_active", "updated_at"])
    audit_record(actor=actor, action="meals.kitchen_update", obj=kitchen, changes=changes)
    return kitchen


def point_service() -> Any:
    from omur.services.models import Service

    service = Service.objects.filter(code=POINT_SERVICE_CODE).first()
    if service is None:
        raise ValidationError(_("The neighbourhood kitchens service is missing from the catalogue (load_catalogue)."))
    return service


@transaction.atomic
def meal_price_add(*, actor: Any, amount: Decimal, valid_from: dt.date, note: str = "") -> Any:
    """A new meal price from a day on. Earlier prices stay as history, and sales already recorded
    keep the price they were made at; so a new price may start today at the earliest."""
    from omur.services.services import PriceAlreadySet, service_price_add

    if amount <= 0:
        raise ValidationError(_("The price must be more than 0 TL."))
    if valid_from < timezone.localdate():
        raise ValidationError(
            _("A new price cannot start in the past: sales already recorded keep their price. Choose today or later.")
        )
    try:
        price = service_price_add(actor=actor, service=point_service(), amount=amount, valid_from=valid_from)
    except PriceAlreadySet as exc:
        raise ValidationError(
            _("A price already starts on %(day)s; choose another day.") % {"day": f"{valid_from:%d.%m.%Y}"}
        ) from exc
    if note:
        price.note = note[:160]
        price.save(update_fields=["note"])
    return price


@transaction.atomic
def dish_save(
    *,
    actor: Any,
    dish: Dish | None = None,
    name: str,
    course: str,
    allergens: list[str],
    variants: dict[str, str],
    is_active: bool = True,
) -> Dish:
    """Create or change a dish with its allergens and the notes of its diet variants (an empty note
    removes the variant)."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the dish a name."))
    unknown = set(allergens) - set(Allergen.values)
    if unknown:
        raise ValidationError(_("Unknown allergen: %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
    same_name = Dish.objects.filter(name__iexact=name)
    if dish is not None:
        same_name = same_name.exclude(pk=dish.pk)
    if same_name.exists():
        raise ValidationError(_("A dish called %(name)s already exists.") % {"name": name})
    creating = dish is None
    dish = dish or Dish()
    before = {"name": dish.name, "course": dish.course, "allergens": list(dish.allergens or [])}
    dish.name, dish.course, dish.allergens, dish.is_active = name, course, sorted(allergens), is_active
    dish.save()
    existing = {v.diet: v for v in dish.variants.all()} if not creating else {}
    for diet in [d for d in Diet.values if d != Diet.STANDARD]:
        note = (variants.get(diet) or "").strip()
        if note and diet in existing:
            if existing[diet].note != note:
                existing[diet].note = note
                existing[diet].save(update_fields=["note"])
        elif note:
            DishVariant.objects.create(dish=dish, diet=diet, note=note)
        elif diet in existing:
            existing[diet].delete()
    after = {"name": dish.name, "course": dish.course, "allergens": dish.allergens}
    audit_record(
        actor=actor,
        action="meals.dish_create" if creating else "meals.dish_update",
        obj=dish,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]} | {"variants": variants},
    )
    return dish


def _check_dishes(dishes: list[Dish]) -> None:
    if len(dishes) != 3 or any(d is None for d in dishes):
        raise ValidationError(_("A menu has three dishes: choose all three."))
    if len({d.pk for d in dishes}) != 3:
        raise ValidationError(_("Choose three different dishes."))


@transaction.atomic
def cycle_create(*, actor: Any, name: str, weeks: int, starts_on: dt.date) -> MenuCycle:
    if starts_on.weekday() != 0:
        raise ValidationError(_("A menu cycle starts on a Monday."))
    if not 1 <= weeks <= 8:
        raise ValidationError(_("A menu cycle lasts 1 to 8 weeks."))
    cycle = MenuCycle.objects.create(name=name.strip() or _("Menu cycle"), weeks=weeks, starts_on=starts_on)
    audit_record(actor=actor, action="meals.cycle_create", obj=cycle, changes={"weeks": [None, weeks]})
    return cycle


@transaction.atomic
def cycle_day_set(*, actor: Any, cycle: MenuCycle, week: int, weekday: int, dishes: list[Dish]) -> MenuCycleDay:
    _check_dishes(dishes)
    if not (1 <= week <= cycle.weeks and 0 <= weekday <= 4):
        raise ValidationError(_("That day is not part of the cycle."))
    row, _created = MenuCycleDay.objects.update_or_create(
        cycle=cycle, week=week, weekday=weekday, defaults={"dish1": dishes[0], "dish2": dishes[1], "dish3": dishes[2]}
    )
    audit_record(
        actor=actor,
        action="meals.cycle_day_set",
        obj=cycle,
        changes={"day": [None, f"{week}/{weekday}"], "dishes": [None, [d.pk for d in dishes]]},
    )
    return row


@transaction.atomic
def menus_generate(*, actor: Any, cycle: MenuCycle, start: dt.date, end: dt.date) -> int:
    """Make the daily menus of the working days from `start` to `end` from the cycle. Days that
    already have a menu are left alone (a manager's change must survive a regeneration)."""
    if end < start:
        raise ValidationError(_("The end date must not be before the start date."))
    if (end - start).days > 366:
        raise ValidationError(_("Generate at most one year at a time."))
    if start < cycle.starts_on:
        start = cycle.starts_on
    slots = {(d.week, d.weekday): d for d in cycle.days.all()}
    taken = set(DailyMenu.objects.filter(day__gte=start, day__lte=end).values_list("day", flat=True))
    rows = []
    day = start
    while day <= end:
        if is_working_day(day) and day not in taken:
            slot = slots.get(cycle.position(day))
            if slot is not None:
                rows.append(
                    DailyMenu(day=day, dish1=slot.dish1, dish2=slot.dish2, dish3=slot.dish3, bread=True, cycle=cycle)
                )
        day += dt.timedelta(days=1)
    DailyMenu.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="meals.menus_generate",
        obj=cycle,
        changes={"from": [None, str(start)], "to": [None, str(end)], "days": [None, len(rows)]},
    )
    return len(rows)


@transaction.atomic
def menu_set(*, actor: Any, day: dt.date, dishes: list[Dish], bread: bool = True, note: str = "") -> DailyMenu:
    """Set (or change) the menu of a day. Past days are history and stay as they were cooked."""
    _check_dishes(dishes)
    if day < timezone.localdate():
        raise ValidationError(_("The menu of a past day cannot be changed."))
    menu = DailyMenu.objects.select_for_update().filter(day=day).first()
    before = [menu.dish1_id, menu.dish2_id, menu.dish3_id] if menu else None
    if menu is None:
        menu = DailyMenu(day=day)
    menu.dish1, menu.dish2, menu.dish3 = dishes
    menu.bread, menu.note, menu.changed_by = bread, note.strip()[:200], actor
    menu.save()
    audit_record(
        actor=actor,
        action="meals.menu_set",
        obj=menu,
        changes={"dishes": [before, [d.pk for d in dishes]], "note": [None, menu.note]},
    )
    return menu
