"""Importing people and households from a CSV or XLSX file: one service for the staff page and for
`manage.py import_people`.

A run reads the whole file, checks every cell and every row against the file itself and the registry
(duplicates, households, existing people), and only when nothing is wrong writes it all in ONE
transaction: either every row lands or none does, also when the process is killed halfway (the
database rolls back an uncommitted transaction). A dry run does the same checks and writes nothing.

Repeating an import creates no duplicates: a row is matched to a registered person by TC Kimlik No,
else (no number, or a number nobody has yet) by folded name + birth date + neighbourhood. A matched
person is updated with the row's non-empty cells; an empty cell leaves the stored value alone.

Audit: one `person.import` event per run (file hash, counts, the ids of the people and households it
created, as ranges) plus one `person.update` event per person whose data changed, with the before and
after values. Created people get no event each: everything written about them is in the file, which
the run event identifies by its SHA-256, and `created_by` is set on every row; an event per row would
double the writes of a 100,000-row import for no information. Updates do get one each, because the
values they overwrite exist nowhere else.
"""

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omur.core.audit import _jsonable, audit_record
from omur.core.context import current_request_context
from omur.core.exceptions import ApplicationError
from omur.core.models import AuditEvent
from omur.core.tckn import mask_tckn
from omur.geo.models import Neighbourhood
from omur.registry.imports import columns as C
from omur.registry.imports.reader import Table, read_table
from omur.registry.models import Household, HouseholdMember, Person, Relation, fold_person_name

MAX_ROWS = 200_000
# Rows per INSERT/UPDATE batch and per `IN (...)` lookup: below SQLite's variable limit with room.
BATCH_SIZE = 900

# The Person fields an import can set (attnames), in template order.
PERSON_FIELDS = (
    "tckn",
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "phone",
    "district_id",
    "neighbourhood_id",
    "street",
    "building_no",
    "door_no",
    "lives_alone",
    "social_security",
    "monthly_income",
)
_ATTNAME = {"district": "district_id", "neighbourhood": "neighbourhood_id"}

Progress = Callable[[str, int, int], None]


class ImportConflict(ApplicationError):
    message = _("The registry changed while the file was being imported; nothing was saved. Run the import again.")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    file_name: str
    sha256: str
    dry_run: bool
    kind: str = ""
    encoding: str = ""
    delimiter: str = ""
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    households_created: int = 0
    members_added: int = 0
    members_changed: int = 0
    committed: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass(eq=False)
class _Row:
    line: int
    values: dict[str, Any]  # parsed non-empty cells, by Person attname (plus "household", "relation")
    signature: tuple[str, ...]
    present: frozenset[str] = frozenset()  # the columns with a non-empty cell
    name_folded: str = ""
    person_id: int | None = None  # the registered person this row updates
    changes: dict[str, list[Any]] = field(default_factory=dict)
    new_person: Person | None = None

    @property
    def tckn(self) -> str | None:
        return self.values.get("tckn")

    def identity(self) -> tuple[str, dt.date | None, int | None]:
        return (self.name_folded, self.values.get("birth_date"), self.values.get("neighbourhood_id"))


@dataclass(eq=False)
class _HouseholdPlan:
    key: str
    rows: list[_Row]
    household_id: int | None = None  # the registered household these rows join, or None for a new one
    existing_members: dict[int, str] = field(default_factory=dict)  # person id -> relation now
    existing_head_id: int | None = None  # the member whose relation is "head"
    registered_head_id: int | None = None  # Household.head


class _Problems:
    def __init__(self, header_names: dict[str, str]) -> None:
        self.items: list[Problem] = []
        self.header_names = header_names
        self.bad_lines: set[int] = set()

    def add(self, line: int, key: str, message: Any) -> None:
        column = self.header_names.get(key, key) if key else ""
        self.items.append(Problem(line, column, str(message)))
        self.bad_lines.add(line)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def people_import(
    *,
    actor: Any,
    path: Path,
    file_name: str = "",
    dry_run: bool,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Check (dry run) or import a file of people and households. Problems are returned in the report,
    not raised: a real run with any problem writes nothing. Raises UnreadableFile when the file is not
    a table, ImportConflict when the registry changed underneath a real run."""
    started = timezone.now()
    report = ImportReport(file_name=file_name or path.name, sha256=file_sha256(path), dry_run=dry_run)
    table = read_table(path, max_rows=MAX_ROWS)
    report.kind, report.encoding, report.delimiter = table.kind, table.encoding, table.delimiter
    report.rows = len(table.rows)
    check = _check_file(table, progress)
    file_problems = list(check.problems.items)
    if dry_run or file_problems:
        _check_registry(check, report)
        # The check reads the registry (who is already there, in which household): one event a run.
        _audit_check(actor=actor, report=report)
    else:
        try:
            with transaction.atomic():
                # The registry is checked again inside the transaction, which on SQLite holds the
                # write lock from BEGIN (IMMEDIATE): nobody can register the same person between the
                # check and the write. The slow file check above stays outside the lock.
                households = _check_registry(check, report)
                if report.ok:
                    _write(
                        actor=actor,
                        rows=check.rows,
                        households=households,
                        report=report,
                        progress=progress,
                        batch_size=batch_size,
                    )
                    report.committed = True
                else:
                    _audit_check(actor=actor, report=report)
        except IntegrityError as exc:
            # On PostgreSQL another session may have inserted the same TC Kimlik No meanwhile.
            raise ImportConflict() from exc
    report.seconds = (timezone.now() - started).total_seconds()
    return report


def _audit_check(*, actor: Any, report: ImportReport) -> None:
    audit_record(
        actor=actor,
        action="person.import_check",
        kind=AuditEvent.Kind.READ,
        object_type="registry.person",
        object_repr=report.file_name[:200],
        changes={
            "file": report.file_name,
            "sha256": report.sha256,
            "rows": report.rows,
            "problems": len(report.problems),
            "dry_run": report.dry_run,
        },
    )


# --- checking ---------------------------------------------------------------------------------------


def _map_header(table: Table, problems: _Problems) -> dict[int, str]:
    mapping: dict[int, str] = {}
    seen: dict[str, int] = {}
    for index, text in enumerate(table.header):
        if not text:
            if any(index < len(cells) and C.as_text(cells[index]) for _line, cells in table.rows):
                problems.add(
                    table.header_line,
                    gettext("column %(n)d") % {"n": index + 1},
                    _("This column has values but no header."),
                )
            continue
        key = C.HEADER_LOOKUP.get(C.header_key(text))
        if key is None:
            problems.add(
                table.header_line,
                text,
                _("Unknown column. The columns are: %(columns)s.")
                % {"columns": ", ".join(c.header for c in C.COLUMNS)},
            )
        elif key in seen:
            problems.add(table.header_line, text, _("This column appears twice."))
        else:
            seen[key] = index
            mapping[index] = key
            problems.header_names[key] = text
    for column in C.COLUMNS:
        if column.required and column.key not in seen:
            problems.add(table.header_line, column.header, _("This column is missing."))
    return mapping


class _Places:
    """Mersin's districts and neighbourhoods by folded name."""

    def __init__(self) -> None:
        self.districts: dict[str, int] = {}
        self.district_names: dict[int, str] = {}
        self.hoods: dict[tuple[int, str], int] = {}
        self.hoods_by_name: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for hood_id, name, district_id, district_name in Neighbourhood.objects.values_list(
            "id", "name", "district_id", "district__name"
        ):
            self.districts[C.place_key(district_name)] = district_id
            self.district_names[district_id] = district_name
            key = C.place_key(name)
            self.hoods[(district_id, key)] = hood_id
            self.hoods_by_name[key].append((district_id, hood_id))


def _parse_row(
    line: int,
    cells: list[Any],
    *,
    mapping: dict[int, str],
    header_width: int,
    places: _Places,
    problems: _Problems,
    today: dt.date,
) -> _Row:
    raw: dict[str, Any] = {}
    for index, key in mapping.items():
        value = cells[index] if index < len(cells) else None
        if C.as_text(value):
            raw[key] = value
    if any(C.as_text(c) for c in cells[header_width:]):
        problems.add(line, "", _("This row has more cells than the header has columns."))
    values: dict[str, Any] = {}

    def take(key: str, parse: Callable[[Any], Any]) -> None:
        if key not in raw:
            return
        try:
            values[_ATTNAME.get(key, key)] = parse(raw[key])
        except C.CellError as exc:
            problems.add(line, key, exc)

    take("tckn", C.parse_tckn)
    take("given_name", C.parse_name)
    take("family_name", C.parse_name)
    take("birth_date", lambda v: C.parse_date(v, today=today))
    take("sex", C.parse_sex)
    take("phone", C.parse_phone)
    take("street", lambda v: C.parse_short_text(v, max_length=160))
    take("building_no", lambda v: C.parse_short_text(v, max_length=20))
    take("door_no", lambda v: C.parse_short_text(v, max_length=20))
    take("lives_alone", C.parse_bool)
    take("social_security", C.parse_social_security)
    take("monthly_income", C.parse_money)
    take("household", lambda v: C.parse_short_text(v, max_length=40))
    take("relation", C.parse_relation)
    for key in ("given_name", "family_name", "sex"):
        if key in mapping.values() and key not in raw:
            problems.add(line, key, _("Required."))
    _parse_place(line, raw, values, places, problems)
    if "tckn" not in raw and "birth_date" not in raw:
        problems.add(
            line,
            "birth_date",
            _("Required when there is no TC Kimlik No, so that a repeated import recognises the person."),
        )
    signature = tuple(C.as_text(raw.get(c.key)) for c in C.COLUMNS)
    row = _Row(line=line, values=values, signature=signature, present=frozenset(raw))
    if "given_name" in values and "family_name" in values:
        row.name_folded = fold_person_name(values["given_name"], values["family_name"])
    return row


def _parse_place(line: int, raw: dict[str, Any], values: dict[str, Any], places: _Places, problems: _Problems) -> None:
    district_id = None
    if "district" in raw:
        district_id = places.districts.get(C.place_key(raw["district"]))
        if district_id is None:
            problems.add(
                line,
                "district",
                _("Unknown district “%(value)s”: the districts are %(names)s.")
                % {"value": C.as_text(raw["district"]), "names": ", ".join(sorted(places.district_names.values()))},
            )
            return
        values["district_id"] = district_id
    if "neighbourhood" not in raw:
        return
    name = C.as_text(raw["neighbourhood"])
    key = C.place_key(name)
    candidates = places.hoods_by_name.get(key, [])
    if district_id is None:
        # Names repeat across districts (there are several "Cumhuriyet"s); only a unique one is safe.
        if len(candidates) == 1:
            values["district_id"], values["neighbourhood_id"] = candidates[0]
        elif candidates:
            problems.add(
                line, "district", _("“%(value)s” is in more than one district: give the district.") % {"value": name}
            )
        else:
            problems.add(line, "neighbourhood", _("Unknown neighbourhood “%(value)s”.") % {"value": name})
        return
    hood_id = places.hoods.get((district_id, key))
    if hood_id is not None:
        values["neighbourhood_id"] = hood_id
    elif candidates:
        elsewhere = ", ".join(sorted(places.district_names[d] for d, _h in candidates))
        problems.add(
            line,
            "neighbourhood",
            _("“%(value)s” is not a neighbourhood of %(district)s (it is in %(elsewhere)s).")
            % {"value": name, "district": places.district_names[district_id], "elsewhere": elsewhere},
        )
    else:
        problems.add(
            line,
            "neighbourhood",
            _("Unknown neighbourhood “%(value)s” in %(district)s.")
            % {"value": name, "district": places.district_names[district_id]},
        )


def _check_duplicates(rows: list[_Row], problems: _Problems) -> None:
    by_signature: dict[tuple[str, ...], int] = {}
    by_tckn: dict[str, int] = {}
    by_identity: dict[tuple[Any, ...], int] = {}
    for row in rows:
        first = by_signature.setdefault(row.signature, row.line)
        if first != row.line:
            problems.add(row.line, "", _("This row repeats row %(n)d.") % {"n": first})
            continue
        if row.tckn:
            first = by_tckn.setdefault(row.tckn, row.line)
            if first != row.line:
                problems.add(row.line, "tckn", _("The same TC Kimlik No is on row %(n)d.") % {"n": first})
        elif row.name_folded and row.values.get("birth_date"):
            first = by_identity.setdefault(row.identity(), row.line)
            if first != row.line:
                problems.add(
                    row.line,
                    "",
                    _("Same name, birth date and neighbourhood as row %(n)d: the same person twice?") % {"n": first},
                )


def _check_households(rows: list[_Row], problems: _Problems) -> dict[str, list[_Row]]:
    groups: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        key = row.values.get("household")
        if key:
            groups[key].append(row)
            if "relation" not in row.present:
                problems.add(row.line, "relation", _("Required for a member of a household."))
        elif "relation" in row.values:
            problems.add(row.line, "household", _("A relation is given but no household key."))
    for key, members in groups.items():
        heads = [r for r in members if r.values.get("relation") == Relation.HEAD]
        if not heads and all("relation" in r.values for r in members):
            problems.add(members[0].line, "relation", _("Household “%(key)s” has no head (hane reisi).") % {"key": key})
        for extra in heads[1:]:
            problems.add(
                extra.line,
                "relation",
                _("Household “%(key)s” already has a head on row %(n)d.") % {"key": key, "n": heads[0].line},
            )
        if len(members) > 1:
            for row in members:
                if row.values.get("lives_alone") is True:
                    problems.add(
                        row.line,
                        "lives_alone",
                        _("Marked as living alone, but household “%(key)s” has %(n)d people in this file.")
                        % {"key": key, "n": len(members)},
                    )
    return groups


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_EXISTING_FIELDS = ("id", "name_folded", *PERSON_FIELDS)


def _match_people(rows: list[_Row], problems: _Problems) -> None:
    """Find the registered person each row updates, in a few IN-queries rather than one per row."""
    candidates = [r for r in rows if r.line not in problems.bad_lines]
    by_tckn: dict[str, dict[str, Any]] = {}
    tckns = [r.tckn for r in candidates if r.tckn]
    for chunk in _chunks(tckns, BATCH_SIZE):
        for person in Person.objects.filter(tckn__in=chunk).values(*_EXISTING_FIELDS):
            by_tckn[person["tckn"]] = person
    by_identity: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    names = sorted({r.name_folded for r in candidates if not (r.tckn and r.tckn in by_tckn)})
    for chunk in _chunks(names, BATCH_SIZE):
        for person in Person.objects.filter(name_folded__in=chunk).values(*_EXISTING_FIELDS):
            by_identity[(person["name_folded"], person["birth_date"], person["neighbourhood_id"])].append(person)

    claimed: dict[int, int] = {}
    for row in candidates:
        match: dict[str, Any] | None = by_tckn.get(row.tckn) if row.tckn else None
        if match is None and row.values.get("birth_date"):
            found = by_identity.get(row.identity(), [])
            if row.tckn:
                # A number nobody has yet: it may belong to someone registered without one.
                found = [p for p in found if not p["tckn"]]
            if len(found) > 1:
                problems.add(
                    row.line,
                    "tckn",
                    _(
                        "Matches %(n)d registered people with this name, birth date and neighbourhood: give the TC Kimlik No."
                    )
                    % {"n": len(found)},
                )
                continue
            match = found[0] if found else None
        if match is None:
            continue
        first = claimed.setdefault(match["id"], row.line)
        if first != row.line:
            problems.add(row.line, "", _("This row and row %(n)d are the same registered person.") % {"n": first})
            continue
        row.person_id = match["id"]
        for attname, value in row.values.items():
            if attname in PERSON_FIELDS and match[attname] != value:
                row.changes[attname] = [match[attname], value]


def _match_households(groups: dict[str, list[_Row]], problems: _Problems) -> list[_HouseholdPlan]:
    plans = [_HouseholdPlan(key=key, rows=members) for key, members in groups.items()]
    person_ids = [r.person_id for plan in plans for r in plan.rows if r.person_id]
    membership: dict[int, tuple[int, str]] = {}
    for chunk in _chunks(person_ids, BATCH_SIZE):
        for person_id, household_id, relation in HouseholdMember.objects.filter(person_id__in=chunk).values_list(
            "person_id", "household_id", "relation"
        ):
            membership[person_id] = (household_id, relation)
    targets: dict[int, str] = {}
    for plan in plans:
        head = next((r for r in plan.rows if r.values.get("relation") == Relation.HEAD), None)
        if head is not None and head.person_id in membership:
            plan.household_id = membership[head.person_id][0]
        else:
            touched = {membership[r.person_id][0] for r in plan.rows if r.person_id in membership}
            if len(touched) == 1:
                plan.household_id = touched.pop()
        if plan.household_id is None:
            continue
        other_key = targets.setdefault(plan.household_id, plan.key)
        if other_key != plan.key:
            problems.add(
                plan.rows[0].line,
                "household",
                _("Households “%(a)s” and “%(b)s” of this file are the same registered household.")
                % {"a": other_key, "b": plan.key},
            )
        for row in plan.rows:
            if row.person_id in membership and membership[row.person_id][0] != plan.household_id:
                problems.add(
                    row.line,
                    "household",
                    _(
                        "This person already belongs to another registered household (#%(id)d): change it on the person page first."
                    )
                    % {"id": membership[row.person_id][0]},
                )
    existing = [p.household_id for p in plans if p.household_id]
    members_now: dict[int, dict[int, str]] = defaultdict(dict)
    registered_heads: dict[int, int | None] = {}
    for chunk in _chunks(existing, BATCH_SIZE):
        registered_heads.update(Household.objects.filter(id__in=chunk).values_list("id", "head_id"))
        for household_id, person_id, relation in HouseholdMember.objects.filter(household_id__in=chunk).values_list(
            "household_id", "person_id", "relation"
        ):
            members_now[household_id][person_id] = relation
    for plan in plans:
        if not plan.household_id:
            continue
        plan.existing_members = members_now[plan.household_id]
        plan.registered_head_id = registered_heads.get(plan.household_id)
        plan.existing_head_id = next((pid for pid, rel in plan.existing_members.items() if rel == Relation.HEAD), None)
        in_file = {r.person_id for r in plan.rows if r.person_id}
        head = next((r for r in plan.rows if r.values.get("relation") == Relation.HEAD), None)
        if plan.existing_head_id and plan.existing_head_id not in in_file and head is not None:
            problems.add(
                head.line, "relation", _("The registered household already has another head, who is not in this file.")
            )
    return plans


@dataclass
class _FileCheck:
    rows: list[_Row]
    groups: dict[str, list[_Row]]
    problems: _Problems


def _check_file(table: Table, progress: Progress | None) -> _FileCheck:
    """Everything that depends on the file alone (and the fixed geography): the slow part."""
    problems = _Problems({c.key: c.header for c in C.COLUMNS})
    mapping = _map_header(table, problems)
    if problems.items:
        return _FileCheck([], {}, problems)
    places = _Places()
    today = timezone.localdate()
    rows = []
    for done, (line, cells) in enumerate(table.rows, start=1):
        rows.append(
            _parse_row(
                line,
                cells,
                mapping=mapping,
                header_width=len(table.header),
                places=places,
                problems=problems,
                today=today,
            )
        )
        if progress and done % 10_000 == 0:
            progress("check", done, len(table.rows))
    _check_duplicates(rows, problems)
    groups = _check_households(rows, problems)
    return _FileCheck(rows, groups, problems)


def _check_registry(check: _FileCheck, report: ImportReport) -> list[_HouseholdPlan]:
    """Everything that depends on who is registered: a few IN-queries, run again inside the writing
    transaction so that the write acts on what the registry holds at that moment."""
    problems = check.problems
    households: list[_HouseholdPlan] = []
    if check.rows:
        for row in check.rows:
            row.person_id, row.changes = None, {}
        _match_people(check.rows, problems)
        households = _match_households(check.groups, problems)
    report.problems = sorted(problems.items, key=lambda p: p.row)
    rows = check.rows
    report.created = sum(1 for r in rows if r.person_id is None)
    report.updated = sum(1 for r in rows if r.person_id is not None and r.changes)
    report.unchanged = sum(1 for r in rows if r.person_id is not None and not r.changes)
    report.households_created = sum(1 for h in households if h.household_id is None)
    report.members_added = report.members_changed = 0
    for plan in households:
        for row in plan.rows:
            relation = row.values.get("relation")
            if row.person_id is None or row.person_id not in plan.existing_members:
                report.members_added += 1
            elif plan.existing_members[row.person_id] != relation:
                report.members_changed += 1
    return households


# --- writing ----------------------------------------------------------------------------------------


def _write(
    *,
    actor: Any,
    rows: list[_Row],
    households: list[_HouseholdPlan],
    report: ImportReport,
    progress: Progress | None,
    batch_size: int,
) -> None:
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    new_rows = [r for r in rows if r.person_id is None]
    for row in new_rows:
        person = Person(**{k: v for k, v in row.values.items() if k in PERSON_FIELDS}, created_by_id=actor_id)
        # bulk_create skips Person.save(): fill what save() derives.
        person.name_folded = row.name_folded
        person.tckn = person.tckn or None
        row.new_person = person
    done = 0
    for chunk in _chunks(new_rows, batch_size):
        Person.objects.bulk_create([r.new_person for r in chunk], batch_size=batch_size)  # type: ignore[misc]
        done += len(chunk)
        if progress:
            progress("create", done, len(new_rows))

    changed = [r for r in rows if r.person_id is not None and r.changes]
    by_fields: dict[tuple[str, ...], list[Person]] = defaultdict(list)
    for row in changed:
        fields = set(row.changes)
        person = Person(id=row.person_id, updated_at=now, **{k: row.values[k] for k in fields})
        if fields & {"given_name", "family_name"}:
            person.name_folded = row.name_folded
            fields |= {"given_name", "family_name", "name_folded"}
            person.given_name, person.family_name = row.values["given_name"], row.values["family_name"]
        by_fields[tuple(sorted(fields | {"updated_at"}))].append(person)
    done = 0
    for field_names, people in by_fields.items():
        for chunk in _chunks(people, batch_size):
            Person.objects.bulk_update(chunk, list(field_names), batch_size=batch_size)
            done += len(chunk)
            if progress:
                progress("update", done, len(changed))

    created_households = _write_households(households, now=now)

    created_ids = [r.new_person.pk for r in new_rows if r.new_person is not None]
    audit_record(
        actor=actor,
        action="person.import",
        object_type="registry.person",
        object_repr=report.file_name[:200],
        changes={
            "file": report.file_name,
            "sha256": report.sha256,
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "households_created": report.households_created,
            "members_added": report.members_added,
            "members_changed": report.members_changed,
            "created_person_ids": id_ranges(created_ids),
            "created_household_ids": id_ranges(created_households),
        },
    )
    _audit_updates(actor=actor, rows=changed, report=report, batch_size=batch_size)


def _write_households(households: list[_HouseholdPlan], *, now: dt.datetime) -> list[int]:
    def person_id(row: _Row) -> int:
        return row.person_id or row.new_person.pk  # type: ignore[union-attr,return-value]

    new_plans = [p for p in households if p.household_id is None]
    objects = []
    for plan in new_plans:
        head = next(r for r in plan.rows if r.values.get("relation") == Relation.HEAD)
        objects.append(Household(head_id=person_id(head)))
    Household.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    for plan, household in zip(new_plans, objects, strict=True):
        plan.household_id = household.pk

    # Demote first, then promote and add: one household never holds two heads, even for a moment
    # (PostgreSQL checks the partial unique index row by row).
    demote: list[HouseholdMember] = []
    promote: list[HouseholdMember] = []
    add: list[HouseholdMember] = []
    head_changes: list[Household] = []
    for plan in households:
        household_id = plan.household_id
        assert household_id is not None  # set above for new households
        for row in plan.rows:
            pid, relation = person_id(row), row.values["relation"]
            current = plan.existing_members.get(pid)
            if current is None:
                add.append(HouseholdMember(household_id=household_id, person_id=pid, relation=relation))
            elif current != relation:
                member = HouseholdMember(household_id=household_id, person_id=pid, relation=relation, updated_at=now)
                (promote if relation == Relation.HEAD else demote).append(member)
            if relation == Relation.HEAD and plan.existing_members and plan.registered_head_id != pid:
                head_changes.append(Household(id=household_id, head_id=pid, updated_at=now))
    # Relation changes are rare (a re-import of the same file has none): one UPDATE each is fine.
    for member in (*demote, *promote):
        HouseholdMember.objects.filter(person_id=member.person_id).update(relation=member.relation, updated_at=now)
    HouseholdMember.objects.bulk_create(add, batch_size=BATCH_SIZE)
    if head_changes:
        Household.objects.bulk_update(head_changes, ["head", "updated_at"], batch_size=BATCH_SIZE)
    return [h.pk for h in objects]


def _audit_updates(*, actor: Any, rows: list[_Row], report: ImportReport, batch_size: int) -> None:
    # One event per changed person, written in batches: the same fields audit_record fills.
    ctx = current_request_context()
    authenticated = getattr(actor, "is_authenticated", False)
    purpose = f"import {report.sha256[:12]}"
    events = (
        AuditEvent(
            actor=actor if authenticated else None,
            actor_username=actor.get_username() if authenticated else "",
            kind=AuditEvent.Kind.WRITE,
            action="person.update",
            object_type="registry.person",
            object_id=str(row.person_id),
            object_repr=f"{row.values['given_name']} {row.values['family_name']}"[:200],
            changes=_audit_changes(row.changes),
            purpose=purpose,
            ip=ctx.ip,
            request_id=ctx.request_id,
        )
        for row in rows
    )
    batch = []
    for event in events:
        batch.append(event)
        if len(batch) >= batch_size:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    if batch:
        AuditEvent.objects.bulk_create(batch)


def _audit_changes(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    # As the registry's own services keep them: the TC Kimlik No masked, fields by model name.
    out = {}
    for attname, (old, new) in sorted(changes.items()):
        if attname == "tckn":
            old, new = mask_tckn(old), mask_tckn(new)
        out[attname.removesuffix("_id")] = [_jsonable(old), _jsonable(new)]
    return out


def id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """[3, 4, 5, 9] -> [[3, 5], [9, 9]]: bulk inserts get consecutive ids, so the list stays short."""
    ranges: list[list[int]] = []
    for value in sorted(ids):
        if ranges and value == ranges[-1][1] + 1:
            ranges[-1][1] = value
        else:
            ranges.append([value, value])
    return ranges


def problem_counts(problems: Iterable[Problem]) -> list[tuple[str, int]]:
    """Problems per column, most frequent first: the summary above a long list."""
    return Counter(p.column or str(_("whole row")) for p in problems).most_common()
