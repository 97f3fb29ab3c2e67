"""Printed output for catalogue forms: the glue that words forms, values, procedures and counters
as the plain values the :mod:`printing` package draws (no Qt)."""

from kiosk.sheets.bundle import Bundle, Document, build_bundle, bundle_from_config
from kiosk.sheets.draw import display_value, render_sheet, sheet_model
from kiosk.sheets.slips import guide_model, render_guide, render_ticket, ticket_model

__all__ = [
    "Bundle", "Document", "build_bundle", "bundle_from_config", "display_value", "guide_model", "render_guide",
    "render_sheet", "render_ticket", "sheet_model", "ticket_model",
]
