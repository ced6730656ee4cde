"""Re-derive a lottery from its published applicant list and public value, without the database:

    manage.py lottery_draw --applicants list.csv --seed-value "..." --places 60 --reserves 20

Prints the list's SHA-256, the seed, the main list and the reserve list (see omur/benefits/LOTTERY.md).
It reads only the file; anyone can run it (or rewrite lottery.py's dozen lines elsewhere)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omur.benefits import lottery as method


class Command(BaseCommand):
    help = "Draw a lottery's main and reserve lists from an exported applicant list and a public value."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--applicants", required=True, help="The exported CSV (columns ref, eligible, ...).")
        parser.add_argument("--seed-value", required=True, help="The public value, exactly as published.")
        parser.add_argument("--places", type=int, required=True)
        parser.add_argument("--reserves", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["applicants"])
        try:
            text = path.read_text(encoding="utf-8")
            refs = method.eligible_refs_from_csv(text)
            result = method.draw(
                refs, public_value=options["seed_value"], places=options["places"], reserves=options["reserves"]
            )
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout
        out.write(f"method: {method.METHOD_VERSION}")
        out.write(f"eligible applicants: {len(refs)}")
        out.write(f"list sha256: {method.list_digest(refs)}")
        out.write(f"public value: {method.normalise_value(options['seed_value'])}")
        out.write(f"seed: {result.seed}")
        out.write("main:")
        for rank, ref in enumerate(result.main, start=1):
            out.write(f"  {rank}. {ref}")
        out.write("reserve:")
        for rank, ref in enumerate(result.reserve, start=1):
            out.write(f"  {rank}. {ref}")
