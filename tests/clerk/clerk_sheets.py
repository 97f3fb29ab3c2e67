"""Printed sheets as a clerk meets them: the PDF drawn by the printing module, rendered to an image
as a scanner camera or a flatbed would see it."""

from __future__ import annotations

from pathlib import Path


def render_pdf(encoded, out: Path) -> Path:
    from clerk_forms import juminido

    from kiosk.sheets import render_sheet

    render_sheet(juminido(), encoded, out, municipality="みどり町")
    return out


def pdf_to_png(pdf: Path, out: Path, dpi: int = 300) -> Path:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        page = document[0]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        image.save(out)
    finally:
        document.close()
    return out
