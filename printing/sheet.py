"""The completed A4 application sheet: official title and labels, the values as the form prints
them (和暦 dates, option check boxes, per-person rows), the sheet id, issue time, municipality and
the KS1 code(s). Nothing is left for the resident to fill in, except a signature line where the
form marks a field ``handwrite``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kiosk.catalogue.model import Form, FormField
from kiosk.ks1 import EncodedSheet, format_sheet_id
from kiosk.ks1.values import needs_my_number
from printing import boxes, fonts, qrdraw
from printing.layout import GREY, Page, cell, check_box, issue_time_text

TITLE_SIZE, LABEL_SIZE, VALUE_SIZE, SMALL = 17, 8.5, 10.5, 7.5
EMPTY = "—"
MY_NUMBER_NOTE = "個人番号は窓口でマイナンバーカードにより確認します（この用紙とコードには含めていません）。"
GETA_NOTE = f"{fonts.GETA} は印字できなかった文字です。正しい字形は窓口で確認します。"


@dataclass
class RenderResult:
    pages: int
    missing_glyphs: list[str] = field(default_factory=list)
    pdf: bytes = b""


def display_value(ff: FormField, value: Any) -> str:
    """The text printed for a value (also what a clerk compares the QR against)."""
    return ff.field.kind.print_text(ff.field, value)


def _visible_person_fields(form: Form, persons: list[dict[str, Any]]) -> list[FormField]:
    if not form.persons:
        return []
    return [
        f for f in form.persons.fields
        if not f.field.kind.is_my_number and (not f.when or any(f.id in p for p in persons))
    ]


def _header(page: Page, form: Form, encoded: EncodedSheet, municipality: str, counter_name: str) -> None:
    c, names, bold = page.canvas, fonts.chain("ja"), fonts.chain("ja", bold=True)
    single = len(encoded.symbols) == 1
    qr_block = 0.0
    if single:
        sym = encoded.symbols[0]
        side = qrdraw.footprint(sym)
        qr_block = max(side, fonts.width(format_sheet_id(encoded.sheet_id), names, 6.5)) + 2 * mm
        _, used = qrdraw.draw_captioned(c, sym, page.width - page.margin - qr_block + 2 * mm, page.height - 10 * mm,
                                        index=1, count=1, sheet_id=format_sheet_id(encoded.sheet_id))
        qr_bottom = page.height - 10 * mm - used
    text_width = page.inner_width - qr_block - 3 * mm
    page.y -= TITLE_SIZE
    page.text(page.margin, page.y, form.title.get("ja", form.id), TITLE_SIZE, bold)
    page.y -= 6 * mm
    page.text(page.margin, page.y, f"{municipality}長 様", 10.5, names)
    page.y -= 3 * mm
    banner = "記入不要 ― この用紙はキオスクで作成しました。内容をご確認のうえ、窓口へお出しください。"
    lines = fonts.wrap(banner, names, 9, text_width - 4 * mm)
    height = len(lines) * 13 + 4 * mm
    cell(c, page.margin, page.y, text_width, height, GREY)
    for i, line in enumerate(lines):
        page.text(page.margin + 2 * mm, page.y - 2 * mm - (i + 1) * 13 + 3, line, 9, bold if i == 0 else names)
    page.y -= height + 2 * mm
    info = [
        f"発行 {issue_time_text(encoded.issued_at)}　端末 {encoded.kiosk_id}",
        f"シートID {format_sheet_id(encoded.sheet_id)}",
        f"様式 {form.id} 第{form.version}版" + (f"　{form.legal_basis}" if form.legal_basis else ""),
    ]
    if counter_name:
        info.append(f"提出先 {counter_name}")
    for line in info:
        page.paragraph(line, SMALL, names, width=text_width)
    if single:
        page.y = min(page.y, qr_bottom)
    else:
        page.y -= 3 * mm
        x = page.margin
        tallest = 0.0
        for i, sym in enumerate(encoded.symbols, 1):
            w, h = qrdraw.draw_captioned(c, sym, x, page.y, index=i, count=len(encoded.symbols),
                                         sheet_id=format_sheet_id(encoded.sheet_id))
            x += max(w, 47 * mm) + 2 * mm
            tallest = max(tallest, h)
        page.y -= tallest
    page.y -= 4 * mm


def _value_lines(page: Page, ff: FormField, value: Any, width: float) -> tuple[list[str], float]:
    names = fonts.chain("ja")
    if ff.handwrite:
        return [], 13 * mm
    if _options_drawn(ff):
        return [], 7.5 * mm
    text = EMPTY if value is None else display_value(ff, value)
    lines = fonts.wrap(text, names, VALUE_SIZE, width)
    return lines, max(7.5 * mm, len(lines) * VALUE_SIZE * 1.35 + 3.5 * mm)


def _options_drawn(ff: FormField) -> bool:
    """A field with few options is printed as check boxes, one per option."""
    return ff.field.kind.sheet_mark == "options" and len(ff.field.options) <= 6


def _draw_enum(page: Page, ff: FormField, value: Any, x: float, top: float, width: float) -> None:
    names = fonts.chain("ja")
    cx = x
    for option in ff.field.options:
        label = ff.field.option_label(option.code)
        w = 3.6 * mm + 1.2 * mm + fonts.width(label, names, VALUE_SIZE) + 4 * mm
        check_box(page, cx, top - 5.4 * mm, option.code == value)
        page.text(cx + 4.8 * mm, top - 5.0 * mm, label, VALUE_SIZE, names)
        cx += w


def _household(page: Page, form: Form, encoded: EncodedSheet) -> None:
    names = fonts.chain("ja")
    label_w = 42 * mm
    value_w = page.inner_width - label_w
    for ff in form.fields:
        if ff.field.kind.is_my_number:
            continue
        value = encoded.values.household.get(ff.id)
        if value is None and ff.when and not ff.handwrite:
            continue  # a conditional field that does not apply is not printed
        lines, height = _value_lines(page, ff, value, value_w - 4 * mm)
        label_lines = fonts.wrap(ff.field.label.get("ja", ff.id), names, LABEL_SIZE, label_w - 4 * mm)
        height = max(height, len(label_lines) * LABEL_SIZE * 1.3 + 3 * mm)
        page.ensure(height)
        top = page.y
        cell(page.canvas, page.margin, top, label_w, height, GREY)
        cell(page.canvas, page.margin + label_w, top, value_w, height)
        for i, line in enumerate(label_lines):
            page.text(page.margin + 2 * mm, top - 2 * mm - (i + 1) * LABEL_SIZE * 1.3 + 2, line, LABEL_SIZE, names)
        x = page.margin + label_w + 2 * mm
        if ff.handwrite:
            page.canvas.setLineWidth(0.8)
            page.canvas.line(x, top - height + 4 * mm, page.margin + label_w + value_w - 4 * mm, top - height + 4 * mm)
            page.text(x, top - 4 * mm, "ご本人が署名してください", SMALL, names)
        elif _options_drawn(ff):
            _draw_enum(page, ff, value, x, top, value_w)
        elif ff.field.kind.sheet_mark == "check" and value:
            check_box(page, x, top - 5.4 * mm, True)
            page.text(x + 4.8 * mm, top - 5.0 * mm, "該当", VALUE_SIZE, names)
        else:
            for i, line in enumerate(lines):
                page.text(x, top - 2 * mm - (i + 1) * VALUE_SIZE * 1.35 + 3, line, VALUE_SIZE, names)
        page.y -= height


def _persons(page: Page, form: Form, encoded: EncodedSheet) -> None:
    persons = encoded.values.persons
    if not form.persons or not persons:
        return
    names = fonts.chain("ja")
    columns = _visible_person_fields(form, persons)
    no_w = 8 * mm
    total = sum(f.field.kind.column_weight for f in columns)
    widths = [(page.inner_width - no_w) * f.field.kind.column_weight / total for f in columns]
    page.y -= 3 * mm
    page.paragraph(form.persons.label.get("ja", "対象となる人"), 9.5, fonts.chain("ja", bold=True))
    page.y -= 1 * mm
    head = [fonts.wrap(f.field.label.get("ja", f.id), names, LABEL_SIZE, w - 3 * mm) for f, w in zip(columns, widths, strict=True)]
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
    for row, person in enumerate(persons, 1):
        cells = []
        for f, w in zip(columns, widths, strict=True):
            value = person.get(f.id)
            cells.append(fonts.wrap(EMPTY if value is None else display_value(f, value), names, size, w - 3 * mm))
        height = max(7 * mm, max(len(c) for c in cells) * size * 1.35 + 3 * mm)
        page.ensure(height)
        x = page.margin
        cell(page.canvas, x, page.y, no_w, height)
        page.text(x + 2 * mm, page.y - 2 * mm - size * 1.35 + 3, str(row), size, names)
        x += no_w
        for lines, w in zip(cells, widths, strict=True):
            cell(page.canvas, x, page.y, w, height)
            for i, line in enumerate(lines):
                page.text(x + 1.5 * mm, page.y - 2 * mm - (i + 1) * size * 1.35 + 3, line, size, names)
            x += w
        page.y -= height


def _footer(page: Page, form: Form, encoded: EncodedSheet, municipality: str) -> None:
    names = fonts.chain("ja")
    text = f"{municipality}　{form.title.get('ja', form.id)}　シートID {format_sheet_id(encoded.sheet_id)}"
    page.text(page.margin, 10 * mm, text, 6.5, names)


def render_sheet(
    form: Form,
    encoded: EncodedSheet,
    out: Path | str | BinaryIO | None = None,
    *,
    municipality: str,
    counter_name: str = "",
) -> RenderResult:
    """Draw the sheet for ``encoded`` (from :func:`kiosk.ks1.encode_sheet`) as a PDF.

    Writes to ``out`` (a path or binary file) or returns the bytes in ``RenderResult.pdf``.
    Characters the fonts lack print as 〓 and are listed in ``RenderResult.missing_glyphs``."""
    fonts.require_base()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(form.title.get("ja", form.id))
    canvas.setAuthor(municipality)
    canvas.setSubject(f"sheet {encoded.sheet_id}")
    pages = [1]

    def continuation(page: Page) -> None:
        pages.append(1)
        _footer(page, form, encoded, municipality)
        page.text(page.margin, page.y - 10, f"{form.title.get('ja', form.id)}（続き）", 10, fonts.chain("ja", bold=True))
        page.y -= 10 * mm

    page = Page(canvas, *A4, on_new_page=continuation)
    if boxes.uses_boxes(form):
        notes = [MY_NUMBER_NOTE] if needs_my_number(form) else []
        if form.notes.get("ja"):
            notes.append(form.notes["ja"])
        boxes.render_boxes(page, form, encoded, municipality=municipality, counter_name=counter_name, notes=notes,
                           missing_note=GETA_NOTE)
        return finish_document(canvas, buffer, out, pages, page)
    _footer(page, form, encoded, municipality)
    _header(page, form, encoded, municipality, counter_name)
    _household(page, form, encoded)
    _persons(page, form, encoded)
    page.y -= 3 * mm
    names = fonts.chain("ja")
    if needs_my_number(form):
        page.paragraph(MY_NUMBER_NOTE, 8.5, names)
    note = form.notes.get("ja")
    if note:
        page.paragraph(note, 8.5, names)
    if page.missing:
        page.paragraph(GETA_NOTE, 8.5, fonts.chain("ja", bold=True))
    return finish_document(canvas, buffer, out, pages, page)


def finish_document(canvas, buffer, out, pages, page) -> RenderResult:
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
