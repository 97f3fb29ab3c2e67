"""Sheets drawn on the form's own layout: each field in its print box (millimetres from the
top-left corner of A4), person row i shifted by ``row_pitch``. The band above 30 mm holds the
title, the band below 250 mm the KS1 code(s), the sheet id and the notes."""

from __future__ import annotations

from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from kiosk.catalogue.model import Form, FormField
from kiosk.ks1 import EncodedSheet, format_sheet_id
from printing import fonts, qrdraw
from printing.layout import GREY, Page, cell, check_box, issue_time_text

HEADER_BOTTOM = 30 * mm
FOOTER_TOP = 250 * mm
LABEL_SIZE = 6.3
MAX_VALUE = 10.5
MIN_VALUE = 5.0
MY_NUMBER_TEXT = "窓口でカードにより確認"


def uses_boxes(form: Form) -> bool:
    return all(f.box is not None for f in form.all_fields())


def _top(page: Page, y_mm: float) -> float:
    return page.height - y_mm * mm


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


def _enum(page: Page, ff: FormField, value: Any, x: float, y: float, width: float) -> bool:
    """Options as check boxes in one line if they fit; False when they do not."""
    names = fonts.chain("ja")
    for size in (9.0, 8.0, 7.0):
        side = size * 0.95
        labels = [ff.field.option_label(o.code) for o in ff.field.options]
        total = sum(side + 1 * mm + fonts.width(lab, names, size) + 2.5 * mm for lab in labels)
        if total <= width:
            cx = x
            for option, label in zip(ff.field.options, labels, strict=True):
                check_box(page, cx, y - side * 0.1, option.code == value, side=side)
                page.text(cx + side + 1 * mm, y, label, size, names)
                cx += side + 1 * mm + fonts.width(label, names, size) + 2.5 * mm
            return True
    return False


def draw_field(page: Page, ff: FormField, value: Any, dy_mm: float = 0.0) -> None:
    from printing.sheet import EMPTY, display_value

    box = ff.box
    names = fonts.chain("ja")
    x, top = box.x * mm, _top(page, box.y + dy_mm)
    w, h = box.width * mm, box.height * mm
    cell(page.canvas, x, top, w, h)
    page.text(x + 0.8 * mm, top - LABEL_SIZE - 0.3 * mm, ff.field.label.get("ja", ff.id), LABEL_SIZE, names)
    inner_x, inner_w = x + 1.2 * mm, w - 2.4 * mm
    value_top = top - LABEL_SIZE - 1.2 * mm
    value_h = h - LABEL_SIZE - 1.8 * mm
    baseline = top - h + 1.4 * mm
    if ff.handwrite:
        page.canvas.setLineWidth(0.8)
        page.canvas.line(inner_x + 30 * mm, baseline + 0.6 * mm, x + w - 3 * mm, baseline + 0.6 * mm)
        page.text(inner_x, baseline + 1 * mm, "ご本人が署名してください", 6.5, names)
        return
    mark = ff.field.kind.sheet_mark
    if mark == "my_number":
        page.text(inner_x, baseline, MY_NUMBER_TEXT, 7.5, names)
        return
    if mark == "options" and value is not None and _enum(page, ff, value, inner_x, baseline, inner_w):
        return
    if mark == "check" and value:
        check_box(page, inner_x, baseline - 0.3 * mm, True, side=8.5)
        page.text(inner_x + 4 * mm, baseline, "該当", 9, names)
        return
    text = EMPTY if value is None else display_value(ff, value)
    lines, size = _fit(text, inner_w, value_h)
    y = value_top - size
    if len(lines) == 1:
        y = baseline  # a single line sits on the box's base line
    for line in lines:
        page.text(inner_x, y, line, size, names)
        y -= size * 1.2


def _header(page: Page, form: Form, sheet: EncodedSheet, municipality: str, counter_name: str) -> None:
    names, bold = fonts.chain("ja"), fonts.chain("ja", bold=True)
    page.text(10 * mm, _top(page, 13), form.title.get("ja", form.id), 17, bold)
    page.text(10 * mm, _top(page, 20), f"{municipality}長 様", 10, names)
    banner_x, banner_w = 100 * mm, 99 * mm
    cell(page.canvas, banner_x, _top(page, 7), banner_w, 9 * mm, GREY)
    page.text(banner_x + 2 * mm, _top(page, 11.2), "記入不要 ― キオスクで作成した届書です。", 8.5, bold)
    page.text(banner_x + 2 * mm, _top(page, 14.6), "内容をご確認のうえ、窓口へお出しください。", 8, names)
    info = f"発行 {issue_time_text(sheet.issued_at)}　端末 {sheet.kiosk_id}　シートID {format_sheet_id(sheet.sheet_id)}"
    page.text(10 * mm, _top(page, 25.5), info, 7, names)
    basis = f"様式 {form.id} 第{form.version}版" + (f"　{form.legal_basis}" if form.legal_basis else "")
    if counter_name:
        basis += f"　提出先 {counter_name}"
    for i, line in enumerate(fonts.wrap(basis, names, 6.5, 189 * mm)[:1]):
        page.text(10 * mm, _top(page, 28.6 + i * 3), line, 6.5, names)


def _footer(page: Page, form: Form, sheet: EncodedSheet, municipality: str, notes: list[str]) -> None:
    names = fonts.chain("ja")
    x = page.width - 10 * mm
    for index in range(len(sheet.symbols), 0, -1):
        symbol = sheet.symbols[index - 1]
        side = qrdraw.footprint(symbol)
        x -= side
        page.text(x + qrdraw.QUIET_ZONE * qrdraw.module_points(), _top(page, 253),
                  f"受付用コード ({index}/{len(sheet.symbols)})", 7, names)
        qrdraw.draw_symbol(page.canvas, symbol, x, _top(page, 254))
        x -= 2 * mm
    left_w = x - 10 * mm
    page.y = _top(page, 252)
    lines = [f"シートID {format_sheet_id(sheet.sheet_id)}"] + notes
    for i, note in enumerate(lines):
        size = 8 if i == 0 else 7.5
        for line in fonts.wrap(note, names, size, left_w):
            page.y -= size * 1.45
            page.text(10 * mm, page.y, line, size, names)
    page.text(10 * mm, 8 * mm, f"{municipality}　{form.title.get('ja', form.id)}", 6.5, names)


def render_boxes(page: Page, form: Form, sheet: EncodedSheet, *, municipality: str, counter_name: str,
                 notes: list[str], missing_note: str) -> None:
    """Draw the whole sheet on one A4 page using the form's print boxes."""
    assert (page.width, page.height) == A4
    _header(page, form, sheet, municipality, counter_name)
    household = sheet.values.household
    for ff in form.fields:
        value = household.get(ff.id)
        if value is None and ff.when and not ff.handwrite:
            continue  # a conditional field that does not apply is not printed
        draw_field(page, ff, value)
    if form.persons and sheet.values.persons:
        names = fonts.chain("ja", bold=True)
        first_y = min(f.box.y for f in form.persons.fields)
        page.text(10 * mm, _top(page, first_y - 1), form.persons.label.get("ja", "対象となる人"), 7.5, names)
        for row, person in enumerate(sheet.values.persons):
            for ff in form.persons.fields:
                value = person.get(ff.id)
                if value is None and ff.when and not ff.field.kind.is_my_number:
                    continue
                draw_field(page, ff, value, dy_mm=row * form.persons.row_pitch)
    if page.missing:
        notes = [*notes, missing_note]
    _footer(page, form, sheet, municipality, notes)
