"""Reading import files: CSV in UTF-8, UTF-8 with BOM, Windows-1254 and UTF-16; commas or semicolons;
XLSX with numbers and dates in cells; refusal of what is not a table."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from omur.registry.imports import columns as C
from omur.registry.imports.reader import UnreadableFile, read_table
from omur.registry.imports.services import people_import
from omur.registry.models import Person
from omur.registry.tests.test_import_services import HEADER, T1, T2, row, write_csv


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted in English, the msgid language; the suite's default language is Turkish.
    with translation.override("en"):
        yield


TURKISH = row(
    tckn=T1, given_name="Şükrü İlkay", family_name="Çağlayanoğlu", sex="E", district="Yenişehir", neighbourhood="İnönü"
)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ";"), ("utf-8-sig", ";"), ("utf-8-sig", ","), ("cp1254", ";"), ("cp1254", ","), ("utf-16", "\t")],
)
def test_csv_encodings_and_delimiters_read_turkish_letters(geography, social_worker, tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "f.csv", [TURKISH], encoding=encoding, delimiter=delimiter)
    report = people_import(actor=social_worker, path=path, dry_run=False)

    assert report.committed, report.problems
    person = Person.objects.get(tckn=T1)
    assert (person.given_name, person.family_name) == ("Şükrü İlkay", "Çağlayanoğlu")
    assert person.neighbourhood.name == "İnönü"
    assert report.delimiter == delimiter


def test_cp1254_is_detected_not_assumed(tmp_path):
    path = write_csv(tmp_path / "f.csv", [TURKISH], encoding="cp1254")
    assert read_table(path, max_rows=10).encoding == "cp1254"
    path = write_csv(tmp_path / "g.csv", [TURKISH], encoding="utf-8-sig")
    assert read_table(path, max_rows=10).encoding == "utf-8-sig"


def test_xlsx_with_typed_cells(geography, social_worker, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    cells = row(given_name="Ayşe", district="Mezitli", neighbourhood="Davultepe", household="", relation="")
    as_typed = {c.key: v for c, v in zip(C.COLUMNS, cells, strict=True)}
    # As Excel stores them when nobody formats the cells as text.
    as_typed.update(
        tckn=int(T1), birth_date=dt.datetime(1952, 3, 14), phone=5321234567, monthly_income=12500.5, building_no=12
    )
    sheet.append([as_typed[c.key] or None for c in C.COLUMNS])
    sheet.append([None] * len(HEADER))  # blank lines are skipped
    sheet.append([*[as_typed[c.key] or None for c in C.COLUMNS][:1], "Elif", "Yılmaz", "1990-01-02", "K"])
    path = tmp_path / "people.xlsx"
    workbook.save(path)

    report = people_import(actor=social_worker, path=path, dry_run=True)
    assert report.kind == "xlsx"
    # The last row repeats the first one's TC Kimlik No, on the spreadsheet's 4th line.
    assert [(p.row, p.column) for p in report.problems] == [(4, "TC Kimlik No")]

    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append([as_typed[c.key] or None for c in C.COLUMNS])
    workbook.save(path)
    report = people_import(actor=social_worker, path=path, dry_run=False)
    assert report.committed, report.problems
    person = Person.objects.get(tckn=T1)
    assert person.birth_date == dt.date(1952, 3, 14)
    assert person.phone == "+905321234567"
    assert person.monthly_income == Decimal("12500.50")
    assert person.building_no == "12"


def test_an_xlsx_renamed_to_csv_is_still_read_as_xlsx(geography, social_worker, tmp_path):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(row(tckn=T2))
    path = tmp_path / "misnamed.csv"
    workbook.save(path)
    report = people_import(actor=social_worker, path=path, dry_run=True)
    assert report.kind == "xlsx" and report.ok


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "could not be read"),
        (b"PK\x03\x04not really a zip", "could not be read"),
        (b"", "empty"),
    ],
)
def test_files_that_are_not_tables_are_refused(tmp_path, content, fragment):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as refused:
        read_table(path, max_rows=10)
    assert fragment in str(refused.value)


def test_too_many_rows_are_refused(tmp_path):
    path = write_csv(tmp_path / "f.csv", [row(given_name=f"A{n}") for n in range(11)])
    with pytest.raises(UnreadableFile):
        read_table(path, max_rows=10)
