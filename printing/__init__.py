"""Printed output: completed A4 sheets, the QR ticket and the guide slip (reportlab; no widgets, no Qt)."""

from printing.bundle import Bundle, Document, build_bundle, bundle_from_config
from printing.guide import render_guide
from printing.sheet import RenderResult, display_value, render_sheet
from printing.ticket import render_ticket

__all__ = [
    "Bundle", "Document", "RenderResult", "build_bundle", "bundle_from_config", "display_value", "render_guide",
    "render_sheet", "render_ticket",
]
