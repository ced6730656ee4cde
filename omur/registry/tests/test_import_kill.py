"""An import killed halfway leaves nothing behind: `manage.py import_people` runs in a subprocess
against the test database, is SIGKILLed once it has started inserting rows, and the database then
holds no person, household or import audit event, and still takes writes."""

import csv
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from omur.core.models import AuditEvent
from omur.registry.demo import PeopleGenerator, as_import_rows, mersin_places
from omur.registry.imports.columns import COLUMNS
from omur.registry.models import Household, HouseholdMember, Person

ROWS = 6_000


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_midway_writes_nothing(geography, tmp_path: Path) -> None:
    generator = PeopleGenerator(seed=11, places=mersin_places(), reference_date=dt.date(2026, 1, 1))
    path = tmp_path / "big.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([c.header for c in COLUMNS])
        writer.writerows(as_import_rows(list(generator.households(ROWS))))

    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.test"),
    }
    # Small batches: many INSERTs after the first, so the kill lands inside the transaction.
    command = [sys.executable, "manage.py", "import_people", str(path), "-v", "2", "--batch-size", "50"]
    stderr_path = tmp_path / "stderr.txt"
    inserting = False
    with (
        open(stderr_path, "w") as stderr_file,
        subprocess.Popen(  # noqa: S603 (our own command line)
            command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=stderr_file, text=True
        ) as process,
    ):
        started = time.monotonic()
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("create "):
                inserting = True
                break
            assert time.monotonic() - started < 60, "the import never started writing"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    stderr = stderr_path.read_text()

    assert inserting, stderr
    assert process.returncode == -signal.SIGKILL, "the import finished before it was killed: make the file larger"
    assert Person.objects.count() == 0
    assert Household.objects.count() == 0 and HouseholdMember.objects.count() == 0
    assert not AuditEvent.objects.filter(action="person.import").exists()
    # The database is not left locked or damaged: the next write goes through.
    Person.objects.create(given_name="Ayşe", family_name="Yılmaz", sex="F")
    assert Person.objects.count() == 1
