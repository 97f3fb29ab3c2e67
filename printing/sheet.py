"""The completed A4 application sheet: official title and labels, the values as the kiosk worded
them, the sheet id, issue time, municipality and the KS1 code(s). Nothing is left for the resident
to fill in, except a signature line where an entry is a "signature".
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing import boxes, fonts, qrdraw
from printing.layout import GREY, Page, cell, check_box
from printing.model import Entry, Sheet

TITLE_SIZE, LABEL_SIZE, VALUE_SIZE, SMALL = 17, 8.5, 10.5, 7.5
MAX_CHOICES = 6  # more options than this print as the chosen option's text
GETA_NOTE = (f"{fonts.GETA} は印字できなかった文字です（※字形 の欄は異体字を含みます）。"
             "正しい文字は受付用コードに含まれ、窓口で確認します。")


@dataclass
class RenderResult:
    pages: int
    missing_glyphs: list[str] = field(default_factory=list)
    pdf: bytes = b""


def _header(page: Page, sheet: Sheet) -> None:
    c, names, bold = page.canvas, fonts.chain("ja"), fonts.chain("ja", bold=True)
    single = len(sheet.codes) == 1
    qr_block = 0.0
    if single:
        code = sheet.codes[0]
        side = qrdraw.footprint(code)
        qr_block = max(side, fonts.width(sheet.sheet_id, names, 7)) + 2 * mm
        _, used = qrdraw.draw_captioned(c, code, page.width - page.margin - qr_block + 2 * mm, page.height - 10 * mm,
                                        index=1, count=1, sheet_id=sheet.sheet_id)
        qr_bottom = page.height - 10 * mm - used
    text_width = page.inner_width - qr_block - 3 * mm
    page.y -= TITLE_SIZE
    page.text(page.margin, page.y, sheet.title, TITLE_SIZE, bold)
    page.y -= 6 * mm
    page.text(page.margin, page.y, f"{sheet.municipality}長 様", 10.5, names)
    page.y -= 3 * mm
    banner = "記入不要 ― この用紙はキオスクで作成しました。内容をご確認のうえ、窓口へお出しください。"
    lines = fonts.wrap(banner, names, 9, text_width - 4 * mm)
    height = len(lines) * 13 + 4 * mm
    cell(c, page.margin, page.y, text_width, height, GREY)
    for i, line in enumerate(lines):
        page.text(page.margin + 2 * mm, page.y - 2 * mm - (i + 1) * 13 + 3, line, 9, bold if i == 0 else names)
    page.y -= height + 2 * mm
    info = [f"発行 {sheet.issued}　端末 {sheet.kiosk_id}", f"シートID {sheet.sheet_id}", sheet.form_line]
    if sheet.counter_name:
        info.append(f"提出先 {sheet.counter_name}")
    for line in info:
        page.paragraph(line, SMALL, names, width=text_width)
    if single:
        page.y = min(page.y, qr_bottom)
    else:
        page.y -= 3 * mm
        x = page.margin
        tallest = 0.0
        for i, code in enumerate(sheet.codes, 1):
            w, h = qrdraw.draw_captioned(c, code, x, page.y, index=i, count=len(sheet.codes), sheet_id=sheet.sheet_id)
            x += max(w, 47 * mm) + 2 * mm
            tallest = max(tallest, h)
        page.y -= tallest
    page.y -= 4 * mm


def _as_choices(entry: Entry) -> bool:
    return entry.kind == "choices" and len(entry.choices) <= MAX_CHOICES


def _value_lines(entry: Entry, width: float) -> tuple[list[str], float]:
    if entry.kind == "signature":
        return [], 13 * mm
    if _as_choices(entry):
        return [], 7.5 * mm
    lines = fonts.wrap(entry.text, fonts.chain("ja"), VALUE_SIZE, width)
    return lines, max(7.5 * mm, len(lines) * VALUE_SIZE * 1.35 + 3.5 * mm)


def _draw_choices(page: Page, entry: Entry, x: float, top: float) -> None:
    names = fonts.chain("ja")
    cx = x
    for choice in entry.choices:
        w = 3.6 * mm + 1.2 * mm + fonts.width(choice.label, names, VALUE_SIZE) + 4 * mm
        check_box(page, cx, top - 5.4 * mm, choice.checked)
        page.text(cx + 4.8 * mm, top - 5.0 * mm, choice.label, VALUE_SIZE, names)
        cx += w


def _household(page: Page, sheet: Sheet) -> None:
    names = fonts.chain("ja")
    label_w = 42 * mm
    value_w = page.inner_width - label_w
    for entry in sheet.fields:
        lines, height = _value_lines(entry, value_w - 4 * mm)
        label_lines = fonts.wrap(entry.label, names, LABEL_SIZE, label_w - 4 * mm)
        height = max(height, len(label_lines) * LABEL_SIZE * 1.3 + 3 * mm)
        page.ensure(height)
        top = page.y
        cell(page.canvas, page.margin, top, label_w, height, GREY)
        cell(page.canvas, page.margin + label_w, top, value_w, height)
        for i, line in enumerate(label_lines):
            page.text(page.margin + 2 * mm, top - 2 * mm - (i + 1) * LABEL_SIZE * 1.3 + 2, line, LABEL_SIZE, names)
        x = page.margin + label_w + 2 * mm
        if entry.kind == "signature":
            page.canvas.setLineWidth(0.8)
            page.canvas.line(x, top - height + 4 * mm, page.margin + label_w + value_w - 4 * mm, top - height + 4 * mm)
            page.text(x, top - 4 * mm, "ご本人が署名してください", SMALL, names)
        elif _as_choices(entry):
            _draw_choices(page, entry, x, top)
        elif entry.kind == "check":
            check_box(page, x, top - 5.4 * mm, True)
            page.text(x + 4.8 * mm, top - 5.0 * mm, "該当", VALUE_SIZE, names)
        else:
            for i, line in enumerate(lines):
                page.text(x, top - 2 * mm - (i + 1) * VALUE_SIZE * 1.35 + 3, line, VALUE_SIZE, names)
        page.y -= height


def _persons(page: Page, sheet: Sheet) -> None:
    table = sheet.persons
    if table is None or not table.rows:
        return
    names = fonts.chain("ja")
    no_w = 8 * mm
    total = sum(c.weight for c in table.columns)
    widths = [(page.inner_width - no_w) * c.weight / total for c in table.columns]
    page.y -= 3 * mm
    page.paragraph(table.label, 9.5, fonts.chain("ja", bold=True))
    page.y -= 1 * mm
    head = [fonts.wrap(c.label, names, LABEL_SIZE, w - 3 * mm) for c, w in zip(table.columns, widths, strict=True)]
    head_h = max(len(h) for h in head) * LABEL_SIZE * 1.3 + 3 * mm
    page.ensure(head_h + 10 * mm)
    x = page.margin
    cell(page.canvas, x, page.y, no_w, head_h, GREY)
    x += no_w
    for lines, w in zip(head, widths, strict=True):
        cell(page.canvas, x, page.y, w, head_h, GREY)
        for i, line in enumerate(lines):
            page.text(x + 1.5 * mm, page.y - 1.5 * mm - (i + 1) * LABEL_SIZE * 1.3 + 2, line, LABEL_SIZE, names)
        x += w
    page.y -= head_h
    size = 9.5
    for number, row in enumerate(table.rows, 1):
        cells = [fonts.wrap(text, names, size, w - 3 * mm) for text, w in zip(row, widths, strict=True)]
        height = max(7 * mm, max(len(c) for c in cells) * size * 1.35 + 3 * mm)
        page.ensure(height)
        x = page.margin
        cell(page.canvas, x, page.y, no_w, height)
        page.text(x + 2 * mm, page.y - 2 * mm - size * 1.35 + 3, str(number), size, names)
        x += no_w
        for lines, w in zip(cells, widths, strict=True):
            cell(page.canvas, x, page.y, w, height)
            for i, line in enumerate(lines):
                page.text(x + 1.5 * mm, page.y - 2 * mm - (i + 1) * size * 1.35 + 3, line, size, names)
            x += w
        page.y -= height


def _footer(page: Page, sheet: Sheet) -> None:
    text = f"{sheet.municipality}　{sheet.title}　シートID {sheet.sheet_id}"
    page.text(page.margin, 10 * mm, text, 7, fonts.chain("ja"))


def render_sheet(sheet: Sheet, out: Path | str | BinaryIO | None = None) -> RenderResult:
    """Draw ``sheet`` as a PDF.

    Writes to ``out`` (a path or binary file) or returns the bytes in ``RenderResult.pdf``.
    Characters the fonts lack print as 〓 and are listed in ``RenderResult.missing_glyphs``.
    Raises :class:`printing.fonts.FontMissing` without the base font."""
    fonts.require_base()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(sheet.title)
    canvas.setAuthor(sheet.municipality)
    canvas.setSubject(sheet.subject)
    pages = [1]

    def continuation(page: Page) -> None:
        pages.append(1)
        _footer(page, sheet)
        page.text(page.margin, page.y - 10, f"{sheet.title}（続き）", 10, fonts.chain("ja", bold=True))
        page.y -= 10 * mm

    page = Page(canvas, A4[0], A4[1], on_new_page=continuation)
    if sheet.boxed:
        pages.extend([1] * boxes.render_boxes(page, sheet, missing_note=GETA_NOTE))
        return finish_document(canvas, buffer, out, pages, page)
    _footer(page, sheet)
    _header(page, sheet)
    _household(page, sheet)
    _persons(page, sheet)
    page.y -= 3 * mm
    names = fonts.chain("ja")
    for note in sheet.notes:
        page.paragraph(note, 8.5, names)
    if page.missing:
        page.paragraph(GETA_NOTE, 8.5, fonts.chain("ja", bold=True))
    return finish_document(canvas, buffer, out, pages, page)


def finish_document(canvas: Canvas, buffer: io.BytesIO, out: Path | str | BinaryIO | None, pages: list[int],
                    page: Page) -> RenderResult:
    """Close the PDF, write it where asked, and report its pages and the characters the fonts lacked."""
    canvas.showPage()
    canvas.save()
    pdf = buffer.getvalue()
    if isinstance(out, str | Path):
        Path(out).write_bytes(pdf)
    elif out is not None:
        out.write(pdf)
    missing = list(dict.fromkeys(page.missing))
    return RenderResult(pages=len(pages), missing_glyphs=missing, pdf=pdf)
