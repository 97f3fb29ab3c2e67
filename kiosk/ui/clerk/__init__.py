"""The clerk station window (PySide6) over the Qt-free core in :mod:`kiosk.clerk`."""
