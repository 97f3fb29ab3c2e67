"""Start the clerk station window (``kiosk clerk``)."""

from __future__ import annotations

import sys


def run_station(config, db, catalogue, *, station_id: str, lang: str = "ja", fullscreen: bool = True) -> int:
    from kiosk.clerk.station import Station
    from kiosk.ui.app import application
    from kiosk.ui.clerk.station_window import StationWindow

    app = application(sys.argv)  # runs for days: its memory and garbage as every station's
    station = Station(db, station_id=station_id, catalogue=catalogue, issuer=config.municipality.code,
                      skew=_seconds(config.qr.clock_skew_seconds))
    window = StationWindow(
        station, lang=lang, lock_after_seconds=config.clerk.lock_after_seconds,
        max_failures=config.clerk.max_sign_in_failures, export_dir=config.data_dir / "clerk-exports",
        municipality=config.municipality.name, fullscreen=fullscreen,
        health_probe_seconds=config.database.health_probe_seconds, staff_call=config.staff_call,
    )
    if not fullscreen:
        window.resize(1100, 800)
        window.show()
    from kiosk.ui.supervision import exec_supervised, page_names

    pages = {window.sign_in_page: "sign-in", window.scan_page: "scan"}
    # SEC-02: READY=1, STATUS and watchdog pings to the supervisor
    return exec_supervised(app, window, window.stack, app_name="clerk", screen_name=page_names(pages))


def _seconds(value: int):
    import datetime as dt

    return dt.timedelta(seconds=value)
