"""A project's playbook as a printable PDF (A4, DejaVu for Turkish glyphs): problem, objectives,
steps, eligibility, staffing, budget, KPIs, risks and lessons, in the active language."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from omur.core.pdf import FONT_FAMILY, new_pdf
from omur.hub.models import Project
from omur.hub.selectors import budget_totals, kpi_values
from omur.hub.templatetags.hub_tags import figure
from omur.services.selectors import rule_summaries


def _money(amount: Any) -> str:
    whole = f"{amount:,.0f}".replace(",", ".")
    return f"{whole} ₺"


class _Doc:
    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf

    def heading(self, text: str) -> None:
        pdf = self.pdf
        pdf.ln(3)
        pdf.set_font(FONT_FAMILY, "B", 13)
        pdf.set_text_color(11, 79, 92)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FONT_FAMILY, "", 10.5)

    def para(self, text: str) -> None:
        if text.strip():
            self.pdf.multi_cell(0, 5.5, text.strip(), new_x="LMARGIN", new_y="NEXT")
            self.pdf.ln(1)

    def bullets(self, items: list[str], *, numbered: bool = False) -> None:
        for i, item in enumerate(items, start=1):
            mark = f"{i}." if numbered else "•"
            self.pdf.multi_cell(0, 5.5, f"{mark} {item}", new_x="LMARGIN", new_y="NEXT")
        if items:
            self.pdf.ln(1)

    def table(self, header: list[str], rows: list[list[str]], widths: list[int]) -> None:
        pdf = self.pdf
        pdf.set_font(FONT_FAMILY, "B", 10)
        with pdf.table(col_widths=widths, text_align="LEFT", line_height=6) as table:
            row = table.row()
            for h in header:
                row.cell(h)
            pdf.set_font(FONT_FAMILY, "", 10)
            for values in rows:
                row = table.row()
                for v in values:
                    row.cell(v)
        pdf.ln(2)


def playbook_pdf(project: Project) -> FPDF:
    pdf = new_pdf(title=_("Playbook: %(name)s") % {"name": project.name})
    pdf.add_page()
    doc = _Doc(pdf)
    pdf.set_font(FONT_FAMILY, "B", 18)
    pdf.multi_cell(0, 9, project.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 10)
    facts = [
        _("Policy areas: %(areas)s") % {"areas": ", ".join(a.name for a in project.policy_areas.all())},
        _("Life stages: %(stages)s") % {"stages": ", ".join(s.name for s in project.life_stages.all()) or "—"},
    ]
    if project.department:
        facts.append(_("Owning department: %(dept)s") % {"dept": project.department.name})
    if project.started_on:
        facts.append(_("Started: %(day)s") % {"day": project.started_on.strftime("%d.%m.%Y")})
    for fact in facts:
        pdf.multi_cell(0, 5, fact, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    doc.para(project.text("summary"))

    doc.heading(_("Target group"))
    doc.para(project.text("target_group"))
    doc.heading(_("The problem"))
    doc.para(project.text("problem"))
    doc.heading(_("Objectives"))
    doc.bullets(project.lines("objectives"))
    doc.heading(_("How it works, step by step"))
    for step in project.steps.all():
        pdf.set_font(FONT_FAMILY, "B", 10.5)
        pdf.multi_cell(0, 5.5, f"{step.order}. {step.text('title')}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT_FAMILY, "", 10.5)
        doc.para(step.text("detail"))
    doc.heading(_("Eligibility"))
    doc.para(project.text("eligibility"))
    for service in project.services.all():
        rules = rule_summaries(list(service.eligibility_rules.all()))
        pdf.set_font(FONT_FAMILY, "B", 10.5)
        pdf.multi_cell(0, 5.5, service.name, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT_FAMILY, "", 10.5)
        doc.bullets(rules or [_("No conditions: open to everyone.")])
    doc.heading(_("Staffing"))
    staffing = list(project.staffing.all())
    if staffing:
        doc.table([_("Role"), _("Number")], [[s.text("role"), str(s.count)] for s in staffing], [140, 40])
        pdf.multi_cell(
            0, 5.5, _("Total: %(n)s staff") % {"n": sum(s.count for s in staffing)}, new_x="LMARGIN", new_y="NEXT"
        )
    doc.heading(_("Budget"))
    lines = list(project.budget.all())
    if lines:
        doc.table(
            [_("Item"), _("Kind"), _("Amount")],
            [[b.text("item"), str(b.get_kind_display()), _money(b.amount)] for b in lines],
            [100, 45, 35],
        )
        totals = budget_totals(project)
        doc.para(
            _("Set-up: %(setup)s · Yearly: %(yearly)s")
            % {"setup": _money(totals["setup"]), "yearly": _money(totals["yearly"])}
        )
    doc.heading(_("Key performance indicators"))
    rows = []
    for v in kpi_values(project):
        if v.available:
            shown = figure(v.value)
            when = v.as_of.strftime("%d.%m.%Y") if v.as_of else ""
            value = f"{shown} {v.unit} ({when})".strip()
        else:
            value = _("not available")
        source = _("live") if v.live else _("entered")
        target = figure(v.kpi.target) if v.kpi.target is not None else "—"
        rows.append([v.kpi.text("name"), value, source, target])
    if rows:
        doc.table([_("KPI"), _("Latest figure"), _("Source"), _("Target")], rows, [70, 60, 25, 25])
    doc.heading(_("Risks"))
    doc.bullets(project.lines("risks"))
    doc.heading(_("Lessons learnt"))
    doc.bullets(project.lines("lessons"))
    pdf.ln(4)
    pdf.set_font(FONT_FAMILY, "", 8)
    pdf.multi_cell(
        0,
        4,
        _("Prepared with Ömür on %(day)s.") % {"day": timezone.localdate().strftime("%d.%m.%Y")},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return pdf
