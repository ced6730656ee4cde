from typing import Any

from django.core.management.base import BaseCommand

from omur.core.demo import SEEDERS


class Command(BaseCommand):
    help = "Load deterministic demo data for Mersin (each app's seeder; re-running adds nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        for name, seeder in SEEDERS.items():
            summary = seeder(seed=options["seed"])
            self.stdout.write(f"Demo data [{name}]: {summary}")
        if not SEEDERS:
            self.stdout.write("Demo data: nothing to seed yet.")
