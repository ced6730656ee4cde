"""Who may use each of this app's URLs (merged into config/access.py; see there)."""

from omur.accounts.roles import Role
from omur.core.access import Rule, authenticated, public, roles  # noqa: F401

R = Role

ACCESS: dict[str, Rule] = {}
