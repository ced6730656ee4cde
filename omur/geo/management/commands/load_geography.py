from typing import Any

from django.core.management.base import BaseCommand

from omur.geo.services import geography_load


class Command(BaseCommand):
    help = "Load (or refresh) provinces, districts, Mersin's neighbourhoods and all municipalities."

    def handle(self, *args: Any, **options: Any) -> None:
        result = geography_load()
        self.stdout.write(
            f"Geography: {result.provinces} provinces, {result.districts} districts, "
            f"{result.neighbourhoods} neighbourhoods, {result.municipalities} municipalities."
        )
