"""Registry benchmark: a million people, search latency, import throughput.

    .venv/bin/python bench/registry/run.py --people 1000000 --database sqlite
    .venv/bin/python bench/registry/run.py --people 1000000 --database postgres

1. Fills a dedicated benchmark database (never the demo's): SQLite in $OMUR_VAR_DIR (default
   /tmp/omur-bench-var), or the PostgreSQL database omur_bench (created if missing). Generation uses
   omur.registry.demo.people_generate, the code behind `manage.py generate_people`; a database that
   already holds the requested number of generated people is reused (--fresh starts over).
2. Search: a few hundred realistic queries (partial names, lower/upper/mixed case, with and without
   Turkish letters, whole and partial TC Kimlik Nos, phone numbers), each timed around
   omur.registry.selectors.person_search plus the first page of 25 rows through a Paginator, the way
   the search page does it. Prints p50/p95/max per kind, and the query plan of the slowest query.
3. Import: 100,000 new people in households written to a CSV and run through
   omur.registry.imports.services.people_import (dry run, real run, and the same file again, which
   changes nothing); rows per second for each. The imported people are removed again afterwards,
   so the next run starts from the same million.

Results are printed and saved as JSON in the benchmark var directory.
"""

import argparse
import csv
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
GOAL_P95_MS = 50.0
PAGE_SIZE = 25


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/omur_bench", help="for --database postgres"
    )
    parser.add_argument("--var-dir", default=os.environ.get("OMUR_BENCH_VAR_DIR", "/tmp/omur-bench-var"))  # noqa: S108 (a scratch database)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--queries", type=int, default=400, help="search queries to time")
    parser.add_argument("--import-rows", type=int, default=100_000, help="0 to skip the import benchmark")
    parser.add_argument("--fresh", action="store_true", help="drop the benchmark database and generate again")
    return parser.parse_args()


def configure(args: argparse.Namespace) -> Path:
    """Point Django at the benchmark database before it is set up."""
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
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
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
        "memory": memory,
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": db_version,
        "os": platform.platform(),
    }


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command

    from omur.registry.demo import people_generate
    from omur.registry.models import Person

    call_command("migrate", verbosity=0)
    call_command("load_geography", stdout=io.StringIO())
    existing = Person.objects.count()
    result: dict[str, Any] = {"people": existing}
    if existing == args.people:
        print(f"Reusing {existing:,} people (use --fresh to generate again).")
        return result
    if existing:
        sys.exit(f"The benchmark database holds {existing:,} people, not {args.people:,}: run with --fresh.")
    print(f"Generating {args.people:,} people ...", flush=True)
    cpu = time.process_time()

    def progress(done: int, total: int) -> None:
        if done % 100_000 < 5000 or done == total:
            print(f"  {done:,}/{total:,}", flush=True)

    generated = people_generate(count=args.people, seed=args.seed, progress=progress)
    result.update(
        people=generated.people,
        households=generated.households,
        generate_seconds=round(generated.seconds, 1),
        generate_cpu_seconds=round(time.process_time() - cpu, 1),
        generate_rows_per_second=round(generated.rows_per_second),
    )
    print(
        f"Generated {generated.people:,} people in {generated.seconds:.0f} s ({generated.rows_per_second:,.0f} people/s)."
    )
    return result


def analyse() -> None:
    """Fresh planner statistics, as a maintained database has them (autovacuum on PostgreSQL; on
    SQLite, `PRAGMA optimize` / ANALYZE run by the operator — see the README)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM too: it sets the visibility map that index-only scans need, as autovacuum does
            # after a large insert (autovacuum_vacuum_insert_threshold, PostgreSQL 13+).
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")


# --- search -----------------------------------------------------------------------------------


def _strip_turkish(text: str) -> str:
    return text.translate(str.maketrans("çğıöşüÇĞİÖŞÜ", "cgiosuCGIOSU"))


def _turkish_lower(text: str) -> str:
    return text.replace("İ", "i").replace("I", "ı").lower()


def _turkish_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


def build_queries(count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, what a clerk types), drawn from real rows so that most queries find someone."""
    from omur.registry.models import Person

    rng = random.Random(seed)
    top = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    sample_ids = rng.sample(range(1, top + 1), min(top, count * 2))
    rows = list(Person.objects.filter(id__in=sample_ids).values_list("given_name", "family_name", "tckn", "phone"))
    rng.shuffle(rows)
    queries: list[tuple[str, str]] = []
    makers = [
        ("name: full, as written", lambda g, f: f"{g} {f}"),
        # Lower-cased the Turkish way, as people type it (Python's "İ".lower() would give "i̇").
        ("name: lower case", lambda g, f: _turkish_lower(f"{g} {f}")),
        ("name: upper case", lambda g, f: _turkish_upper(f"{g} {f}")),
        ("name: without Turkish letters", lambda g, f: _strip_turkish(f"{g} {f}").lower()),
        ("name: partial (3+3 letters)", lambda g, f: _turkish_lower(f"{g[:3]} {f[:3]}")),
        ("name: family name only", lambda g, f: f),
        ("name: given name only, partial", lambda g, f: _strip_turkish(g[:4]).lower()),
    ]
    for index, (given, family, tckn, phone) in enumerate(rows):
        if len(queries) >= count:
            break
        kind = index % 10
        if kind < len(makers):
            label, make = makers[kind]
            queries.append((label, make(given, family)))
        elif kind == 7 and tckn:
            queries.append(("TC Kimlik No: whole", tckn))
        elif kind == 8 and tckn:
            queries.append(("TC Kimlik No: first 6 digits", tckn[:6]))
        elif kind == 9 and phone:
            queries.append(("phone: 0532 123 45 67", f"0{phone[3:6]} {phone[6:9]} {phone[9:11]} {phone[11:]}"))
    return queries


def run_search(queries: list[tuple[str, str]]) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.paginator import Paginator
    from django.db import connection

    from omur.accounts.roles import Role
    from omur.registry.selectors import person_search

    actor, _created = get_user_model().objects.get_or_create(username="bench-clerk")
    actor.groups.add(Group.objects.get_or_create(name=Role.SOCIAL_WORKER)[0])

    def one(q: str) -> tuple[float, int, list[tuple[str, Any]]]:
        captured: list[tuple[str, Any]] = []

        def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            captured.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            started, cpu = time.perf_counter(), time.thread_time()
            result = person_search(actor=actor, q=q)
            page = Paginator(result, PAGE_SIZE).get_page(1)
            rows = list(page.object_list)
            elapsed = (time.perf_counter() - started) * 1000
            cpu_times.append((time.thread_time() - cpu) * 1000)
        assert len(rows) <= PAGE_SIZE
        return elapsed, len(result), captured

    # CPU time of this process per query: on SQLite that is the whole cost of the search (the
    # database runs in-process), and unlike wall-clock time it does not grow when other processes
    # compete for the CPU. On PostgreSQL it leaves out the server's share.
    cpu_times: list[float] = []
    for _kind, q in queries[:20]:  # warm the caches, as a running server has them
        one(q)
    cpu_times.clear()
    timings: dict[str, list[float]] = {}
    slowest: dict[str, tuple[float, str, int, list[tuple[str, Any]]]] = {}
    found = 0
    for kind, q in queries:
        elapsed, matches, sql = one(q)
        found += matches > 0
        timings.setdefault(kind, []).append(elapsed)
        timings.setdefault("all", []).append(elapsed)
        group = "TC Kimlik No" if kind.startswith("TC") else kind.split(":")[0]
        if group not in slowest or elapsed > slowest[group][0]:
            slowest[group] = (elapsed, q, matches, sql)
    # The search page also writes one audit event per search (its own short transaction).
    from omur.core.audit import audit_record
    from omur.core.models import AuditEvent

    audit_ms = []
    for _ in range(50):
        started = time.perf_counter()
        audit_record(
            actor=actor,
            action="person.search",
            kind=AuditEvent.Kind.READ,
            object_type="registry.person",
            changes={"q": "bench"},
        )
        audit_ms.append((time.perf_counter() - started) * 1000)
    summary = {kind: _percentiles(values) for kind, values in timings.items()}
    summary["(audit event per search)"] = _percentiles(audit_ms)
    summary["(all, CPU time of this process)"] = _percentiles(cpu_times)
    plans = {
        group: {"ms": round(ms, 1), "query": q, "matches": n, "plan": explain(sql)}
        for group, (ms, q, n, sql) in slowest.items()
    }
    return {"queries": len(queries), "found_someone": found, "latency_ms": summary, "slowest": plans}


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 2),
        "p95": round(p95, 2),
        "max": round(ordered[-1], 2),
    }


def explain(statements: list[tuple[str, Any]]) -> list[str]:
    from django.db import connection

    out = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                out.append(sql[:300] + " ...")
                out.extend("  " + str(row[-1]) for row in cursor.fetchall())
            else:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                out.append(sql[:300] + " ...")
                out.extend("  " + row[0] for row in cursor.fetchall())
    return out


# --- import -----------------------------------------------------------------------------------


def run_import(args: argparse.Namespace, var_dir: Path) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from omur.registry.demo import PeopleGenerator, _replace_taken_numbers, as_import_rows, mersin_places
    from omur.registry.imports.columns import COLUMNS
    from omur.registry.imports.services import people_import

    user, _created = get_user_model().objects.get_or_create(username="bench-importer")
    _remove_imported(user)
    path = var_dir / f"import-{args.import_rows}.csv"
    generator = PeopleGenerator(seed=args.seed + 1, places=mersin_places(), reference_date=dt.date(2026, 1, 1))
    households = list(generator.households(args.import_rows))
    # A number the million already uses would turn a new person into an update: draw another.
    _replace_taken_numbers([p for h in households for p, _relation in h.members], generator)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([c.header for c in COLUMNS])
        writer.writerows(as_import_rows(households))
    results: dict[str, Any] = {"rows": args.import_rows, "file_mb": round(path.stat().st_size / 1e6, 1)}
    for label, dry_run in (("dry_run", True), ("import", False), ("repeat", False)):
        print(f"Import: {label} ...", flush=True)
        cpu = time.process_time()
        report = people_import(actor=user, path=path, dry_run=dry_run)
        results[label] = {
            "seconds": round(report.seconds, 1),
            "cpu_seconds": round(time.process_time() - cpu, 1),
            "rows_per_second": round(report.rows_per_second),
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "problems": len(report.problems),
        }
        if report.problems:
            print("  first problems:", report.problems[:5])
    _remove_imported(user)
    return results


def _remove_imported(user: Any) -> None:
    """Take the imported people out again (the audit events stay: the trail is append-only)."""
    from django.db import transaction

    from omur.registry.models import Household, HouseholdMember, Person

    with transaction.atomic():
        people = Person.objects.filter(created_by=user)
        HouseholdMember.objects.filter(person__in=people).delete()
        Household.objects.filter(head__in=people).delete()
        people._raw_delete(people.db)


def main() -> None:
    args = parse_args()
    var_dir = configure(args)
    report: dict[str, Any] = {"when": dt.datetime.now().isoformat(timespec="seconds"), "database": args.database}
    report["machine"] = machine()
    report["data"] = prepare(args)
    analyse()
    print(f"Search: {args.queries} queries ...", flush=True)
    report["search"] = run_search(build_queries(args.queries, args.seed))
    if args.import_rows:
        report["import"] = run_import(args, var_dir)
    out = var_dir / f"registry-bench-{args.database}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    print_report(report)
    print(f"\nSaved {out}")


def print_report(report: dict[str, Any]) -> None:
    print(f"\n== {report['database']} · {report['machine']['database']} · {report['data']['people']:,} people")
    print(f"{'query kind':40} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    latency = report["search"]["latency_ms"]
    for kind, row in sorted(latency.items(), key=lambda item: (item[0] == "all", item[0].startswith("("), item[0])):
        print(f"{kind:40} {row['n']:>4} {row['p50']:>8} {row['p95']:>8} {row['max']:>8}")
    p95 = report["search"]["latency_ms"]["all"]["p95"]
    print(f"goal p95 < {GOAL_P95_MS:.0f} ms: {'met' if p95 < GOAL_P95_MS else 'MISSED'} (p95 {p95} ms)")
    for group, slow in report["search"]["slowest"].items():
        print(f"\nslowest {group}: {slow['query']!r} {slow['ms']} ms, {slow['matches']} matches")
        for line in slow["plan"]:
            print("   ", line)
    if "import" in report:
        imp = report["import"]
        print(f"\nimport of {imp['rows']:,} rows ({imp['file_mb']} MB CSV):")
        for label in ("dry_run", "import", "repeat"):
            r = imp[label]
            print(
                f"  {label:8} {r['seconds']:>7} s  {r['rows_per_second']:>7,} rows/s  (created {r['created']}, unchanged {r['unchanged']}, problems {r['problems']})"
            )


if __name__ == "__main__":
    main()
