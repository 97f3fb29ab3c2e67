"""Sheets drawn on the form's own layout: each entry in its print box (millimetres from the
top-left corner of A4; person rows arrive already shifted). The band above 30 mm holds the
title; the band at the foot holds the KS1 code(s), each with its caption and the sheet id beside
it, and the notes. That band is reserved for the largest symbol the form can need
(``Sheet.qr_modules``) and the codes stand on its bottom edge, so a larger symbol grows upwards
into space kept free for it, never towards the paper edge.

No mark comes closer than :data:`EDGE` to any paper edge, each symbol keeps its 4-module quiet
zone, and no text is smaller than :data:`MIN_TEXT`: a value that does not fit its box at that
size is printed on a continuation sheet (``続紙``) that names the sheet id, and the box says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from printing import fonts, qrdraw
from printing.layout import GREY, Page, cell, check_box
from printing.model import Box, Code, Entry, Sheet

EDGE = 5 * mm  # printers cannot print within ~4.2 mm of the edge
MARGIN = 10 * mm  # text column of the header and the notes
MIN_TEXT = 7.0  # points; nothing printed is smaller
LABEL_SIZE = 7.0
MAX_VALUE = 10.5
LEADING = 1.15
ASCENT, DESCENT = 0.88, 0.12  # of BIZ UD Gothic, in em
CAPTION_W = 17 * mm  # caption column to the left of each code
CAPTION_GAP = 1 * mm
TITLE_MAX_W = 88 * mm  # the banner starts at 100 mm
SEAL_HEIGHT = 14 * mm  # a handwritten box at least this tall is a seal box: no signature line
GLYPH_MARK = "※字形"
SIGN_PROMPT = "ご本人が署名してください"  # a handwritten entry without its own prompt
CONTINUED = "続紙※{n}に記載"


@dataclass
class Overflow:
    number: int
    label: str
    text: str


@dataclass
class Drawn:
    """What a page run needs to remember: values sent to the continuation sheet, glyph notes."""

    overflow: list[Overflow] = field(default_factory=list)
    glyph_notes: list[str] = field(default_factory=list)


def band_top(qr_modules: int) -> float:
    """Millimetres from the top where the code band starts for symbols of ``qr_modules``."""
    side = (qr_modules + 2 * qrdraw.QUIET_ZONE) * qrdraw.module_points() / mm
    return 297.0 - EDGE / mm + qrdraw.QUIET_ZONE * qrdraw.module_points() / mm - side


def _top(page: Page, y_mm: float) -> float:
    return float(page.height - y_mm * mm)


def _lines_fit(lines: int, size: float, height: float) -> bool:
    return size * (ASCENT + DESCENT) + (lines - 1) * size * LEADING <= height


def fit_text(text: str, width: float, height: float) -> tuple[list[str], float] | None:
    """Lines and size (≥ 7 pt) so that ``text`` fits the area, or None when it cannot."""
    names = fonts.chain("ja")
    size = MAX_VALUE
    while size >= MIN_TEXT:
        lines = fonts.wrap(text, names, size, width)
        if _lines_fit(len(lines), size, height) and all(fonts.width(line, names, size) <= width for line in lines):
            return lines, size
        size -= 0.5
    return None


def _choices(page: Page, entry: Entry, x: float, y: float, width: float, height: float) -> bool:
    """Options as check boxes in one line if they fit; False when they do not."""
    names = fonts.chain("ja")
    labels = [choice.label for choice in entry.choices]
    for size in (9.0, 8.0, 7.0):
        side = size * 0.95
        if size * (ASCENT + DESCENT) > height:
            continue
        total = sum(side + 1 * mm + fonts.width(lab, names, size) + 2.5 * mm for lab in labels) - 2.5 * mm
        if total <= width:
            cx = x
            for choice in entry.choices:
                check_box(page, cx, y - side * 0.1, choice.checked, side=side)
                page.text(cx + side + 1 * mm, y, choice.label, size, names)
                cx += side + 1 * mm + fonts.width(choice.label, names, size) + 2.5 * mm
            return True
    return False


def _handwritten(page: Page, entry: Entry, x: float, top: float, w: float, h: float) -> None:
    """A signature line, or for a tall box (a seal) the prompt under the label; always inside the box."""
    names = fonts.chain("ja")
    inner_x, inner_w = x + 1.2 * mm, w - 2.4 * mm
    prompt = entry.text or SIGN_PROMPT
    if h >= SEAL_HEIGHT:
        y = top - 0.5 * mm - LABEL_SIZE * LEADING
        for line in fonts.wrap(prompt, names, MIN_TEXT, inner_w):
            y -= MIN_TEXT * LEADING
            page.text(inner_x, y, line, MIN_TEXT, names)
        return
    baseline = top - h + 1.2 * mm
    prompt_w = fonts.width(prompt, names, MIN_TEXT)
    page.text(inner_x, baseline, prompt, MIN_TEXT, names)
    start = inner_x + prompt_w + 3 * mm
    if start < x + w - 5 * mm:
        page.canvas.setLineWidth(0.8)
        page.canvas.line(start, baseline, x + w - 2 * mm, baseline)


def draw_entry(page: Page, entry: Entry, box: Box, drawn: Drawn) -> None:
    names = fonts.chain("ja")
    x, top = box.x * mm, _top(page, box.y)
    w, h = box.width * mm, box.height * mm
    cell(page.canvas, x, top, w, h)
    label_base = top - 0.5 * mm - LABEL_SIZE * ASCENT
    label_w = page.text(x + 0.8 * mm, label_base, entry.label, LABEL_SIZE, names)
    if entry.kind == "signature":
        _handwritten(page, entry, x, top, w, h)
        return
    missing = fonts.missing(entry.text, names)
    if missing:
        mark_w = fonts.width(GLYPH_MARK, names, LABEL_SIZE)
        mark_x = max(x + w - 0.8 * mm - mark_w, x + 0.8 * mm + label_w + 1 * mm)
        page.text(mark_x, label_base, GLYPH_MARK, LABEL_SIZE, names)
        codes = "、".join(f"{m}（{' '.join(f'U+{ord(c):04X}' for c in m)}）" for m in missing)
        drawn.glyph_notes.append(f"{entry.label}：{codes}")
    inner_x, inner_w = x + 1.2 * mm, w - 2.4 * mm
    area_top = top - 0.5 * mm - LABEL_SIZE - 0.4 * mm
    area_h = h - 0.9 * mm - LABEL_SIZE - 0.4 * mm
    baseline = top - h + 0.5 * mm + DESCENT * MAX_VALUE
    if entry.kind == "my_number":
        page.text(inner_x, top - h + 1.2 * mm, entry.text, 7.5, names)
        return
    if (entry.kind == "choices" and any(c.checked for c in entry.choices)
            and _choices(page, entry, inner_x, top - h + 1.2 * mm, inner_w, area_h)):
        return
    if entry.kind == "check":
        check_box(page, inner_x, top - h + 0.9 * mm, True, side=8.5)
        page.text(inner_x + 4 * mm, top - h + 1.2 * mm, "該当", 8.5, names)
        return
    fitted = fit_text(entry.text, inner_w, area_h)
    if fitted is None:
        number = len(drawn.overflow) + 1
        drawn.overflow.append(Overflow(number, entry.label, entry.text))
        page.text(inner_x, top - h + 1.2 * mm, CONTINUED.format(n=number), 8, fonts.chain("ja", bold=True))
        return
    lines, size = fitted
    if len(lines) == 1:
        y = max(top - h + 0.5 * mm + DESCENT * size, baseline - (MAX_VALUE - size) * DESCENT)
    else:
        y = area_top - size * ASCENT
    for line in lines:
        page.text(inner_x, y, line, size, names)
        y -= size * LEADING


def title_lines(title: str) -> tuple[list[str], float]:
    """The title in at most two lines left of the banner: 17 pt, smaller (not under 11 pt) if long."""
    bold = fonts.chain("ja", bold=True)
    for size in (17.0, 16.0, 15.0, 14.0, 13.0, 12.0, 11.0):
        if fonts.width(title, bold, size) <= TITLE_MAX_W:
            return [title], size
    for size in (13.0, 12.0, 11.0):
        lines = fonts.wrap(title, bold, size, TITLE_MAX_W)
        if len(lines) <= 2:
            return lines, size
    return fonts.wrap(title, bold, 11.0, TITLE_MAX_W)[:2], 11.0


def _header(page: Page, sheet: Sheet, *, continuation: bool = False) -> None:
    names, bold = fonts.chain("ja"), fonts.chain("ja", bold=True)
    lines, size = title_lines(sheet.title + ("（続紙）" if continuation else ""))
    if len(lines) == 1:
        page.text(MARGIN, _top(page, 13), lines[0], size, bold)
    else:
        page.text(MARGIN, _top(page, 10), lines[0], size, bold)
        page.text(MARGIN, _top(page, 10) - size * LEADING, lines[1], size, bold)
    page.text(MARGIN, _top(page, 20.5), f"{sheet.municipality}長 様", 10, names)
    banner_x, banner_w = 100 * mm, 99 * mm
    cell(page.canvas, banner_x, _top(page, 7), banner_w, 9 * mm, GREY)
    page.text(banner_x + 2 * mm, _top(page, 11.2), "記入不要 ― キオスクで作成した届書です。", 8.5, bold)
    page.text(banner_x + 2 * mm, _top(page, 14.6), "内容をご確認のうえ、窓口へお出しください。", 8, names)
    info = f"発行 {sheet.issued}　端末 {sheet.kiosk_id}　シートID {sheet.sheet_id}"
    page.text(MARGIN, _top(page, 25.2), info, MIN_TEXT, names)
    basis = sheet.form_line
    if sheet.counter_name:
        basis += f"　提出先 {sheet.counter_name}"
    first = fonts.wrap(basis, names, MIN_TEXT, 189 * mm)[0]
    page.text(MARGIN, _top(page, 28.5), first, MIN_TEXT, names)


def _caption(page: Page, x: float, top: float, bottom: float, index: int, count: int, sheet_id: str) -> None:
    """"受付用コード (i/n)" and the sheet id in a column of :data:`CAPTION_W` ending at ``x``,
    level with the symbol's top, or raised so that it never reaches below the symbol's bottom."""
    names, bold = fonts.chain("ja"), fonts.chain("ja", bold=True)
    groups = sheet_id.split("-")
    lines = [("受付用コード", 8.0, bold), (f"({index}/{count})", 8.0, bold), ("シートID", MIN_TEXT, names)]
    lines += [("-".join(groups[i:i + 2]), MIN_TEXT, names) for i in range(0, len(groups), 2)]
    below_first = sum(size * LEADING for _text, size, _names in lines[1:]) + 1 * mm
    y = max(top - 8 * ASCENT, bottom + MIN_TEXT * DESCENT + below_first)
    for i, (text, size, chain) in enumerate(lines):
        if i:
            y -= size * LEADING + (1 * mm if i == 2 else 0)
        page.text(x - CAPTION_W, y, text, size, chain)


def _code_block_width(code: Code) -> float:
    return CAPTION_W + CAPTION_GAP + qrdraw.footprint(code)


def _codes_row(page: Page, sheet: Sheet, codes: list[tuple[int, Code]], right: float, bottom_dark: float) -> float:
    """Codes right to left, their dark modules' bottom at ``bottom_dark`` (points from the page
    bottom); returns the left edge of the row."""
    m = qrdraw.module_points()
    x = right
    for index, code in reversed(codes):
        side = qrdraw.footprint(code)
        x -= side
        top = bottom_dark - qrdraw.QUIET_ZONE * m + side
        qrdraw.draw_symbol(page.canvas, code, x, top)
        _caption(page, x - CAPTION_GAP, top - qrdraw.QUIET_ZONE * m, bottom_dark, index, len(sheet.codes),
                 sheet.sheet_id)
        x -= CAPTION_W + CAPTION_GAP + 2 * mm
    return x


NOTES_MIN_W = 70 * mm


def split_codes(sheet: Sheet) -> tuple[list[tuple[int, Code]], list[tuple[int, Code]]]:
    """Codes on the first page (right of the notes) and codes left for the continuation sheet."""
    numbered = list(enumerate(sheet.codes, 1))
    available = (A4[0] - EDGE) - MARGIN - NOTES_MIN_W
    first: list[tuple[int, Code]] = []
    used = 0.0
    for index, code in numbered:
        need = _code_block_width(code) + 2 * mm
        if first and used + need > available:
            break
        first.append((index, code))
        used += need
    return first, numbered[len(first):]


def _notes(page: Page, left: float, right: float, top: float, lines: list[tuple[str, float]]) -> None:
    names = fonts.chain("ja")
    y = top
    for text, size in lines:
        for line in fonts.wrap(text, names, size, right - left):
            y -= size * 1.35
            page.text(left, y, line, size, names)


def _continuation(page: Page, sheet: Sheet, drawn: Drawn, codes: list[tuple[int, Code]]) -> None:
    names = fonts.chain("ja")
    page.canvas.showPage()
    _header(page, sheet, continuation=True)
    page.y = _top(page, 34)
    page.paragraph(f"この続紙はシートID {sheet.sheet_id} の用紙の続きです。内容は受付用コードに含まれています。",
                   8.5, names, x=MARGIN, width=page.width - 2 * MARGIN)
    page.y -= 2 * mm
    for item in drawn.overflow:
        page.paragraph(f"※{item.number} {item.label}", 8.5, fonts.chain("ja", bold=True), x=MARGIN,
                       width=page.width - 2 * MARGIN)
        page.paragraph(item.text, 10, names, x=MARGIN + 4 * mm, width=page.width - 2 * MARGIN - 4 * mm)
        page.y -= 1.5 * mm
    if codes:
        _codes_row(page, sheet, codes, page.width - EDGE, EDGE + 0.5 * mm)


def render_boxes(page: Page, sheet: Sheet, *, missing_note: str) -> int:
    """Draw the sheet on the form's own layout; returns the number of continuation sheets it
    started (one when a value or a code does not fit the first page; a long continuation grows
    through ``page.on_new_page``)."""
    assert (page.width, page.height) == A4
    drawn = Drawn()
    _header(page, sheet)
    for entry in sheet.fields:
        if entry.box is not None:
            draw_entry(page, entry, entry.box, drawn)
    if sheet.person_entries:
        page.text(MARGIN, _top(page, sheet.persons_label_top), sheet.persons_label, 7.5,
                  fonts.chain("ja", bold=True))
        for entry in sheet.person_entries:
            if entry.box is not None:
                draw_entry(page, entry, entry.box, drawn)
    first, rest = split_codes(sheet)
    left_of_codes = _codes_row(page, sheet, first, page.width - EDGE, EDGE + 0.5 * mm)
    notes: list[tuple[str, float]] = [(f"シートID {sheet.sheet_id}", 8.0)]
    notes += [(note, 7.5) for note in sheet.notes]
    if page.missing:
        notes.append((missing_note, 7.5))
        notes += [(f"{GLYPH_MARK} {note}", 7.5) for note in drawn.glyph_notes]
    if drawn.overflow or rest:
        notes.append(("続紙があります（同じシートID）。", 7.5))
    notes.append((f"{sheet.municipality}　{sheet.title}", MIN_TEXT))
    _notes(page, MARGIN, left_of_codes, _top(page, band_top(sheet.qr_modules or max(c.size for c in sheet.codes))),
           notes)
    if drawn.overflow or rest:
        _continuation(page, sheet, drawn, rest)
        return 1
    return 0
