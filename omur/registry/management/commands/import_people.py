import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from omur.core.exceptions import ApplicationError
from omur.registry.imports.services import people_import


class Command(BaseCommand):
    help = (
        "Import people and households from a CSV or XLSX file (the columns of the template on the import page). "
        "All rows are written in one transaction, or none when any row has a problem. Exit status 1 when there are problems."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and list the problems; write nothing."
        )
        parser.add_argument(
            "--user", help="User name recorded as the importer in the audit trail (default: the system)."
        )
        parser.add_argument("--batch-size", type=int, default=900, help="Rows per INSERT batch.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = None
        if options["user"]:
            try:
                actor = get_user_model().objects.get(username=options["user"], is_active=True)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"No active user {options['user']!r}") from exc
        verbose = options["verbosity"] >= 2

        def progress(stage: str, done: int, total: int) -> None:
            if verbose:
                # Flushed at once: the kill test waits for the first of these lines.
                self.stdout.write(f"{stage} {done}/{total}")
                self.stdout.flush()

        try:
            report = people_import(
                actor=actor,
                path=path,
                file_name=path.name,
                dry_run=options["dry_run"],
                progress=progress,
                batch_size=options["batch_size"],
            )
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        for problem in report.problems:
            self.stdout.write(f"row {problem.row}, {problem.column or '-'}: {problem.message}")
        summary = (
            f"{report.rows} rows ({report.kind}{', ' + report.encoding if report.encoding else ''}): "
            f"{report.created} new, {report.updated} updated, {report.unchanged} unchanged; "
            f"{report.households_created} new households, {report.members_added} members added, "
            f"{report.members_changed} relations changed; {report.seconds:.1f} s, {report.rows_per_second:.0f} rows/s."
        )
        if not report.ok:
            self.stderr.write(f"{len(report.problems)} problems: nothing was written.")
            sys.exit(1)
        if report.dry_run:
            self.stdout.write(f"Dry run, nothing written. Would import {summary}")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {summary}"))
