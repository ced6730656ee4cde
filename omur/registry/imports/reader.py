"""Reading an uploaded table: CSV (UTF-8 with or without BOM, UTF-16 from Excel's "Unicode text", or
Windows-1254 from older Turkish Excel; comma, semicolon or tab) or XLSX (openpyxl, read-only).

The kind is decided by the file's content, never by its name: an .xlsx is a ZIP with a workbook in
it, an old .xls is an OLE container (refused with a hint), anything with NUL bytes that is not one of
these is not a table."""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omur.core.exceptions import ApplicationError

# A ZIP can expand a thousandfold; refuse a workbook whose parts would unpack past this.
MAX_XLSX_UNPACKED_BYTES = 400 * 1024 * 1024


class UnreadableFile(ApplicationError):
    message = gettext_lazy("The file could not be read as CSV or XLSX.")


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    header: list[str]
    header_line: int = 1
    # (line number as the user sees it in the spreadsheet, cells); blank lines are left out.
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def sniff_kind(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    if b"\x00" in head:
        return "binary"
    return "csv"


def read_table(path: Path, *, max_rows: int) -> Table:
    with open(path, "rb") as handle:
        head = handle.read(4096)
    kind = sniff_kind(head)
    if kind == "xls":
        raise UnreadableFile(_("This is an old Excel (.xls) file: save it as .xlsx or as CSV and upload again."))
    if kind == "binary":
        raise UnreadableFile()
    if kind == "xlsx":
        return _read_xlsx(path, max_rows=max_rows)
    return _read_csv(path, max_rows=max_rows)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Turkish Excel saves "CSV (comma delimited)" in Windows-1254. Its few undefined bytes mean a
        # file that is neither: cp1254 then raises too.
        try:
            return data.decode("cp1254"), "cp1254"
        except UnicodeDecodeError as exc:
            raise UnreadableFile(_("The file's characters are neither UTF-8 nor Windows-1254 (Turkish).")) from exc


def _pick_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path, *, max_rows: int) -> Table:
    text, encoding = _decode(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = _pick_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise UnreadableFile(_("The file is empty.")) from None
    except csv.Error as exc:
        raise UnreadableFile(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc
    table = Table(kind="csv", header=[h.strip() for h in header], encoding=encoding, delimiter=delimiter)
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(table.rows) >= max_rows:
                raise UnreadableFile(_("The file has more than %(n)d rows: split it into smaller files."), n=max_rows)
            table.rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise UnreadableFile(
            _("The CSV file is malformed near line %(line)d: %(error)s"), line=reader.line_num, error=str(exc)
        ) from exc
    return table


def _read_xlsx(path: Path, *, max_rows: int) -> Table:
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise UnreadableFile() from exc
    if "xl/workbook.xml" not in names:
        raise UnreadableFile(_("The ZIP file is not an Excel workbook."))
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise UnreadableFile(_("The workbook is too large once unpacked: split it into smaller files."))
    # A file object, not the path: openpyxl refuses a path whose name does not end in .xlsx, and the
    # stored upload has a random name; its content was checked above.
    handle = open(path, "rb")  # noqa: SIM115 (read-only workbooks read lazily until closed)
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        handle.close()
        raise UnreadableFile() from exc
    try:
        sheet = workbook.worksheets[0]
        rows: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
        header: list[str] | None = None
        table = Table(kind="xlsx", header=[])
        for line, cells in enumerate(rows, start=1):
            values = list(cells)
            if not any(v is not None and str(v).strip() for v in values):
                continue
            if header is None:
                header = [str(v).strip() if v is not None else "" for v in values]
                table.header = header
                table.header_line = line
                continue
            if len(table.rows) >= max_rows:
                raise UnreadableFile(_("The file has more than %(n)d rows: split it into smaller files."), n=max_rows)
            table.rows.append((line, values))
    finally:
        workbook.close()
        handle.close()
    if header is None:
        raise UnreadableFile(_("The file is empty."))
    return table
