"""What to draw, as plain values: the printing package knows pages, boxes, fonts and QR modules,
never forms, catalogues or sessions. The kiosk turns a catalogue form and its values into these
(``kiosk.sheets``); every text here is already worded and formatted as it is printed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EntryKind = Literal["text", "choices", "check", "signature", "my_number"]


@dataclass(frozen=True)
class Code:
    """One QR symbol: dark modules row by row, without the quiet zone."""

    matrix: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        return len(self.matrix)


@dataclass(frozen=True)
class Box:
    """Where an entry is printed on A4, in millimetres from the page's top-left corner."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Choice:
    label: str
    checked: bool


@dataclass(frozen=True)
class Entry:
    """One labelled value. ``text`` is what prints for kinds "text" and "my_number" (and for
    "choices" where the options do not fit); "check" prints a ticked box, "signature" a line (or
    an empty seal box) with ``text`` as the prompt."""

    label: str
    text: str = ""
    kind: EntryKind = "text"
    choices: tuple[Choice, ...] = ()
    box: Box | None = None


@dataclass(frozen=True)
class Column:
    label: str
    weight: float  # share of the table width


@dataclass(frozen=True)
class PersonTable:
    """Per-person rows as a table below the household entries (flowing layout)."""

    label: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Sheet:
    """A completed A4 application sheet.

    ``boxed``: every entry (``fields`` and ``person_entries``) carries its print box and the sheet
    is one page on the form's own layout; otherwise entries flow down the page and ``persons``
    holds the per-person table."""

    title: str
    municipality: str
    sheet_id: str  # as printed (grouped)
    subject: str  # PDF metadata, no personal data
    issued: str  # issue time as printed
    kiosk_id: str
    form_line: str  # form id, version and legal basis
    codes: tuple[Code, ...]
    fields: tuple[Entry, ...]
    counter_name: str = ""
    persons: PersonTable | None = None
    persons_label: str = ""
    persons_label_top: float = 0.0  # mm, boxed layout
    person_entries: tuple[Entry, ...] = ()
    notes: tuple[str, ...] = ()
    boxed: bool = False
    qr_modules: int = 0  # side in modules of the largest symbol the form can need (0: the largest drawn)


@dataclass(frozen=True)
class RubyText:
    """Text with readings: ``segments`` are (base, reading or None) in order."""

    segments: tuple[tuple[str, str | None], ...]

    @property
    def plain(self) -> str:
        return "".join(base for base, _ in self.segments)

    @property
    def has_ruby(self) -> bool:
        return any(reading for _, reading in self.segments)


Text = str | RubyText


def plain(text: Text) -> str:
    return text.plain if isinstance(text, RubyText) else text


def joined(*parts: Text) -> Text:
    """The parts one after another; with readings if any part has them."""
    if not any(isinstance(p, RubyText) for p in parts):
        return "".join(p for p in parts if isinstance(p, str))
    return RubyText(tuple(seg for p in parts for seg in (p.segments if isinstance(p, RubyText) else ((p, None),))))


@dataclass(frozen=True)
class ProcedureText:
    """A numbered procedure on the guide slip and the ticket: title, (label, value) lines, guidance
    (with furigana in やさしい日本語)."""

    title: Text
    lines: tuple[tuple[Text, Text], ...] = ()
    guidance: Text = ""


@dataclass(frozen=True)
class Guide:
    """The guide slip in the resident's language."""

    lang: str
    title: Text
    heading: str  # municipality and issue time
    intro: Text
    procedures: tuple[ProcedureText, ...]
    missing_note: str  # printed when a character could not be drawn
    resume: TicketCode | None = None  # "続きは窓口で": the signed resume code for the counter


@dataclass(frozen=True)
class TicketCode:
    title: str
    sheet_id: str  # as printed
    codes: tuple[Code, ...]


@dataclass(frozen=True)
class Ticket:
    """One page with the QR codes of every form of the session and the procedures."""

    lang: str
    title: str
    heading: str
    intro: tuple[str, ...]  # Japanese first, then the resident's language where it differs
    codes: tuple[TicketCode, ...]
    procedures: tuple[ProcedureText, ...] = ()
