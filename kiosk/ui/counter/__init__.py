"""Widgets of ``kiosk counter``: the clerk's window and the resident's window over one
:class:`kiosk.counter.CounterController`."""
