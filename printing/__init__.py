"""Printed output: completed A4 sheets, the QR ticket and the guide slip (reportlab; no widgets, no Qt).

A leaf package: it draws the plain values of :mod:`printing.model` and imports nothing from the
kiosk application, which words the texts and hands over the font folders."""

from printing.guide import render_guide
from printing.model import (
    Box,
    Choice,
    Code,
    Column,
    Entry,
    Guide,
    PersonTable,
    ProcedureText,
    Sheet,
    Ticket,
    TicketCode,
)
from printing.sheet import RenderResult, render_sheet
from printing.ticket import render_ticket

__all__ = [
    "Box", "Choice", "Code", "Column", "Entry", "Guide", "PersonTable", "ProcedureText", "RenderResult", "Sheet",
    "Ticket", "TicketCode", "render_guide", "render_sheet", "render_ticket",
]
