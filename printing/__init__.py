"""Printed output: completed A4 sheets, the QR ticket and the guide slip (reportlab; no widgets, no Qt).

A leaf package: it draws the plain values of :mod:`printing.model` and imports nothing from the
kiosk application, which words the texts and hands over the font folders. Its modules are
imported one by one (``printing.sheet``, ``printing.model``, …): importing the package loads
nothing, so the light ones (:mod:`printing.ruby_split`) do not bring reportlab with them."""
