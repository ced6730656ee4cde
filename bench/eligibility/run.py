"""Eligibility benchmark: the worklist "eligible for a service but not enrolled" over a million people.

    .venv/bin/python bench/eligibility/run.py --people 1000000 --database sqlite
    .venv/bin/python bench/eligibility/run.py --people 1000000 --database postgres

1. Fills a dedicated database (never the demo's): SQLite under --var-dir, or the PostgreSQL database
   omur_bench_eligibility (created if missing). People come from omur.registry.demo.people_generate
   (the code behind `manage.py generate_people`), the catalogue from `load_catalogue`. Generated people
   bypass signals, so the special-category projection (EligibilityFacts) is filled here for about one
   person in eight (disability percentages, autism and pregnancy codes), and a quarter of the people
   eligible for each measured service are given an open enrolment (cases.Enrolment), so the "not
   enrolled" part has work to do. A database already holding the requested people is reused.
2. For each measured service (every rule kind is covered), times what the worklist page runs —
   the count and the first page of 25 in name order — and, separately, materialising every matching
   id. Each is run --repeat times; the first run and the median are reported, with the query plan.

The goal is under 5 s for the worklist page on SQLite and PostgreSQL. Results are printed and saved
as JSON in the benchmark directory.
"""

import argparse
import datetime as dt
import io
import json
import os
import platform
import random
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GOAL_SECONDS = 5.0
PAGE_SIZE = 25
# One service per rule kind (and the usual combinations); see omur/services/catalogue_data.py.
SERVICES = [
    "yasli-hal-hatir",  # age ≥ 65 + lives alone
    "halk-kart",  # age ≥ 18 + household income per head < 0.5 × minimum wage
    "evde-temizlik",  # age ≥ 65 + income < 1 × minimum wage
    "evde-saglik",  # disability ≥ 40 %
    "otizm-ozel-egitim",  # age ≤ 71 months + autism diagnosis
    "gebe-sut-destegi",  # sex + pregnancy code + income
    "kadin-ustalar",  # sex + age ≥ 18
    "hadi-gel-koyumuze",  # age 25–45 + income + rural districts
    "sinava-hazirlik",  # age 13–19
    "mahalle-mutfaklari",  # no rules: everyone alive
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/omur_bench_eligibility")
    parser.add_argument("--var-dir", default=os.environ.get("OMUR_BENCH_VAR_DIR", "/tmp/omur-bench-var/eligibility"))  # noqa: S108 (a scratch database)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--day", type=dt.date.fromisoformat, default=None, help="evaluation day (default today)")
    parser.add_argument("--fresh", action="store_true", help="drop the benchmark database and generate again")
    return parser.parse_args()


def configure(args: argparse.Namespace) -> Path:
    var_dir = Path(args.var_dir) / args.database
    if args.fresh and args.database == "sqlite" and var_dir.exists():
        shutil.rmtree(var_dir)
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["OMUR_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ.pop("DATABASE_URL", None)
    if args.database == "postgres":
        _ensure_postgres_database(args.database_url, drop=args.fresh)
        os.environ["DATABASE_URL"] = args.database_url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return var_dir


def _ensure_postgres_database(url: str, *, drop: bool) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def machine() -> dict[str, Any]:
    import django
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            db_version = "SQLite " + cursor.fetchone()[0]
        else:
            cursor.execute("show server_version")
            db_version = "PostgreSQL " + cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": db_version,
    }


def prepare(args: argparse.Namespace, day: dt.date) -> dict[str, Any]:
    from django.core.management import call_command

    from omur.registry.demo import people_generate
    from omur.registry.models import Person
    from omur.services.catalogue import catalogue_load

    call_command("migrate", verbosity=0)
    call_command("load_geography", stdout=io.StringIO())
    catalogue_load()
    existing = Person.objects.count()
    if existing and existing != args.people:
        sys.exit(f"The benchmark database holds {existing:,} people, not {args.people:,}: run with --fresh.")
    info: dict[str, Any] = {"people": args.people}
    if not existing:
        print(f"Generating {args.people:,} people (seed {args.seed}) ...", flush=True)
        result = people_generate(count=args.people, seed=args.seed, batch_size=10_000)
        info["generate_seconds"] = round(result.seconds, 1)
    else:
        print(f"Reusing {existing:,} people (use --fresh to generate again).")
    info["facts"] = _fill_facts(args.seed, day)
    info["enrolments"] = _fill_enrolments(args.seed, day)
    _analyse()
    return info


def _fill_facts(seed: int, day: dt.date) -> int:
    """About one person in eight gets a special-category projection row, as the PersonHealth signal
    would have written it: disability percentages for adults, autism codes for small children,
    pregnancy for some women of child-bearing age."""
    from omur.registry.models import Person
    from omur.services.models import EligibilityFacts

    if EligibilityFacts.objects.exists():
        return EligibilityFacts.objects.count()
    rng = random.Random(seed)
    rows: list[EligibilityFacts] = []
    made = 0
    six_years_ago = day.replace(year=day.year - 6)
    for pk, birth, sex in (
        Person.objects.order_by("pk").values_list("pk", "birth_date", "sex").iterator(chunk_size=20_000)
    ):
        if rng.random() >= 0.125:
            continue
        codes: list[str] = []
        disability = None
        if birth and birth > six_years_ago:
            if rng.random() < 0.3:
                codes.append("F84.0")
        else:
            disability = rng.choice([None, 20, 40, 45, 60, 70, 90])
            age = day.year - birth.year if birth else 40
            if sex == "F" and 18 <= age <= 45 and rng.random() < 0.15:
                codes.append("Z33")
            if rng.random() < 0.2:
                codes.append(rng.choice(["E11", "I10", "J44"]))
        rows.append(
            EligibilityFacts(
                person_id=pk, disability_percent=disability, diagnosis_codes=(f" {' '.join(codes)} " if codes else "")
            )
        )
        if len(rows) >= 10_000:
            EligibilityFacts.objects.bulk_create(rows, batch_size=2_000)
            made += len(rows)
            rows = []
    EligibilityFacts.objects.bulk_create(rows, batch_size=2_000)
    return made + len(rows)


def _fill_enrolments(seed: int, day: dt.date) -> int:
    """A quarter of the people eligible for each measured service are already enrolled in it."""
    from django.apps import apps

    from omur.services.eligibility import eligible_people
    from omur.services.selectors import worklist_service

    try:
        enrolment = apps.get_model("cases", "Enrolment")
    except LookupError:
        return 0
    if enrolment.objects.exists():
        return enrolment.objects.count()
    rng = random.Random(seed + 1)
    total = 0
    for code in SERVICES:
        service = worklist_service(code)
        ids = list(eligible_people(service, day=day).values_list("pk", flat=True))
        chosen = rng.sample(ids, k=len(ids) // 4)
        statuses = ["active", "active", "active", "waiting", "suspended"]
        enrolment.objects.bulk_create(
            [
                enrolment(person_id=pk, service_id=service.pk, status=rng.choice(statuses), start_date=day)
                for pk in chosen
            ],
            batch_size=2_000,
        )
        total += len(chosen)
    return total


def _analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _plan(queryset: Any) -> list[str]:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return [row[-1] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def measure(day: dt.date, repeat: int) -> dict[str, Any]:
    from omur.services.selectors import worklist, worklist_page, worklist_service

    results: dict[str, Any] = {}
    for code in SERVICES:
        page_times: list[float] = []
        page_cpu: list[float] = []
        all_times: list[float] = []
        count = 0
        for _ in range(repeat):
            service = worklist_service(code)
            started, cpu = time.perf_counter(), time.process_time()
            page = worklist_page(service, day=day, number=1, per_page=PAGE_SIZE)
            count, rows = page.paginator.count, list(page.object_list)
            page_times.append(time.perf_counter() - started)
            page_cpu.append(time.process_time() - cpu)
            started = time.perf_counter()
            ids = list(worklist(service, day=day).values_list("pk", flat=True))
            all_times.append(time.perf_counter() - started)
            assert len(ids) == count and len(rows) == min(PAGE_SIZE, count)
        rules = [f"{r.kind} {json.dumps(r.params, ensure_ascii=False)}" for r in service.eligibility_rules.all()]
        results[code] = {
            "rules": rules,
            "eligible_not_enrolled": count,
            "page_first_s": round(page_times[0], 3),
            "page_median_s": round(statistics.median(page_times), 3),
            # SQLite runs inside this process, so its CPU time is the work itself, whatever else
            # the machine is doing; on PostgreSQL the work is in the server and this is near zero.
            "page_cpu_median_s": round(statistics.median(page_cpu), 3),
            "all_ids_first_s": round(all_times[0], 3),
            "all_ids_median_s": round(statistics.median(all_times), 3),
            "plan": _plan(worklist(service, day=day)[:PAGE_SIZE]),
        }
        print(
            f"  {code:22} {count:>9,}  page {results[code]['page_median_s']:>6} s  all ids {results[code]['all_ids_median_s']:>6} s",
            flush=True,
        )
    return results


def main() -> None:
    args = parse_args()
    var_dir = configure(args)
    from django.utils import timezone

    day = args.day or timezone.localdate()
    report: dict[str, Any] = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "database": args.database,
        "day": str(day),
    }
    report["machine"] = machine()
    report["data"] = prepare(args, day)
    print(f"Worklists on {day} ({args.repeat} runs each):", flush=True)
    report["worklists"] = measure(day, args.repeat)
    report["load_average_after"] = os.getloadavg()
    worst = max(r["page_median_s"] for r in report["worklists"].values())
    report["goal"] = {"seconds": GOAL_SECONDS, "worst_page_median_s": worst, "met": worst < GOAL_SECONDS}
    out = var_dir / f"eligibility-bench-{args.database}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    print(
        f"\n{report['machine']['database']} · {report['data']['people']:,} people · goal page < {GOAL_SECONDS:.0f} s: "
        f"{'met' if worst < GOAL_SECONDS else 'MISSED'} (worst median {worst} s)"
    )
    slowest = max(report["worklists"].items(), key=lambda item: item[1]["page_median_s"])
    print(f"slowest: {slowest[0]}")
    for line in slowest[1]["plan"]:
        print("   ", line)
    print(f"\nSaved {out}")


if __name__ == "__main__":
    main()
