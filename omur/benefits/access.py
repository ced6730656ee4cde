"""Who may use each of this app's URLs (merged into config/access.py; see there).

Social workers and the office manager run the desk, grants and lotteries; the sociologist reads
(research, home visits); only the office manager sets amounts and tiers and takes a lottery through
its public steps (closing the list, recording the public value, drawing)."""

from omur.accounts.roles import Role
from omur.benefits.permissions import MANAGE_ROLES, VIEW_ROLES, WORK_ROLES
from omur.core.access import Rule, authenticated, public, roles  # noqa: F401

R = Role
CODE = {"code": "halk-kart"}
SCHEME = {"code": "hadi-gel-koyumuze"}

ACCESS: dict[str, Rule] = {
    "benefits:overview": roles(VIEW_ROLES),
    "benefits:programme-detail": roles(VIEW_ROLES, sample_kwargs=CODE),
    "benefits:amount-add": roles(MANAGE_ROLES, sample_kwargs=CODE),
    "benefits:tier-add": roles(MANAGE_ROLES, sample_kwargs=CODE),
    "benefits:desk": roles(WORK_ROLES),
    "benefits:distribution-list": roles(VIEW_ROLES),
    "benefits:distribution-detail": roles(VIEW_ROLES),
    "benefits:distribution-void": roles(WORK_ROLES),
    "benefits:person-benefits": roles(VIEW_ROLES),
    "benefits:distribution-create": roles(WORK_ROLES),
    "benefits:household-benefits": roles(VIEW_ROLES),
    "benefits:scheme-list": roles(VIEW_ROLES),
    "benefits:scheme-detail": roles(VIEW_ROLES, sample_kwargs=SCHEME),
    "benefits:cohort-create": roles(MANAGE_ROLES, sample_kwargs=SCHEME),
    "benefits:dashboard": roles(VIEW_ROLES, sample_kwargs=SCHEME),
    "benefits:obligations": roles(VIEW_ROLES, sample_kwargs=SCHEME),
    "benefits:cohort-detail": roles(VIEW_ROLES),
    "benefits:application-create": roles(WORK_ROLES),
    "benefits:lottery-create": roles(WORK_ROLES),
    "benefits:application-award": roles(WORK_ROLES),
    "benefits:grant-detail": roles(VIEW_ROLES),
    "benefits:grant-allocate": roles(WORK_ROLES),
    "benefits:feed-add": roles(WORK_ROLES),
    "benefits:vaccination-record": roles(WORK_ROLES),
    "benefits:birth-add": roles(WORK_ROLES),
    "benefits:pass-on-create": roles(WORK_ROLES),
    "benefits:lottery-list": roles(VIEW_ROLES),
    "benefits:lottery-method": roles(VIEW_ROLES),
    "benefits:lottery-detail": roles(VIEW_ROLES),
    "benefits:lottery-announce": roles(MANAGE_ROLES),
    "benefits:lottery-value": roles(MANAGE_ROLES),
    "benefits:lottery-draw": roles(MANAGE_ROLES),
    "benefits:lottery-csv": roles(VIEW_ROLES),
}
