"""Portable playbooks: export, wipe, import into the emptied database, compare; invalid packages
change nothing; the PDF carries every section with Turkish glyphs."""

import copy
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from omur.hub.models import BudgetLine, Kpi, Project, StaffingLine
from omur.hub.services.playbook import PlaybookInvalid, playbook_export, playbook_import
from omur.services.models import EligibilityRule, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_project(project: Any) -> Project:
    StaffingLine.objects.create(project=project, role_tr="Aşçı", role_en="Cook", count=28)
    BudgetLine.objects.create(project=project, kind="setup", item_tr="Mutfak ekipmanı", amount="18500000")
    BudgetLine.objects.create(project=project, kind="yearly", item_tr="Gıda", amount="96000000.50")
    Kpi.objects.create(project=project, name_tr="Nokta sayısı", source="manual", target="60")
    project.services.add(*Service.objects.filter(code__in=["evde-sicak-yemek", "hadi-gel-koyumuze"]))
    return project


def _strip(package: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(package)
    data.pop("exported_at")
    for service in data["services"]:
        # Place rules name the exporting city's districts: they are reported, not imported.
        service["eligibility_rules"] = [
            r for r in service["eligibility_rules"] if r["kind"] not in ("in_districts", "in_neighbourhoods")
        ]
    return data


def test_export_wipe_import_round_trip(full_project: Project, office_manager: Any, capsys: Any, tmp_path: Any) -> None:
    out = io.StringIO()
    call_command("playbook_export", full_project.code, stdout=out)
    package = json.loads(out.getvalue())
    assert package["format"] == "omur-playbook" and package["version"] == 1
    codes = {s["code"] for s in package["services"]}
    assert codes == {"mahalle-mutfaklari", "evde-sicak-yemek", "hadi-gel-koyumuze"}
    assert any(r["kind"] == "in_districts" for s in package["services"] for r in s["eligibility_rules"])

    # A fresh installation: the project and the catalogue services it uses are gone.
    Project.objects.all().delete()
    Service.objects.filter(code__in=codes).delete()
    path = tmp_path / "playbook.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    out2 = io.StringIO()
    call_command("playbook_import", str(path), stdout=out2)
    report = out2.getvalue()
    assert "created: Project mahalle-mutfaklari" in report or "mahalle-mutfaklari" in report
    assert "check:" in report  # the place rule was reported, not imported

    imported = Project.objects.get(code=full_project.code)
    assert not imported.is_published
    assert _strip(playbook_export(project=imported)) == _strip(package)
    assert not Service.objects.get(code="hadi-gel-koyumuze").is_public
    assert not EligibilityRule.objects.filter(service__code="hadi-gel-koyumuze", kind="in_districts").exists()

    # Importing again creates nothing and says what it reused.
    again = playbook_import(actor=office_manager, package=package)
    assert not again.created and any("mahalle-mutfaklari" in r for r in again.reused)


def test_import_creates_the_policy_areas_a_fresh_installation_lacks(full_project: Project, office_manager: Any) -> None:
    # A fresh installation has no policy areas until its catalogue is loaded: the package carries
    # the ones it names, and the import creates those missing and reuses the others.
    from omur.services.models import PolicyArea

    package = playbook_export(project=full_project)
    assert {a["code"] for a in package["policy_areas"]} >= {a["code"] for a in package["project"]["policy_areas"]}
    package["project"]["code"] = "yeni-program"
    package["services"] = [package["services"][0]]
    package["services"][0]["code"] = "yeni-hizmet"
    package["services"][0]["policy_area"] = "yeni-alan"
    package["project"]["services"] = ["yeni-hizmet"]
    package["project"]["policy_areas"] = [{"code": "yeni-alan", "name_tr": "Yeni Alan", "name_en": "New area"}]
    package["policy_areas"] = [{"code": "yeni-alan", "name_tr": "Yeni Alan", "name_en": "New area"}]
    report = playbook_import(actor=office_manager, package=package)
    area = PolicyArea.objects.get(code="yeni-alan")
    assert area.name_tr == "Yeni Alan" and any("yeni-alan" in str(r) for r in report.created)
    assert Service.objects.get(code="yeni-hizmet").policy_area == area
    assert list(Project.objects.get(code="yeni-program").policy_areas.all()) == [area]


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda p: p.update(version=2), "version"),
        (lambda p: p["project"].update(policy_areas=[{"code": "no-such-area"}]), "project.policy_areas"),
        (
            lambda p: p["services"][0]["eligibility_rules"].append({"kind": "star_sign", "params": {}}),
            "eligibility_rules",
        ),
        (lambda p: p["services"][0]["eligibility_rules"].append({"kind": "sex", "params": {"sex": "X"}}), "params"),
        (lambda p: p["project"].pop("name_tr"), "project.name_tr"),
        (lambda p: p["project"]["staffing"].append({"role_tr": "Şoför", "count": 0}), "count"),
    ],
)
def test_invalid_package_changes_nothing(full_project: Project, office_manager: Any, mutate: Any, where: str) -> None:
    package = playbook_export(project=full_project)
    package["project"]["code"] = "yeni-program"
    package["services"][0]["code"] = "yeni-hizmet"
    package["project"]["services"] = ["yeni-hizmet"]
    mutate(package)
    projects, services = Project.objects.count(), Service.objects.count()
    with pytest.raises(PlaybookInvalid) as exc:
        playbook_import(actor=office_manager, package=package)
    assert any(where in m for m in exc.value.messages), exc.value.messages
    assert (Project.objects.count(), Service.objects.count()) == (projects, services)


def test_upload_page_reports_problems_and_results(full_project: Project, client_as: Any, office_manager: Any) -> None:
    client = client_as(office_manager)
    package = playbook_export(project=full_project)
    package["project"]["code"] = "ikinci-program"
    bad = dict(package, version=99)
    response = client.post(reverse("hub:playbook-upload"), {"package": io.BytesIO(json.dumps(bad).encode())})
    assert response.status_code == 400 and response.context["problems"]
    assert not Project.objects.filter(code="ikinci-program").exists()
    upload = io.BytesIO(json.dumps(package).encode())
    upload.name = "p.json"
    response = client.post(reverse("hub:playbook-upload"), {"package": upload})
    assert response.status_code == 200 and response.context["report"].project.code == "ikinci-program"


def test_playbook_pdf_has_every_section_in_turkish(full_project: Project, client_as: Any, social_worker: Any) -> None:
    response = client_as(social_worker).get(
        reverse("hub:playbook-pdf", kwargs={"pk": full_project.pk}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for section in (
        "The problem",
        "Objectives",
        "step by step",
        "Eligibility",
        "Staffing",
        "Budget",
        "Key performance",
        "Risks",
        "Lessons",
    ):
        assert section in text, section
    assert "Sıcak yemeğe erişim" in text and "Cook" in text and "18.500.000" in text and "Nokta sayısı" in text
