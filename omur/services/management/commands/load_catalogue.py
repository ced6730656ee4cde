from typing import Any

from django.core.management.base import BaseCommand, CommandError

from omur.services.catalogue import GeographyMissing, catalogue_load


class Command(BaseCommand):
    help = "Load Mersin's service catalogue (services, locations, prices, rules). Adds only what is missing."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = catalogue_load()
        except GeographyMissing as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Catalogue: {result}.")
