"""Who may use each of this app's URLs (merged into config/access.py; see there).

The public sees the impact page, published projects, the tour request form and the feedback form
(reached by the link the coordinator sends). Any member of staff may read projects and their
playbooks. The tour coordinator runs tours, itineraries, visitors, feedback and engagements with
municipalities; the office manager does all of that and also edits projects, partners and imports
playbooks. Uploaded files are staff-only."""

from omur.accounts.roles import Role
from omur.core.access import Rule, authenticated, public, roles

R = Role
TOUR = roles(R.OFFICE_MANAGER, R.TOUR_COORDINATOR)
MANAGER = roles(R.OFFICE_MANAGER)

ACCESS: dict[str, Rule] = {
    # Public, no login.
    "hub:impact": public(),
    "hub:public-project": public(),
    "hub:tour-request": public(),
    "hub:tour-request-done": public(),
    "hub:tour-feedback": public(),
    "hub:tour-feedback-done": public(),
    "hub:municipality-options": public(),
    # Projects: every member of staff reads them (the office's shared knowledge); the manager edits.
    "hub:project-list": authenticated(),
    "hub:project-detail": authenticated(),
    "hub:playbook-pdf": authenticated(),
    "hub:file-download": authenticated(sample_kwargs={"kind": "proje"}),
    "hub:project-create": MANAGER,
    "hub:project-edit": MANAGER,
    "hub:kpi-measure": MANAGER,
    "hub:file-upload": MANAGER,
    "hub:file-remove": MANAGER,
    "hub:playbook-json": MANAGER,
    "hub:playbook-upload": MANAGER,
    # Visit sites' capacity and hosts: set by the people who plan tours.
    "hub:site-list": TOUR,
    # Municipalities and engagements.
    "hub:municipality-list": TOUR,
    "hub:municipality-detail": TOUR,
    "hub:contact-add": TOUR,
    "hub:contact-remove": TOUR,
    "hub:engagement-board": TOUR,
    "hub:engagement-create": TOUR,
    "hub:engagement-detail": TOUR,
    "hub:engagement-move": TOUR,
    "hub:activity-add": TOUR,
    "hub:evidence-add": TOUR,
    # Tours.
    "hub:tour-list": TOUR,
    "hub:tour-record": TOUR,
    "hub:tour-detail": TOUR,
    "hub:tour-action": TOUR,
    "hub:stop-add": TOUR,
    "hub:stop-update": TOUR,
    "hub:stop-remove": TOUR,
    "hub:visitor-add": TOUR,
    "hub:visitor-remove": TOUR,
    # Partners: the office manager's.
    "hub:partner-list": MANAGER,
    "hub:partner-create": MANAGER,
    "hub:partner-detail": MANAGER,
    "hub:partner-edit": MANAGER,
    "hub:protocol-add": MANAGER,
    "hub:joint-work-add": MANAGER,
}
