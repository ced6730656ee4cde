"""Printable PDFs with Turkish glyphs (ç ğ ı İ ö ş ü and ₺), made with fpdf2 and the DejaVu Sans
font vendored in `omur/core/fonts/` (its licence beside it), so no system font is needed.

    pdf = new_pdf(title="Sertifika")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 20)
    pdf.cell(text="Ayşe Yıldız — Şubat 2026")
    return pdf_response(pdf, "sertifika.pdf")
"""

from pathlib import Path

from django.http import HttpResponse
from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "DejaVu"


def new_pdf(*, title: str = "", orientation: str = "portrait", author: str = "Ömür") -> FPDF:
    """An A4 document with the DejaVu family registered (regular "" and bold "B") and selected."""
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.add_font(FONT_FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT_FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_font(FONT_FAMILY, "", 11)
    pdf.set_auto_page_break(auto=True, margin=15)
    if title:
        pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("Ömür")
    return pdf


def pdf_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def pdf_response(pdf: FPDF, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf_bytes(pdf), content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
