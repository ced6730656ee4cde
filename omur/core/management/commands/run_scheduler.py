import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from omur.core.schedules import SCHEDULES, schedules_fire_due


class Command(BaseCommand):
    help = "Enqueue the daily schedules when they fall due (runs until stopped)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between checks.")
        parser.add_argument("--once", action="store_true", help="Check once and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Scheduler: {len(SCHEDULES)} daily schedule(s): {', '.join(sorted(SCHEDULES))}")
        while True:
            close_old_connections()
            for name in schedules_fire_due():
                self.stdout.write(f"Scheduler: enqueued {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
