"""Resident kiosk widgets (PySide6). Thin: every decision lives in the Qt-free
:mod:`kiosk.journey` and :mod:`kiosk.session`."""
