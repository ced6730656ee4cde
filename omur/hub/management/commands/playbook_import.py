import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from omur.hub.services.playbook import PlaybookInvalid, playbook_import


class Command(BaseCommand):
    help = "Import a playbook package (JSON) exported by another Ömür installation. Nothing changes if it is invalid."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="The package file (or - for standard input)")

    def handle(self, *args: Any, **options: Any) -> None:
        import sys

        try:
            text = sys.stdin.read() if options["path"] == "-" else Path(options["path"]).read_text(encoding="utf-8")
            package = json.loads(text)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read the package: {exc}") from exc
        try:
            report = playbook_import(actor=None, package=package)
        except PlaybookInvalid as exc:
            raise CommandError("The package was not imported:\n  " + "\n  ".join(exc.messages)) from exc
        for line in report.created:
            self.stdout.write(f"created: {line}")
        for line in report.reused:
            self.stdout.write(f"reused: {line}")
        for line in report.warnings:
            self.stdout.write(self.style.WARNING(f"check: {line}"))
