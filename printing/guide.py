"""The guide slip in the resident's language: which procedures, at which counter, what to bring
and by when. Text comes from the catalogue (procedures, counters) and ``locales/*/print.yaml``."""

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
from kiosk.catalogue.model import Counter, Procedure, localized
from printing import fonts
from printing.layout import Page, issue_time_text
from printing.sheet import RenderResult, finish_document


def _t(key: str, lang: str, **params: object) -> str:
    return i18n.plain(i18n.text(key, lang, **params))


def _text(texts: Mapping[str, str], lang: str) -> str:
    return i18n.plain(localized(dict(texts), lang)) if texts else ""


def draw_procedures(page: Page, procedures: Iterable[Procedure], counters: Mapping[str, Counter], lang: str,
                    size: float = 10.5, with_japanese: bool = True) -> None:
    """Numbered procedures with counter, what to bring and deadline (shared with the QR ticket)."""
    names, bold = fonts.chain(lang), fonts.chain(lang, bold=lang in ("ja", "ja-easy"))
    for number, procedure in enumerate(procedures, 1):
        title = _text(procedure.title, lang)
        official = procedure.title.get("ja", "")
        if with_japanese and lang not in ("ja", "ja-easy") and official and official != title:
            title = f"{title}（{official}）"
        page.y -= 2 * mm
        page.paragraph(f"{number}. {title}", size + 1, bold)
        counter = counters.get(procedure.counter)
        where = _text(counter.name, lang) if counter else procedure.counter
        if counter and with_japanese and counter.name.get("ja") and counter.name["ja"] != where:
            where = f"{where}（{counter.name['ja']}）"  # the signs at the counters are in Japanese
        lines = [(_t("print.guide_counter", lang), where)]
        lines.append((_t("print.guide_bring", lang), _text(procedure.bring, lang)))
        lines.append((_t("print.guide_deadline", lang), _text(procedure.deadline, lang)))
        for label, value in lines:
            if value:
                page.paragraph(f"{label}: {value}", size, names, x=page.margin + 5 * mm,
                               width=page.inner_width - 5 * mm)
        guidance = _text(procedure.guidance, lang)
        if guidance:
            page.paragraph(guidance, size - 1, names, x=page.margin + 5 * mm, width=page.inner_width - 5 * mm)


def render_guide(
    procedures: Iterable[Procedure],
    counters: Mapping[str, Counter],
    *,
    lang: str,
    municipality: str,
    issued_at: dt.datetime,
    out: Path | str | BinaryIO | None = None,
) -> RenderResult:
    """An A4 slip listing the session's procedures in ``lang``."""
    fonts.require_base()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(_t("print.guide_title", lang))
    pages = [1]
    page = Page(canvas, *A4, on_new_page=lambda _p: pages.append(1))
    page.paragraph(_t("print.guide_title", lang), 18, fonts.chain(lang, bold=lang in ("ja", "ja-easy")))
    page.paragraph(f"{municipality}　{_t('print.guide_issued', lang)} {issue_time_text(issued_at)}", 9, fonts.chain(lang))
    page.y -= 2 * mm
    page.paragraph(_t("print.guide_intro", lang), 11, fonts.chain(lang))
    draw_procedures(page, procedures, counters, lang)
    if page.missing:
        page.y -= 3 * mm
        page.paragraph(_t("print.missing_glyphs", lang), 9, fonts.chain(lang))
    return finish_document(canvas, buffer, out, pages, page)
