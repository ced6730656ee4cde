import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from omur.hub.models import Project
from omur.hub.services.playbook import playbook_export


class Command(BaseCommand):
    help = "Write a project's playbook package (JSON, see omur/hub/PLAYBOOK_FORMAT.md) to standard output."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("code", help="The project's code, e.g. mahalle-mutfaklari")

    def handle(self, *args: Any, **options: Any) -> None:
        project = Project.objects.filter(code=options["code"]).first()
        if project is None:
            raise CommandError(f"No project with the code {options['code']!r}.")
        self.stdout.write(json.dumps(playbook_export(project=project), ensure_ascii=False, indent=2))
