"""The clerk station's core, free of Qt: scan normalisation and multi-part collection
(:mod:`~kiosk.clerk.scan`), the trust list (:mod:`~kiosk.clerk.trustlist`), verification,
receipt, export and reprint (:mod:`~kiosk.clerk.station`, :mod:`~kiosk.clerk.record`)."""
