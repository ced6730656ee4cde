"""Who may use which URL: one line per URL name. Enforced by omur.core.access.AccessTableMiddleware and
walked for every role by omur/core/tests/test_access_table.py; a URL without a line here is refused
and fails that test.

Keep entries least-privilege: name the roles whose daily work needs the page.
"""

from omur.accounts.roles import Role
from omur.core.access import Rule, authenticated, public, roles

R = Role

ACCESS: dict[str, Rule] = {
    # Public: no login.
    "core:healthz": public(),
    "accounts:login": public(),
    "set-language": public(),
    # Any signed-in member of staff.
    "core:home": authenticated(),
    "accounts:logout": authenticated(before_2fa=True),
    "accounts:otp-verify": authenticated(before_2fa=True),
    "accounts:otp-setup": authenticated(before_2fa=True),
    "accounts:profile": authenticated(),
    # Audit trail: the auditor reads it; nobody else.
    "core:audit-list": roles(R.AUDITOR),
    "core:audit-export": roles(R.AUDITOR),
    # --- registry (people, households, consents) ---
    # --- registry imports (CSV/XLSX) ---
    # --- intake (requests; the public form and status page) ---
    # --- services (catalogue, eligibility, public directory, HSDS API) ---
    # --- cases (assessments, enrolments, care plans, referrals, notes, tasks) ---
    # --- api (django-ninja: the schema is public; each operation has its own line) ---
    "api:openapi-json": public(),
    "api:api-root": authenticated(),
    # Django admin: users, roles and reference data only (see the admin registrations).
    "admin:login": public(),
    "admin:*": roles(R.SYSTEM_ADMIN),
}
