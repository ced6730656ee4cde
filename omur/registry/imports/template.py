"""The downloadable import template: the columns in order, two example rows forming one household,
and (in the workbook) a second sheet that explains every column."""

import csv
import io

from django.utils.translation import gettext as _

from omur.registry.imports.columns import COLUMNS

EXAMPLE_ROWS = (
    ("10000000146", "Ayşe", "Yılmaz", "14.03.1952", "K", "0532 123 45 67", "Yenişehir", "Çiftlikköy", "3201. Sk.", "12", "4", "hayır", "SGK emekli", "16.881,00", "H1", "hane reisi"),
    ("", "Mehmet", "Yılmaz", "02.09.1949", "E", "", "Yenişehir", "Çiftlikköy", "3201. Sk.", "12", "4", "hayır", "SGK emekli", "18.250,50", "H1", "eş"),
)  # fmt: skip


def template_csv() -> bytes:
    buffer = io.StringIO()
    # Semicolons: Turkish Excel opens them into columns (the comma is its decimal mark). BOM: so it
    # reads the file as UTF-8 and shows ş, ğ and İ right.
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerows(EXAMPLE_ROWS)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kişiler"
    sheet.append([c.header for c in COLUMNS])
    for row in EXAMPLE_ROWS:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Text cells, so Excel keeps the leading zero of a phone and all 11 digits of a TC Kimlik No.
    for column_cells in sheet.iter_cols(min_row=2, max_row=1000):
        for cell in column_cells:
            cell.number_format = "@"
    for index, column in enumerate(COLUMNS):
        sheet.column_dimensions[sheet.cell(row=1, column=index + 1).column_letter].width = max(
            12, len(column.header) + 2
        )
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet(_("Columns"))
    notes.append([_("Column"), _("Required"), _("What to write"), _("Example")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        notes.append([column.header, _("yes") if column.required else "", str(column.description), column.example])
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["C"].width = 90
    notes.column_dimensions["D"].width = 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
