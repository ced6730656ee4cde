from typing import Any

from django.core.management.base import BaseCommand, CommandError

from omur.geo.models import Neighbourhood
from omur.registry.demo import people_generate


class Command(BaseCommand):
    help = (
        "Add N generated people in households, deterministic for a seed (demo data and benchmarks; it scales to "
        "a million people). Each batch commits on its own. Run load_geography first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch-size", type=int, default=5000, help="People per transaction.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["count"] < 1:
            raise CommandError("--count must be at least 1")
        if not Neighbourhood.objects.exists():
            raise CommandError("No neighbourhoods: run manage.py load_geography first.")
        verbose = options["verbosity"] >= 1

        def progress(done: int, total: int) -> None:
            if verbose and (done == total or done % 100_000 < options["batch_size"]):
                self.stdout.write(f"  {done:,}/{total:,}")
                self.stdout.flush()

        result = people_generate(
            count=options["count"], seed=options["seed"], batch_size=options["batch_size"], progress=progress
        )
        replaced = f" ({result.tckn_replaced} numbers redrawn: already registered)" if result.tckn_replaced else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result.people:,} people in {result.households:,} households in {result.seconds:.1f} s "
                f"({result.rows_per_second:,.0f} people/s){replaced}."
            )
        )
