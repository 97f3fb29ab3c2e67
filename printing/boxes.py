"""Sheets drawn on the form's own layout: each entry in its print box (millimetres from the
top-left corner of A4; person rows arrive already shifted). The band above 30 mm holds the
title, the band below 250 mm the KS1 code(s), the sheet id and the notes."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from printing import fonts, qrdraw
from printing.layout import GREY, Page, cell, check_box
from printing.model import Box, Entry, Sheet

HEADER_BOTTOM = 30 * mm
FOOTER_TOP = 250 * mm
LABEL_SIZE = 6.3
MAX_VALUE = 10.5
MIN_VALUE = 5.0


def _top(page: Page, y_mm: float) -> float:
    return float(page.height - y_mm * mm)


def _fit(text: str, width: float, height: float) -> tuple[list[str], float]:
    """Lines and size so that ``text`` fits the box (shrinking, then wrapping)."""
    names = fonts.chain("ja")
    size = MAX_VALUE
    while size >= MIN_VALUE:
        lines = fonts.wrap(text, names, size, width)
        if len(lines) * size * 1.2 <= height and all(fonts.width(line, names, size) <= width for line in lines):
            return lines, size
        size -= 0.5
    return fonts.wrap(text, names, MIN_VALUE, width), MIN_VALUE


def _choices(page: Page, entry: Entry, x: float, y: float, width: float) -> bool:
    """Options as check boxes in one line if they fit; False when they do not."""
    names = fonts.chain("ja")
    labels = [choice.label for choice in entry.choices]
    for size in (9.0, 8.0, 7.0):
        side = size * 0.95
        total = sum(side + 1 * mm + fonts.width(lab, names, size) + 2.5 * mm for lab in labels)
        if total <= width:
            cx = x
            for choice in entry.choices:
                check_box(page, cx, y - side * 0.1, choice.checked, side=side)
                page.text(cx + side + 1 * mm, y, choice.label, size, names)
                cx += side + 1 * mm + fonts.width(choice.label, names, size) + 2.5 * mm
            return True
    return False


def draw_entry(page: Page, entry: Entry, box: Box) -> None:
    names = fonts.chain("ja")
    x, top = box.x * mm, _top(page, box.y)
    w, h = box.width * mm, box.height * mm
    cell(page.canvas, x, top, w, h)
    page.text(x + 0.8 * mm, top - LABEL_SIZE - 0.3 * mm, entry.label, LABEL_SIZE, names)
    inner_x, inner_w = x + 1.2 * mm, w - 2.4 * mm
    value_top = top - LABEL_SIZE - 1.2 * mm
    value_h = h - LABEL_SIZE - 1.8 * mm
    baseline = top - h + 1.4 * mm
    if entry.kind == "signature":
        page.canvas.setLineWidth(0.8)
        page.canvas.line(inner_x + 30 * mm, baseline + 0.6 * mm, x + w - 3 * mm, baseline + 0.6 * mm)
        page.text(inner_x, baseline + 1 * mm, "ご本人が署名してください", 6.5, names)
        return
    if entry.kind == "my_number":
        page.text(inner_x, baseline, entry.text, 7.5, names)
        return
    if (entry.kind == "choices" and any(c.checked for c in entry.choices)
            and _choices(page, entry, inner_x, baseline, inner_w)):
        return
    if entry.kind == "check":
        check_box(page, inner_x, baseline - 0.3 * mm, True, side=8.5)
        page.text(inner_x + 4 * mm, baseline, "該当", 9, names)
        return
    lines, size = _fit(entry.text, inner_w, value_h)
    y = value_top - size
    if len(lines) == 1:
        y = baseline  # a single line sits on the box's base line
    for line in lines:
        page.text(inner_x, y, line, size, names)
        y -= size * 1.2


def _header(page: Page, sheet: Sheet) -> None:
    names, bold = fonts.chain("ja"), fonts.chain("ja", bold=True)
    page.text(10 * mm, _top(page, 13), sheet.title, 17, bold)
    page.text(10 * mm, _top(page, 20), f"{sheet.municipality}長 様", 10, names)
    banner_x, banner_w = 100 * mm, 99 * mm
    cell(page.canvas, banner_x, _top(page, 7), banner_w, 9 * mm, GREY)
    page.text(banner_x + 2 * mm, _top(page, 11.2), "記入不要 ― キオスクで作成した届書です。", 8.5, bold)
    page.text(banner_x + 2 * mm, _top(page, 14.6), "内容をご確認のうえ、窓口へお出しください。", 8, names)
    info = f"発行 {sheet.issued}　端末 {sheet.kiosk_id}　シートID {sheet.sheet_id}"
    page.text(10 * mm, _top(page, 25.5), info, 7, names)
    basis = sheet.form_line
    if sheet.counter_name:
        basis += f"　提出先 {sheet.counter_name}"
    for i, line in enumerate(fonts.wrap(basis, names, 6.5, 189 * mm)[:1]):
        page.text(10 * mm, _top(page, 28.6 + i * 3), line, 6.5, names)


def _footer(page: Page, sheet: Sheet, notes: list[str]) -> None:
    names = fonts.chain("ja")
    x = page.width - 10 * mm
    for index in range(len(sheet.codes), 0, -1):
        code = sheet.codes[index - 1]
        side = qrdraw.footprint(code)
        x -= side
        page.text(x + qrdraw.QUIET_ZONE * qrdraw.module_points(), _top(page, 253),
                  f"受付用コード ({index}/{len(sheet.codes)})", 7, names)
        qrdraw.draw_symbol(page.canvas, code, x, _top(page, 254))
        x -= 2 * mm
    left_w = x - 10 * mm
    page.y = _top(page, 252)
    lines = [f"シートID {sheet.sheet_id}", *notes]
    for i, note in enumerate(lines):
        size = 8 if i == 0 else 7.5
        for line in fonts.wrap(note, names, size, left_w):
            page.y -= size * 1.45
            page.text(10 * mm, page.y, line, size, names)
    page.text(10 * mm, 8 * mm, f"{sheet.municipality}　{sheet.title}", 6.5, names)


def render_boxes(page: Page, sheet: Sheet, *, missing_note: str) -> None:
    """Draw the whole sheet on one A4 page using the entries' print boxes."""
    assert (page.width, page.height) == A4
    _header(page, sheet)
    for entry in sheet.fields:
        if entry.box is not None:
            draw_entry(page, entry, entry.box)
    if sheet.person_entries:
        page.text(10 * mm, _top(page, sheet.persons_label_top), sheet.persons_label, 7.5, fonts.chain("ja", bold=True))
        for entry in sheet.person_entries:
            if entry.box is not None:
                draw_entry(page, entry, entry.box)
    notes = list(sheet.notes)
    if page.missing:
        notes.append(missing_note)
    _footer(page, sheet, notes)
