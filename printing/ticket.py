"""The QR ticket: one page (A4, or 80 mm receipt width) with the KS1 codes of every form of the
session, the procedures and their counters, for towns that print tickets instead of sheets."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kiosk import i18n
from kiosk.catalogue.model import Counter, Form, Procedure
from kiosk.ks1 import EncodedSheet, format_sheet_id
from printing import fonts, qrdraw
from printing.guide import draw_procedures
from printing.layout import Page, issue_time_text
from printing.sheet import RenderResult, finish_document

RECEIPT_WIDTH = 80 * mm
RECEIPT_MARGIN = 4 * mm
PAPERS = ("a4", "80mm")


def _draw(page: Page, sheets: list[tuple[Form, EncodedSheet]], procedures: list[Procedure],
          counters: Mapping[str, Counter], municipality: str, lang: str, issued_at: dt.datetime) -> None:
    names, bold = fonts.chain("ja"), fonts.chain("ja", bold=True)
    page.paragraph(i18n.plain(i18n.text("print.ticket_title", "ja")), 16, bold)
    page.paragraph(f"{municipality}　発行 {issue_time_text(issued_at)}", 8.5, names)
    page.paragraph(i18n.plain(i18n.text("print.ticket_intro", "ja")), 9, names)
    if lang not in ("ja", "ja-easy"):
        page.paragraph(i18n.plain(i18n.text("print.ticket_intro", lang)), 9, fonts.chain(lang))
    page.y -= 2 * mm
    x, row_height = page.margin, 0.0
    for form, sheet in sheets:
        sheet_id = format_sheet_id(sheet.sheet_id)
        for index, symbol in enumerate(sheet.symbols, 1):
            side = qrdraw.footprint(symbol)
            block_w = max(side, fonts.width(sheet_id, names, 6.5))
            block_h = 5 * mm + side + 8 * mm
            if x > page.margin and x + block_w > page.width - page.margin:
                page.y -= row_height + 2 * mm
                x, row_height = page.margin, 0.0
            if x == page.margin:
                page.ensure(block_h)
            title = form.title.get("ja", form.id)
            for line in fonts.wrap(title, bold, 8.5, block_w)[:1]:
                page.text(x, page.y - 3.5 * mm, line, 8.5, bold)
            qrdraw.draw_captioned(page.canvas, symbol, x, page.y - 5 * mm, index=index, count=len(sheet.symbols),
                                  sheet_id=sheet_id)
            x += block_w + 4 * mm
            row_height = max(row_height, block_h)
    page.y -= row_height + 2 * mm
    if procedures:
        draw_procedures(page, procedures, counters, lang, size=9)


def render_ticket(
    sheets: Iterable[tuple[Form, EncodedSheet]],
    procedures: Iterable[Procedure] = (),
    counters: Mapping[str, Counter] | None = None,
    *,
    municipality: str,
    issued_at: dt.datetime,
    lang: str = "ja",
    paper: str = "a4",
    out: Path | str | BinaryIO | None = None,
) -> RenderResult:
    """One ticket for the whole session. ``paper`` is "a4" or "80mm" (height fits the content)."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}")
    fonts.require_base()
    sheets, procedures, counters = list(sheets), list(procedures), dict(counters or {})
    if paper == "a4":
        size, margin = A4, 15 * mm
    else:  # measure on a tall scratch page, then draw on a page of exactly that height
        scratch = Page(Canvas(io.BytesIO(), pagesize=(RECEIPT_WIDTH, 5000 * mm)), RECEIPT_WIDTH, 5000 * mm,
                       margin=RECEIPT_MARGIN, bottom=0)
        _draw(scratch, sheets, procedures, counters, municipality, lang, issued_at)
        size, margin = (RECEIPT_WIDTH, 5000 * mm - scratch.y + 2 * RECEIPT_MARGIN), RECEIPT_MARGIN
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, pageCompression=1, invariant=1)
    canvas.setTitle(i18n.plain(i18n.text("print.ticket_title", "ja")))
    pages = [1]
    page = Page(canvas, *size, margin=margin, on_new_page=lambda _p: pages.append(1),
                bottom=margin if paper == "a4" else 0)
    _draw(page, sheets, procedures, counters, municipality, lang, issued_at)
    return finish_document(canvas, buffer, out, pages, page)
