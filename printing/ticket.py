"""The QR ticket: one page (A4, or 80 mm receipt width) with the KS1 codes of every form of the
session, the procedures and their counters, for towns that print tickets instead of sheets."""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing import fonts, qrdraw
from printing.guide import draw_procedures
from printing.layout import Page
from printing.model import Ticket
from printing.sheet import RenderResult, finish_document

RECEIPT_WIDTH = 80 * mm
RECEIPT_MARGIN = 4 * mm
PAPERS = ("a4", "80mm")


def _draw(page: Page, ticket: Ticket) -> None:
    names, bold = fonts.chain("ja"), fonts.chain("ja", bold=True)
    page.paragraph(ticket.title, 16, bold)
    page.paragraph(ticket.heading, 8.5, names)
    for i, intro in enumerate(ticket.intro):
        page.paragraph(intro, 9, names if i == 0 else fonts.chain(ticket.lang))
    page.y -= 2 * mm
    x, row_height = page.margin, 0.0
    for entry in ticket.codes:
        for index, code in enumerate(entry.codes, 1):
            side = qrdraw.footprint(code)
            block_w = max(side, fonts.width(entry.sheet_id, names, 7))
            block_h = 5 * mm + side + 8 * mm
            if x > page.margin and x + block_w > page.width - page.margin:
                page.y -= row_height + 2 * mm
                x, row_height = page.margin, 0.0
            if x == page.margin:
                page.ensure(block_h)
            for line in fonts.wrap(entry.title, bold, 8.5, block_w)[:1]:
                page.text(x, page.y - 3.5 * mm, line, 8.5, bold)
            qrdraw.draw_captioned(page.canvas, code, x, page.y - 5 * mm, index=index, count=len(entry.codes),
                                  sheet_id=entry.sheet_id)
            x += block_w + 4 * mm
            row_height = max(row_height, block_h)
    page.y -= row_height + 2 * mm
    if ticket.procedures:
        draw_procedures(page, ticket.procedures, ticket.lang, size=9)


def render_ticket(ticket: Ticket, *, paper: str = "a4", out: Path | str | BinaryIO | None = None) -> RenderResult:
    """One ticket for the whole session. ``paper`` is "a4" or "80mm" (height fits the content)."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}")
    fonts.require_base()
    if paper == "a4":
        size, margin = A4, 15 * mm
    else:  # measure on a tall scratch page, then draw on a page of exactly that height
        scratch = Page(Canvas(io.BytesIO(), pagesize=(RECEIPT_WIDTH, 5000 * mm)), RECEIPT_WIDTH, 5000 * mm,
                       margin=RECEIPT_MARGIN, bottom=0)
        _draw(scratch, ticket)
        size, margin = (RECEIPT_WIDTH, 5000 * mm - scratch.y + 2 * RECEIPT_MARGIN), RECEIPT_MARGIN
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, pageCompression=1, invariant=1)
    canvas.setTitle(ticket.title)
    pages = [1]
    page = Page(canvas, size[0], size[1], margin=margin, on_new_page=lambda _p: pages.append(1),
                bottom=margin if paper == "a4" else 0)
    _draw(page, ticket)
    return finish_document(canvas, buffer, out, pages, page)
