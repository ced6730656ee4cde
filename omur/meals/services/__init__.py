"""Every write of the meals app (see docs/architecture.md): keyword-only, atomic, audited."""

from omur.meals.services.catalogue import (
    cycle_create,
    cycle_day_set,
    dish_save,
    kitchen_update,
    meal_price_add,
    menu_set,
    menus_generate,
    point_save,
)
from omur.meals.services.delivery import (
    delivery_plan_request,
    delivery_plan_run,
    profile_save,
    run_assign_driver,
    stop_record,
    suspension_add,
    suspension_end,
)
from omur.meals.services.points import donation_receive, point_day_record, suspended_redeem

__all__ = [
    "cycle_create",
    "cycle_day_set",
    "delivery_plan_request",
    "delivery_plan_run",
    "dish_save",
    "donation_receive",
    "kitchen_update",
    "meal_price_add",
    "menu_set",
    "menus_generate",
    "point_day_record",
    "point_save",
    "profile_save",
    "run_assign_driver",
    "stop_record",
    "suspended_redeem",
    "suspension_add",
    "suspension_end",
]
