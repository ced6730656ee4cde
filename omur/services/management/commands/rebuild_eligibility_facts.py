from typing import Any

from django.core.management.base import BaseCommand

from omur.services.facts import facts_rebuild


class Command(BaseCommand):
    help = "Recompute the eligibility facts projection from the encrypted health records (after bulk imports)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Eligibility facts rebuilt for {facts_rebuild()} people.")
