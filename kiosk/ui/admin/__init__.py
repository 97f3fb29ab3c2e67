"""The administrators' workbench (PySide6) over the Qt-free core in :mod:`kiosk.admin`."""
