"""The guide slip and the QR ticket worded from the catalogue (procedures, counters) and
``locales/*/print.yaml``, as plain values for :mod:`printing`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kiosk import i18n
from kiosk.catalogue.model import Counter, Form, Procedure, localized
from kiosk.ks1 import EncodedSheet, format_sheet_id
from kiosk.sheets.draw import codes, drawing, issue_time_text
from printing import guide as guide_pdf
from printing import ticket as ticket_pdf
from printing.model import Guide, ProcedureText, RubyText, Text, Ticket, TicketCode, plain
from printing.sheet import RenderResult

if TYPE_CHECKING:
    from kiosk.resume import ResumeCode

JAPANESE = ("ja", "ja-easy")


def _t(key: str, lang: str, **params: object) -> str:
    return i18n.plain(i18n.text(key, lang, **params))


def _text(texts: Mapping[str, str], lang: str) -> str:
    return i18n.plain(localized(dict(texts), lang)) if texts else ""


def _ruby(message: str, lang: str) -> Text:
    """In やさしい日本語 the text keeps its furigana for the slip (A11Y-14); else plain text."""
    if lang != "ja-easy" or not i18n.RUBY.search(message):
        return i18n.plain(message)
    return RubyText(tuple(i18n.ruby_segments(message)))


def _rt(key: str, lang: str, **params: object) -> Text:
    return _ruby(i18n.text(key, lang, **params), lang)


def _rtext(texts: Mapping[str, str], lang: str) -> Text:
    return _ruby(localized(dict(texts), lang), lang) if texts else ""


def procedure_text(procedure: Procedure, counters: Mapping[str, Counter], lang: str) -> ProcedureText:
    """One procedure in ``lang``; the Japanese title and counter name follow a translation (the
    signs at the counters are in Japanese)."""
    title: Text = _rtext(procedure.title, lang)
    official = procedure.title.get("ja", "")
    if lang not in JAPANESE and official and official != title:
        title = f"{title}（{official}）"
    counter = counters.get(procedure.counter)
    where = localized(dict(counter.name), lang) if counter else procedure.counter
    if counter and counter.name.get("ja") and counter.name["ja"] != i18n.plain(where):
        where = f"{where}（{counter.name['ja']}）"
    lines: tuple[tuple[Text, Text], ...] = (
        (_rt("print.guide_counter", lang), _ruby(where, lang)),
        (_rt("print.guide_bring", lang), _rtext(procedure.bring, lang)),
        (_rt("print.guide_deadline", lang), _rtext(procedure.deadline, lang)),
    )
    return ProcedureText(title, tuple(line for line in lines if plain(line[1])), _rtext(procedure.guidance, lang))


def route_text(route: Sequence[tuple[str, int]], counters: Mapping[str, Counter], lang: str) -> ProcedureText:
    """The counters in visit order with the waiting number of each (kiosk.routing.issue_numbers)."""
    lines = []
    for i, (division, number) in enumerate(route, 1):
        counter = counters.get(division)
        place, name = (_text(counter.place, lang), _text(counter.name, lang)) if counter else ("", division)
        text = _t("routing.slip_stop", lang, place=place, division=name, number=number).strip()
        if counter and lang not in JAPANESE:
            text += f"（{counter.place.get('ja', '')} {counter.name.get('ja', '')}）".replace("（ ", "（")
        lines.append((f"{i}.", text))
    return ProcedureText(_t("routing.slip_title", lang), tuple(lines), _t("routing.slip_intro", lang))


def guide_model(procedures: Iterable[Procedure], counters: Mapping[str, Counter], *, lang: str,
                municipality: str, issued_at: dt.datetime, resume: ResumeCode | None = None,
                route: Sequence[tuple[str, int]] = ()) -> Guide:
    """``route``: (division, waiting number) in visit order, printed first when given; ``resume``:
    the code that continues the session at the counter."""
    listed = tuple(procedure_text(p, counters, lang) for p in procedures)
    return Guide(
        lang=lang, title=_rt("print.guide_title", lang),
        heading=f"{municipality}　{_t('print.guide_issued', lang)} {issue_time_text(issued_at)}",
        intro=_rt("print.guide_intro", lang),
        procedures=((route_text(route, counters, lang),) + listed) if route else listed,
        missing_note=_t("print.missing_glyphs", lang),
        resume=None if resume is None else TicketCode(
            _t("counter.resume_caption", lang), format_sheet_id(resume.code_id), codes([resume.symbol])),
    )


def ticket_model(sheets: Iterable[tuple[Form, EncodedSheet]], procedures: Iterable[Procedure],
                 counters: Mapping[str, Counter], *, municipality: str, issued_at: dt.datetime,
                 lang: str = "ja") -> Ticket:
    intro = [_t("print.ticket_intro", "ja")]
    if lang not in JAPANESE:
        intro.append(_t("print.ticket_intro", lang))
    return Ticket(
        lang=lang, title=_t("print.ticket_title", "ja"),
        heading=f"{municipality}　発行 {issue_time_text(issued_at)}", intro=tuple(intro),
        codes=tuple(TicketCode(form.title.get("ja", form.id), format_sheet_id(sheet.sheet_id), codes(sheet.symbols))
                    for form, sheet in sheets),
        procedures=tuple(procedure_text(p, counters, lang) for p in procedures),
    )


def render_guide(
    procedures: Iterable[Procedure],
    counters: Mapping[str, Counter],
    *,
    lang: str,
    municipality: str,
    issued_at: dt.datetime,
    out: Path | str | BinaryIO | None = None,
    resume: ResumeCode | None = None,
    route: Sequence[tuple[str, int]] = (),
) -> RenderResult:
    """An A4 slip listing the session's procedures in ``lang`` (after the route with its numbers,
    and, with ``resume``, the code that continues the session at the counter)."""
    model = guide_model(procedures, counters, lang=lang, municipality=municipality, issued_at=issued_at,
                        resume=resume, route=route)
    return drawing(lambda: guide_pdf.render_guide(model, out))


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
    model = ticket_model(sheets, procedures, counters or {}, municipality=municipality, issued_at=issued_at, lang=lang)
    return drawing(lambda: ticket_pdf.render_ticket(model, paper=paper, out=out))
