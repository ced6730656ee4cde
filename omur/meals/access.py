"""Who may use each of this app's URLs (merged into config/access.py; see there).

Kitchen staff run kitchens, points, menus, production and suspended meals; the office manager sees
everything; social workers manage the delivery details of home-meal enrolments (diet, allergies,
suspensions) and see the delivery history; drivers see their own runs only (scoped in
selectors.runs_visible_to). Prices are a council decision: only the office manager records them.
"""

from omur.accounts.roles import Role
from omur.core.access import Rule, roles

R = Role

KITCHEN = (R.OFFICE_MANAGER, R.KITCHEN_STAFF)
ENROLMENT = (R.OFFICE_MANAGER, R.SOCIAL_WORKER)
DAY = "2026-01-05"

ACCESS: dict[str, Rule] = {
    "meals:dashboard": roles(KITCHEN),
    # Kitchens, points, prices
    "meals:point-list": roles(KITCHEN),
    "meals:point-create": roles(KITCHEN),
    "meals:point-edit": roles(KITCHEN),
    "meals:kitchen-edit": roles(R.OFFICE_MANAGER),
    "meals:price-list": roles(KITCHEN),
    "meals:price-add": roles(R.OFFICE_MANAGER),
    # Daily figures at the points, suspended meals
    "meals:point-days": roles(KITCHEN),
    "meals:point-day-record": roles(KITCHEN),
    "meals:donation-list": roles(KITCHEN),
    "meals:donation-create": roles(KITCHEN),
    "meals:redeem": roles(KITCHEN),
    # Dishes and menus
    "meals:dish-list": roles(KITCHEN),
    "meals:dish-create": roles(KITCHEN),
    "meals:dish-edit": roles(KITCHEN),
    "meals:menu-calendar": roles(KITCHEN),
    "meals:menu-edit": roles(KITCHEN, sample_kwargs={"day": DAY}),
    "meals:cycle-list": roles(KITCHEN),
    "meals:cycle-detail": roles(KITCHEN),
    "meals:cycle-generate": roles(KITCHEN),
    # Production
    "meals:production": roles(KITCHEN),
    "meals:production-pdf": roles(KITCHEN),
    # Home delivery: enrolment details (social workers), the day's list and runs (kitchen)
    "meals:profile-list": roles(ENROLMENT),
    "meals:profile-edit": roles(ENROLMENT),
    "meals:suspension-add": roles(ENROLMENT),
    "meals:suspension-end": roles(ENROLMENT),
    "meals:delivery-day": roles(KITCHEN),
    "meals:plan-start": roles(KITCHEN),
    "meals:plan-status": roles(KITCHEN),
    "meals:labels": roles(KITCHEN),
    "meals:run-assign": roles(KITCHEN),
    # Drivers
    "meals:my-runs": roles(R.DRIVER, R.OFFICE_MANAGER),
    "meals:run-detail": roles(R.DRIVER, *KITCHEN),
    "meals:stop-record": roles(R.DRIVER, R.OFFICE_MANAGER),
}
