"""Who may use which URL: one line per URL name. The apps built on the foundation keep their lines in
their own `access.py` (omur/homecare/access.py, …), merged at the end of this file; a name listed twice
is an error. Enforced by omur.core.access.AccessTableMiddleware and
walked for every role by omur/core/tests/test_access_table.py; a URL without a line here is refused
and fails that test.

Keep entries least-privilege: name the roles whose daily work needs the page.
"""

from omur.accounts.roles import HEALTH_DATA_ROLES, REGISTRY_MANAGE_ROLES, REGISTRY_VIEW_ROLES, TCKN_REVEAL_ROLES, Role
from omur.benefits.access import ACCESS as BENEFITS_ACCESS
from omur.bookings.access import ACCESS as BOOKINGS_ACCESS
from omur.calls.access import ACCESS as CALLS_ACCESS
from omur.cases import permissions as CASES
from omur.core.access import Rule, authenticated, merge_access_tables, public, roles
from omur.homecare.access import ACCESS as HOMECARE_ACCESS
from omur.hub.access import ACCESS as HUB_ACCESS
from omur.meals.access import ACCESS as MEALS_ACCESS
from omur.venues.access import ACCESS as VENUES_ACCESS

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
    # Case roles manage people; call operators find people and see identity and contact details;
    # health roles see people and their special-category facts (omur/accounts/roles.py).
    "registry:person-search": roles(REGISTRY_VIEW_ROLES),
    "registry:person-detail": roles(REGISTRY_VIEW_ROLES),
    "registry:neighbourhood-options": roles(REGISTRY_VIEW_ROLES),
    "registry:person-options": roles(REGISTRY_MANAGE_ROLES),
    "registry:person-create": roles(REGISTRY_MANAGE_ROLES),
    "registry:person-update": roles(REGISTRY_MANAGE_ROLES),
    "registry:person-reveal-tckn": roles(TCKN_REVEAL_ROLES),
    "registry:person-health": roles(HEALTH_DATA_ROLES),
    "registry:person-health-update": roles(HEALTH_DATA_ROLES),
    "registry:contact-add": roles(REGISTRY_MANAGE_ROLES),
    "registry:contact-remove": roles(REGISTRY_MANAGE_ROLES),
    "registry:basis-add": roles(REGISTRY_MANAGE_ROLES),
    "registry:basis-withdraw": roles(REGISTRY_MANAGE_ROLES),
    "registry:household-list": roles(REGISTRY_MANAGE_ROLES),
    "registry:household-create": roles(REGISTRY_MANAGE_ROLES),
    "registry:household-detail": roles(REGISTRY_MANAGE_ROLES),
    "registry:household-member-add": roles(REGISTRY_MANAGE_ROLES),
    "registry:household-member-remove": roles(REGISTRY_MANAGE_ROLES),
    "registry:household-head-change": roles(REGISTRY_MANAGE_ROLES),
    # --- registry imports (CSV/XLSX) ---
    # Bulk writes of personal data: the office manager and social workers only.
    "imports:upload": roles(R.OFFICE_MANAGER, R.SOCIAL_WORKER),
    "imports:template": roles(R.OFFICE_MANAGER, R.SOCIAL_WORKER, sample_kwargs={"fmt": "xlsx"}),
    "imports:review": roles(R.OFFICE_MANAGER, R.SOCIAL_WORKER),
    "imports:confirm": roles(R.OFFICE_MANAGER, R.SOCIAL_WORKER),
    "imports:discard": roles(R.OFFICE_MANAGER, R.SOCIAL_WORKER),
    "imports:problems": roles(R.OFFICE_MANAGER, R.SOCIAL_WORKER),
    # --- intake (requests; the public form and status page) ---
    # Call-centre operators record and triage; case roles (manager, social worker, sociologist)
    # decide. Which workflow step each role may take is enforced in omur/intake/workflow.py.
    "intake:request-list": roles(R.CALL_OPERATOR, R.OFFICE_MANAGER, R.SOCIAL_WORKER, R.SOCIOLOGIST),
    "intake:request-create": roles(R.CALL_OPERATOR, R.OFFICE_MANAGER, R.SOCIAL_WORKER, R.SOCIOLOGIST),
    "intake:person-search": roles(R.CALL_OPERATOR, R.OFFICE_MANAGER, R.SOCIAL_WORKER, R.SOCIOLOGIST),
    "intake:request-detail": roles(R.CALL_OPERATOR, R.OFFICE_MANAGER, R.SOCIAL_WORKER, R.SOCIOLOGIST),
    "intake:request-transition": roles(R.CALL_OPERATOR, R.OFFICE_MANAGER, R.SOCIAL_WORKER, R.SOCIOLOGIST),
    "intake:request-assign": roles(R.CALL_OPERATOR, R.OFFICE_MANAGER, R.SOCIAL_WORKER, R.SOCIOLOGIST),
    # Citizens, without login: the application form, its receipt, the status page (status only).
    "intake:apply": public(),
    "intake:apply-done": public(),
    "intake:track": public(),
    "intake:neighbourhood-options": public(),
    # --- services (catalogue, eligibility, public directory, HSDS API) ---
    # The catalogue is reference data every member of staff may read; only the office manager edits
    # it. Eligibility checks and worklists show people: case roles only.
    "services:service-list": authenticated(),
    "services:service-detail": authenticated(),
    "services:location-list": authenticated(),
    "services:location-detail": authenticated(),
    "services:service-edit": roles(R.OFFICE_MANAGER),
    "services:worklist": roles(R.OFFICE_MANAGER, R.SOCIAL_WORKER, R.SOCIOLOGIST),
    "services:person-eligibility": roles(R.OFFICE_MANAGER, R.SOCIAL_WORKER, R.SOCIOLOGIST),
    # Citizens, without login: the service directory.
    "services:directory": public(),
    "services:directory-service": public(),
    "services:directory-location": public(),
    # --- cases (assessments, enrolments, care plans, referrals, notes, tasks) ---
    # Case roles manage cases; what a therapist, nurse or physiotherapist sees on the shared pages is
    # narrowed by omur/cases/selectors (therapy enrolments; care plans with their own tasks).
    "cases:task-inbox": roles(CASES.TASK_ROLES),
    "cases:task-complete": roles(CASES.TASK_ROLES),
    "cases:task-cancel": roles(CASES.TASK_ROLES),
    "cases:task-take": roles(CASES.TASK_ROLES),
    "cases:task-create": roles(CASES.CASE_VIEW_ROLES),
    "cases:person-case": roles(CASES.CASE_VIEW_ROLES),
    "cases:note-create": roles(CASES.NOTE_WRITE_ROLES),
    "cases:assessment-list": roles(CASES.CASE_MANAGE_ROLES),
    "cases:assessment-create": roles(CASES.CASE_MANAGE_ROLES),
    "cases:assessment-detail": roles(CASES.CASE_MANAGE_ROLES),
    "cases:assessment-form": roles(CASES.CASE_MANAGE_ROLES),
    "cases:assessment-decide": roles(CASES.CASE_MANAGE_ROLES),
    "cases:assessment-cancel": roles(CASES.CASE_MANAGE_ROLES),
    "cases:assessment-reschedule": roles(CASES.CASE_MANAGE_ROLES),
    "cases:enrolment-list": roles(CASES.CASE_VIEW_ROLES),
    "cases:enrolment-create": roles(CASES.CASE_MANAGE_ROLES),
    "cases:enrolment-detail": roles(CASES.CASE_VIEW_ROLES),
    "cases:enrolment-transition": roles(CASES.CASE_MANAGE_ROLES),
    "cases:enrolment-update": roles(CASES.CASE_MANAGE_ROLES),
    "cases:careplan-edit": roles(CASES.CASE_MANAGE_ROLES),
    "cases:careplan-list": roles(CASES.CARE_PLAN_VIEW_ROLES),
    "cases:referral-list": roles(CASES.REFERRAL_ROLES),
    "cases:referral-create": roles(CASES.REFERRAL_ROLES),
    "cases:referral-detail": roles(CASES.REFERRAL_ROLES),
    "cases:referral-answer": roles(CASES.REFERRAL_ROLES),
    "cases:referral-complete": roles(CASES.REFERRAL_ROLES),
    "cases:partner-list": roles(CASES.CASE_MANAGE_ROLES),
    "cases:partner-create": roles(CASES.CASE_MANAGE_ROLES),
    "cases:partner-edit": roles(CASES.CASE_MANAGE_ROLES),
    "cases:coverage": roles(CASES.CASE_MANAGE_ROLES),
    "api:cases-person-notes": roles(CASES.NOTE_WRITE_ROLES),
    "api:cases-my-tasks": roles(CASES.TASK_ROLES),
    # --- api (django-ninja: the schema is public; each operation has its own line) ---
    "api:openapi-json": public(),
    "api:api-root": authenticated(),
    # HSDS (Open Referral) read-only directory data: public, like the directory pages.
    "api:hsds_root": public(),
    "api:hsds_organizations": public(),
    "api:hsds_organization": public(),
    "api:hsds_services": public(),
    "api:hsds_service": public(),
    "api:hsds_locations": public(),
    "api:hsds_location": public(),
    "api:hsds_service_at_locations": public(),
    "api:hsds_service_at_location": public(),
    # Django admin: users, roles and reference data only (see the admin registrations).
    "admin:login": public(),
    "admin:*": roles(R.SYSTEM_ADMIN),
}

# The delivery apps' and the hub's sections (each app's access.py), merged into the one table.
ACCESS = merge_access_tables(
    ACCESS,
    HOMECARE_ACCESS,
    CALLS_ACCESS,
    MEALS_ACCESS,
    VENUES_ACCESS,
    BOOKINGS_ACCESS,
    BENEFITS_ACCESS,
    HUB_ACCESS,
)
