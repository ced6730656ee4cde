from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from omur.accounts.roles import DEMO_USERS, Role
from omur.accounts.services import demo_user_ensure

# The demo only: printed on start so a first-time user can try every role. Production users are
# created by the system administrator and must set up two-step sign-in.
DEMO_PASSWORD = "omur-demo-2026"  # noqa: S105


class Command(BaseCommand):
    help = "Prepare the demo: migrate, translations, geography, demo data and one login per role. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("compiletranslations")
        call_command("load_geography")
        rows = []
        for role, (username, first, last) in DEMO_USERS.items():
            _user, created = demo_user_ensure(
                role=Role(role), username=username, first_name=first, last_name=last, password=DEMO_PASSWORD
            )
            rows.append((username, Role(role).label, "new" if created else "exists"))
        # After the users, so demo records can be assigned to the demo staff.
        call_command("seed_demo")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        width = max(len(r[0]) for r in rows)
        for username, label, state in rows:
            self.stdout.write(f"  {username.ljust(width)}  {label}  [{state}]")
        self.stdout.write("")
