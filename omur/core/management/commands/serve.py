import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server with a background worker and the daily scheduler beside it (the demo)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        manage = [sys.executable, "manage.py"]
        children = [
            subprocess.Popen([*manage, "db_worker", "--interval", "1"]),  # noqa: S603  (fixed argv)
            subprocess.Popen([*manage, "run_scheduler"]),  # noqa: S603  (fixed argv)
        ]

        def stop(*_: Any) -> None:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()

        def on_term(*_: Any) -> None:
            stop()
            sys.exit(0)

        signal.signal(signal.SIGTERM, on_term)
        self.stdout.write(
            f"Ömür on http://{options['addrport']}/  (worker pid {children[0].pid}, scheduler pid {children[1].pid})"
        )
        try:
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            stop()
