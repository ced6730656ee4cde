"""Portable playbooks: a project with everything another Ömür installation needs to start the same
programme — its steps, staffing, budget, KPI definitions, and the catalogue services that deliver it
with their eligibility rules — as one versioned JSON document (omur/hub/PLAYBOOK_FORMAT.md).

The import checks the whole package first and reports every problem it finds; only a valid package
is written, in one transaction, so a bad file changes nothing."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.core.audit import audit_record
from omur.hub.models import BudgetKind, BudgetLine, Kpi, KpiSource, Project, ProjectStep, StaffingLine
from omur.services.eligibility import validate_params
from omur.services.models import (
    DeliveryModel,
    Department,
    EligibilityRule,
    LifeStage,
    Mechanism,
    PolicyArea,
    RuleKind,
    Service,
)

FORMAT = "omur-playbook"
VERSION = 1
SUPPORTED_VERSIONS = frozenset({1})
# Rules that name places (districts, neighbourhoods) belong to the exporting city: they are carried in
# the package for reference but not imported, and the report says so.
PLACE_RULES = frozenset({RuleKind.IN_DISTRICTS, RuleKind.IN_NEIGHBOURHOODS})
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

PROJECT_TEXT = [
    "name_tr",
    "name_en",
    "summary_tr",
    "summary_en",
    "target_group_tr",
    "target_group_en",
    "problem_tr",
    "problem_en",
    "objectives_tr",
    "objectives_en",
    "eligibility_tr",
    "eligibility_en",
    "risks_tr",
    "risks_en",
    "lessons_tr",
    "lessons_en",
]
SERVICE_TEXT = [
    "name_tr",
    "name_en",
    "description_tr",
    "description_en",
    "documents_tr",
    "documents_en",
    "capacity_note_tr",
    "capacity_note_en",
]
DEPARTMENT_TEXT = ["name_tr", "name_en", "description_tr", "description_en"]


# --- export ------------------------------------------------------------------------------------


def _department(dept: Department | None) -> dict[str, Any] | None:
    if dept is None:
        return None
    return {"code": dept.code, **{f: getattr(dept, f) for f in DEPARTMENT_TEXT}}


def _policy_areas(project: Project, services: list[Any]) -> list[dict[str, Any]]:
    """The policy areas the project and its services name, so a fresh installation can create them."""
    found: dict[str, dict[str, Any]] = {}
    for area in [*project.policy_areas.all(), *(s.policy_area for s in services)]:
        found.setdefault(area.code, {"code": area.code, "name_tr": area.name_tr, "name_en": area.name_en})
    return list(found.values())


def playbook_export(*, project: Project, actor: Any = None) -> dict[str, Any]:
    services = list(
        project.services.select_related("policy_area", "department").prefetch_related(
            "life_stages", "eligibility_rules"
        )
    )
    departments = {d["code"]: d for d in [_department(project.department)] if d}
    for s in services:
        departments.setdefault(s.department.code, _department(s.department))  # type: ignore[arg-type]
    package = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().replace(microsecond=0).isoformat(),
        "project": {
            "code": project.code,
            **{f: getattr(project, f) for f in PROJECT_TEXT},
            "started_on": project.started_on.isoformat() if project.started_on else None,
            "department": project.department.code if project.department else None,
            "policy_areas": [
                {"code": a.code, "name_tr": a.name_tr, "name_en": a.name_en} for a in project.policy_areas.all()
            ],
            "life_stages": [s.code for s in project.life_stages.all()],
            "steps": [
                {"title_tr": s.title_tr, "title_en": s.title_en, "detail_tr": s.detail_tr, "detail_en": s.detail_en}
                for s in project.steps.all()
            ],
            "staffing": [
                {"role_tr": s.role_tr, "role_en": s.role_en, "count": s.count} for s in project.staffing.all()
            ],
            "budget": [
                {"kind": b.kind, "item_tr": b.item_tr, "item_en": b.item_en, "amount": str(b.amount)}
                for b in project.budget.all()
            ],
            "kpis": [
                {
                    "name_tr": k.name_tr,
                    "name_en": k.name_en,
                    "unit_tr": k.unit_tr,
                    "unit_en": k.unit_en,
                    "source": k.source,
                    "indicator_code": k.indicator_code,
                    "window_days": k.window_days,
                    "target": str(k.target) if k.target is not None else None,
                }
                for k in project.kpis.all()
            ],
            "services": [s.code for s in services],
        },
        "departments": list(departments.values()),
        "policy_areas": _policy_areas(project, services),
        "services": [
            {
                "code": s.code,
                **{f: getattr(s, f) for f in SERVICE_TEXT},
                "policy_area": s.policy_area.code,
                "life_stages": [ls.code for ls in s.life_stages.all()],
                "delivery_model": s.delivery_model,
                "mechanism": s.mechanism,
                "department": s.department.code,
                "application_channels": list(s.application_channels),
                "capacity": s.capacity,
                "eligibility_rules": [
                    {"kind": r.kind, "params": r.params, "note_tr": r.note_tr, "note_en": r.note_en, "order": r.order}
                    for r in s.eligibility_rules.all()
                ],
            }
            for s in services
        ],
    }
    if actor is not None:
        audit_record(actor=actor, action="project.playbook_export", obj=project)
    return package


# --- validation --------------------------------------------------------------------------------


class PlaybookInvalid(ValidationError):
    """The package cannot be imported; `.messages` lists every problem with where it is."""


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    project: Project | None = None


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.error(where, _("must be an object"))
            return {}
        return value

    def lst(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(where, _("must be a list"))
            return []
        return value

    def text(self, data: dict[str, Any], key: str, where: str, *, required: bool = False, max_length: int = 0) -> str:
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.error(f"{where}.{key}", _("must be text"))
            return ""
        if required and not value.strip():
            self.error(f"{where}.{key}", _("is required"))
        if max_length and len(value) > max_length:
            self.error(f"{where}.{key}", _("is longer than %(n)s characters") % {"n": max_length})
        return value

    def code(self, data: dict[str, Any], key: str, where: str) -> str:
        value = self.text(data, key, where, required=True, max_length=60)
        if value and not _SLUG.match(value):
            self.error(f"{where}.{key}", _("may contain only letters, digits, hyphens and underscores"))
        return value


def _validate(package: Any) -> tuple[_Checker, dict[str, Any]]:
    c = _Checker()
    root = c.obj(package, "package")
    if not root:
        return c, {}
    if root.get("format") != FORMAT:
        c.error("format", _("is not “%(format)s”: this is not an Ömür playbook") % {"format": FORMAT})
    version = root.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version not in SUPPORTED_VERSIONS:
        c.error(
            "version",
            _("%(version)s is not supported; this installation reads version %(supported)s")
            % {"version": version, "supported": ", ".join(str(v) for v in sorted(SUPPORTED_VERSIONS))},
        )
        return c, root  # a different version may mean anything: check nothing further
    known_areas = set(PolicyArea.objects.values_list("code", flat=True))
    known_stages = set(LifeStage.objects.values_list("code", flat=True))
    known_depts = set(Department.objects.values_list("code", flat=True))

    for i, a in enumerate(c.lst(root.get("policy_areas"), "policy_areas")):
        where = f"policy_areas[{i}]"
        a = c.obj(a, where)
        code = c.code(a, "code", where)
        c.text(a, "name_tr", where, required=True, max_length=80)
        c.text(a, "name_en", where, max_length=80)
        if isinstance(code, str) and code:
            known_areas.add(code)  # created by the import when this installation lacks it

    depts = {}
    for i, d in enumerate(c.lst(root.get("departments"), "departments")):
        where = f"departments[{i}]"
        d = c.obj(d, where)
        code = c.code(d, "code", where)
        c.text(d, "name_tr", where, required=True, max_length=160)
        depts[code] = d

    def check_dept(code: Any, where: str) -> None:
        if code is None:
            return
        if not isinstance(code, str) or (code not in known_depts and code not in depts):
            c.error(
                where, _("department “%(code)s” is neither in this installation nor in the package") % {"code": code}
            )

    service_codes = set()
    for i, s in enumerate(c.lst(root.get("services"), "services")):
        where = f"services[{i}]"
        s = c.obj(s, where)
        code = c.code(s, "code", where)
        service_codes.add(code)
        c.text(s, "name_tr", where, required=True, max_length=160)
        for f in SERVICE_TEXT:
            c.text(s, f, where)
        if s.get("policy_area") not in known_areas:
            c.error(f"{where}.policy_area", _("unknown policy area “%(code)s”") % {"code": s.get("policy_area")})
        for stage in c.lst(s.get("life_stages"), f"{where}.life_stages"):
            if stage not in known_stages:
                c.error(f"{where}.life_stages", _("unknown life stage “%(code)s”") % {"code": stage})
        if s.get("delivery_model") not in DeliveryModel.values:
            c.error(
                f"{where}.delivery_model", _("must be one of %(values)s") % {"values": ", ".join(DeliveryModel.values)}
            )
        if s.get("mechanism") not in Mechanism.values:
            c.error(f"{where}.mechanism", _("must be one of %(values)s") % {"values": ", ".join(Mechanism.values)})
        check_dept(s.get("department"), f"{where}.department")
        if s.get("department") is None:
            c.error(f"{where}.department", _("is required"))
        capacity = s.get("capacity")
        if capacity is not None and (not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 0):
            c.error(f"{where}.capacity", _("must be a whole number or null"))
        for j, r in enumerate(c.lst(s.get("eligibility_rules"), f"{where}.eligibility_rules")):
            rwhere = f"{where}.eligibility_rules[{j}]"
            r = c.obj(r, rwhere)
            kind = r.get("kind")
            if kind not in RuleKind.values:
                c.error(f"{rwhere}.kind", _("unknown rule kind “%(kind)s”") % {"kind": kind})
                continue
            try:
                validate_params(kind, r.get("params", {}))
            except ValidationError as exc:
                c.error(f"{rwhere}.params", " ".join(str(m) for m in exc.messages))

    p = c.obj(root.get("project"), "project")
    if p:
        c.code(p, "code", "project")
        c.text(p, "name_tr", "project", required=True, max_length=160)
        for f in PROJECT_TEXT:
            c.text(p, f, "project")
        started = p.get("started_on")
        if started is not None:
            try:
                dt.date.fromisoformat(started)
            except (TypeError, ValueError):
                c.error("project.started_on", _("must be a date like 2024-03-01"))
        check_dept(p.get("department"), "project.department")
        areas = c.lst(p.get("policy_areas"), "project.policy_areas")
        if not areas:
            c.error("project.policy_areas", _("name at least one policy area"))
        for a in areas:
            area_code = a.get("code") if isinstance(a, dict) else a
            if area_code not in known_areas:
                c.error(
                    "project.policy_areas",
                    _("unknown policy area “%(code)s”: add it to this installation (or rename it in the package) first")
                    % {"code": area_code},
                )
        for stage in c.lst(p.get("life_stages"), "project.life_stages"):
            if stage not in known_stages:
                c.error("project.life_stages", _("unknown life stage “%(code)s”") % {"code": stage})
        for i, s in enumerate(c.lst(p.get("steps"), "project.steps")):
            c.text(c.obj(s, f"project.steps[{i}]"), "title_tr", f"project.steps[{i}]", required=True, max_length=200)
        for i, s in enumerate(c.lst(p.get("staffing"), "project.staffing")):
            where = f"project.staffing[{i}]"
            s = c.obj(s, where)
            c.text(s, "role_tr", where, required=True, max_length=120)
            count = s.get("count")
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                c.error(f"{where}.count", _("must be a whole number from 1"))
        for i, b in enumerate(c.lst(p.get("budget"), "project.budget")):
            where = f"project.budget[{i}]"
            b = c.obj(b, where)
            c.text(b, "item_tr", where, required=True, max_length=160)
            if b.get("kind") not in BudgetKind.values:
                c.error(f"{where}.kind", _("must be one of %(values)s") % {"values": ", ".join(BudgetKind.values)})
            try:
                if Decimal(str(b.get("amount"))) < 0:
                    raise InvalidOperation
            except (InvalidOperation, ValueError):
                c.error(f"{where}.amount", _("must be an amount in TRY, not negative"))
        for i, k in enumerate(c.lst(p.get("kpis"), "project.kpis")):
            where = f"project.kpis[{i}]"
            k = c.obj(k, where)
            c.text(k, "name_tr", where, required=True, max_length=160)
            if k.get("source") not in KpiSource.values:
                c.error(f"{where}.source", _("must be one of %(values)s") % {"values": ", ".join(KpiSource.values)})
            if k.get("source") == KpiSource.LIVE and not k.get("indicator_code"):
                c.error(f"{where}.indicator_code", _("is required for a live KPI"))
            window = k.get("window_days", 365)
            if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 3660:
                c.error(f"{where}.window_days", _("must be a whole number of days from 1 to 3660"))
        for code in c.lst(p.get("services"), "project.services"):
            if code not in service_codes and not Service.objects.filter(code=code).exists():
                c.error(
                    "project.services",
                    _("service “%(code)s” is neither in the package nor in this installation") % {"code": code},
                )
    else:
        c.error("project", _("is required"))
    return c, root


# --- import ------------------------------------------------------------------------------------


def playbook_check(package: Any) -> list[str]:
    """Every problem with the package ([] when it can be imported)."""
    checker, _root = _validate(package)
    return checker.errors


@transaction.atomic
def playbook_import(*, actor: Any, package: Any) -> ImportReport:
    checker, root = _validate(package)
    if checker.errors:
        raise PlaybookInvalid(checker.errors)
    report = ImportReport()
    from omur.core.indicators import indicator

    for d in root.get("departments") or []:
        dept, made = Department.objects.get_or_create(
            code=d["code"], defaults={f: d.get(f) or "" for f in DEPARTMENT_TEXT}
        )
        (report.created if made else report.reused).append(_("Department %(code)s") % {"code": dept.code})

    for a in root.get("policy_areas") or []:
        area, made = PolicyArea.objects.get_or_create(
            code=a["code"], defaults={"name_tr": a["name_tr"], "name_en": a.get("name_en") or ""}
        )
        (report.created if made else report.reused).append(_("Policy area %(code)s") % {"code": area.code})
    areas = {a.code: a for a in PolicyArea.objects.all()}
    stages = {s.code: s for s in LifeStage.objects.all()}
    for s in root.get("services") or []:
        existing = Service.objects.filter(code=s["code"]).first()
        if existing is not None:
            report.reused.append(_("Service %(code)s (kept as it is here)") % {"code": s["code"]})
            continue
        service = Service(
            code=s["code"],
            **{f: s.get(f) or "" for f in SERVICE_TEXT},
            policy_area=areas[s["policy_area"]],
            delivery_model=s["delivery_model"],
            mechanism=s["mechanism"],
            department=Department.objects.get(code=s["department"]),
            application_channels=list(s.get("application_channels") or []),
            capacity=s.get("capacity"),
            # Another city's service is not in its public directory until the office has checked it.
            is_public=False,
        )
        service.save()
        service.life_stages.set([stages[c] for c in s.get("life_stages") or []])
        report.created.append(_("Service %(code)s") % {"code": service.code})
        for order, r in enumerate(s.get("eligibility_rules") or []):
            if r["kind"] in PLACE_RULES:
                report.warnings.append(
                    _("Service %(code)s: the rule on %(kind)s names the exporting city's places; add your own.")
                    % {"code": service.code, "kind": RuleKind(r["kind"]).label}
                )
                continue
            EligibilityRule.objects.create(
                service=service,
                kind=r["kind"],
                params=r.get("params") or {},
                note_tr=r.get("note_tr") or "",
                note_en=r.get("note_en") or "",
                order=r.get("order", order),
            )
            report.created.append(_("Rule %(kind)s for %(code)s") % {"kind": r["kind"], "code": service.code})

    p = root["project"]
    project = Project.objects.filter(code=p["code"]).first()
    if project is not None:
        report.reused.append(_("Project %(code)s (already here; not changed)") % {"code": project.code})
        report.project = project
        audit_record(actor=actor, action="project.playbook_import", obj=project, changes={"reused": True})
        return report
    project = Project(
        code=p["code"],
        **{f: p.get(f) or "" for f in PROJECT_TEXT},
        started_on=dt.date.fromisoformat(p["started_on"]) if p.get("started_on") else None,
        department=Department.objects.get(code=p["department"]) if p.get("department") else None,
        is_published=False,
    )
    project.save()
    project.policy_areas.set([areas[a["code"] if isinstance(a, dict) else a] for a in p["policy_areas"]])
    project.life_stages.set([stages[c] for c in p.get("life_stages") or []])
    project.services.set(Service.objects.filter(code__in=p.get("services") or []))
    for order, s in enumerate(p.get("steps") or [], start=1):
        ProjectStep.objects.create(
            project=project,
            order=order,
            title_tr=s["title_tr"],
            title_en=s.get("title_en") or "",
            detail_tr=s.get("detail_tr") or "",
            detail_en=s.get("detail_en") or "",
        )
    for s in p.get("staffing") or []:
        StaffingLine.objects.create(
            project=project, role_tr=s["role_tr"], role_en=s.get("role_en") or "", count=s["count"]
        )
    for b in p.get("budget") or []:
        BudgetLine.objects.create(
            project=project,
            kind=b["kind"],
            item_tr=b["item_tr"],
            item_en=b.get("item_en") or "",
            amount=Decimal(str(b["amount"])),
        )
    for order, k in enumerate(p.get("kpis") or [], start=1):
        Kpi.objects.create(
            project=project,
            order=order,
            name_tr=k["name_tr"],
            name_en=k.get("name_en") or "",
            unit_tr=k.get("unit_tr") or "",
            unit_en=k.get("unit_en") or "",
            source=k["source"],
            indicator_code=k.get("indicator_code") or "" if k["source"] == KpiSource.LIVE else "",
            window_days=k.get("window_days", 365),
            target=Decimal(str(k["target"])) if k.get("target") not in (None, "") else None,
        )
        if k["source"] == KpiSource.LIVE and indicator(k["indicator_code"]) is None:
            report.warnings.append(
                _(
                    "KPI “%(name)s”: indicator %(code)s is not available in this installation; it shows as not available."
                )
                % {"name": k["name_tr"], "code": k["indicator_code"]}
            )
    report.created.append(_("Project %(code)s (not published until you publish it)") % {"code": project.code})
    report.project = project
    audit_record(
        actor=actor,
        action="project.playbook_import",
        obj=project,
        changes={"created": len(report.created), "reused": len(report.reused)},
    )
    return report
