"""The guide slip in the resident's language: which procedures, at which counter, what to bring
and by when. The kiosk words it (catalogue procedures and counters, ``locales/*/print.yaml``)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing import fonts, ruby
from printing.layout import Page
from printing.model import Guide, ProcedureText, TicketCode, joined, plain
from printing.sheet import RenderResult, finish_document


def _bold(lang: str) -> bool:
    return lang in ("ja", "ja-easy")


def draw_procedures(page: Page, procedures: Iterable[ProcedureText], lang: str, size: float = 10.5) -> None:
    """Numbered procedures with their lines (counter, what to bring, deadline) and guidance
    (shared with the QR ticket)."""
    names, bold = fonts.chain(lang), fonts.chain(lang, bold=_bold(lang))
    for number, procedure in enumerate(procedures, 1):
        page.y -= 2 * mm
        ruby.paragraph(page, joined(f"{number}. ", procedure.title), size + 1, bold)
        for label, value in procedure.lines:
            if plain(value):
                ruby.paragraph(page, joined(label, ": ", value), size, names, x=page.margin + 5 * mm,
                               width=page.inner_width - 5 * mm)
        if plain(procedure.guidance):
            ruby.paragraph(page, procedure.guidance, size - 1, names, x=page.margin + 5 * mm,
                           width=page.inner_width - 5 * mm)


def draw_resume(page: Page, resume: TicketCode, lang: str) -> None:
    """The resume code (続きは窓口で) with its caption, for the counter's scanner."""
    from printing import qrdraw

    for code in resume.codes:
        side = qrdraw.footprint(code)
        page.ensure(side + 14 * mm)
        page.paragraph(resume.title, 11, fonts.chain(lang, bold=_bold(lang)))
        _w, height = qrdraw.draw_captioned(page.canvas, code, page.margin, page.y, index=1, count=1,
                                           sheet_id=resume.sheet_id)
        page.y -= height + 2 * mm


def render_guide(guide: Guide, out: Path | str | BinaryIO | None = None) -> RenderResult:
    """An A4 slip listing the session's procedures in ``guide.lang``."""
    fonts.require_base()
    lang = guide.lang
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(plain(guide.title))
    pages = [1]
    page = Page(canvas, A4[0], A4[1], on_new_page=lambda _p: pages.append(1))
    ruby.paragraph(page, guide.title, 18, fonts.chain(lang, bold=_bold(lang)))
    page.paragraph(guide.heading, 9, fonts.chain(lang))
    page.y -= 2 * mm
    ruby.paragraph(page, guide.intro, 11, fonts.chain(lang))
    if guide.resume is not None:
        draw_resume(page, guide.resume, lang)
    draw_procedures(page, guide.procedures, lang)
    if page.missing:
        page.y -= 3 * mm
        page.paragraph(guide.missing_note, 9, fonts.chain(lang))
    return finish_document(canvas, buffer, out, pages, page)
