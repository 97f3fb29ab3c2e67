"""Everything one resident takes away, built at "confirm": the signed sheets (or one QR ticket,
per town: ``Config.kiosk.output_mode``) and the guide slip in the resident's language.

PDFs stay in memory; they are handed to the print queue on stdin and never written to disk by
the kiosk (PRIV-08).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.catalogue.model import Counter, Form, FormValues, Procedure
from kiosk.ks1 import EncodedSheet, Signer, encode_sheet
from kiosk.sheets.draw import render_sheet
from kiosk.sheets.slips import render_guide, render_ticket

if TYPE_CHECKING:
    from kiosk.config import Config

MODES = ("sheets", "ticket")


@dataclass
class Document:
    kind: str  # "sheet" | "ticket" | "guide"
    pdf: bytes = field(repr=False)
    pages: int
    form_id: str = ""
    sheet_id: str = ""

    @property
    def title(self) -> str:
        """A print-job title with no personal data."""
        return f"{self.kind}-{self.form_id or 'session'}-{self.sheet_id[:8]}".rstrip("-")


@dataclass
class Bundle:
    mode: str
    sheets: list[EncodedSheet]
    documents: list[Document]
    missing_glyphs: list[str] = field(default_factory=list)

    def wipe(self) -> None:
        for sheet in self.sheets:
            sheet.values.wipe()
        self.sheets.clear()
        self.documents.clear()
        self.missing_glyphs.clear()


def build_bundle(
    items: Iterable[tuple[Form, FormValues]],
    *,
    signer: Signer,
    iss: int,
    kiosk_id: str,
    municipality: str,
    now: dt.datetime,
    validity: dt.timedelta,
    mode: str = "sheets",
    ticket_paper: str = "a4",
    lang: str = "ja",
    procedures: Iterable[Procedure] = (),
    counters: Mapping[str, Counter] | None = None,
    guide: bool = True,
    issue_numbers: Callable[[list[tuple[str, str]]], Sequence[tuple[str, int]]] | None = None,
) -> Bundle:
    """Sign every form and lay the session out as PDFs. Raises ValidationError / QrError naming the
    field or form before anything is drawn, so a bad form never yields half a bundle."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    procedure_list, counter_map = list(procedures), dict(counters or {})
    encoded = [
        (form, encode_sheet(form, values, signer=signer, iss=iss, kiosk_id=kiosk_id, now=now, validity=validity))
        for form, values in items
    ]
    documents: list[Document] = []
    missing: list[str] = []
    if mode == "sheets":
        for form, sheet in encoded:
            counter = counter_map.get(form.counter)
            result = render_sheet(form, sheet, municipality=municipality,
                                  counter_name=counter.name.get("ja", "") if counter else "")
            documents.append(Document("sheet", result.pdf, result.pages, form.id, sheet.sheet_id))
            missing += result.missing_glyphs
    else:
        result = render_ticket(encoded, procedure_list, counter_map, municipality=municipality, issued_at=now, lang=lang,
                               paper=ticket_paper)
        documents.append(Document("ticket", result.pdf, result.pages))
        missing += result.missing_glyphs
    if guide and procedure_list and mode == "sheets":
        # Waiting numbers per division queue, drawn once the sheet ids exist (kiosk.routing).
        route = issue_numbers([(sheet.sheet_id, form.id) for form, sheet in encoded]) if issue_numbers else ()
        result = render_guide(procedure_list, counter_map, lang=lang, municipality=municipality, issued_at=now,
                              route=route)
        documents.append(Document("guide", result.pdf, result.pages))
        missing += result.missing_glyphs
    return Bundle(mode, [sheet for _form, sheet in encoded], documents, list(dict.fromkeys(missing)))


def bundle_from_config(config: Config, items: Iterable[tuple[Form, FormValues]], *, signer: Signer,
                       now: dt.datetime, lang: str = "ja", procedures: Iterable[Procedure] = (),
                       counters: Mapping[str, Counter] | None = None,
                       issue_numbers: Callable[[list[tuple[str, str]]], Sequence[tuple[str, int]]] | None = None,
                       ) -> Bundle:
    """:func:`build_bundle` with the town's settings (municipality, output mode, ticket paper, validity)."""
    return build_bundle(
        items, signer=signer, iss=config.municipality.code, kiosk_id=config.kiosk.id,
        municipality=config.municipality.name, now=now, validity=dt.timedelta(days=config.qr.validity_days),
        mode=config.kiosk.output_mode, ticket_paper=config.kiosk.ticket_paper, lang=lang, procedures=procedures,
        counters=counters, issue_numbers=issue_numbers,
    )
