"""受付, export and reprint of the sheet shown at the clerk station. Each runs through the
operations runner; its outcome is dropped if the screen moved on meanwhile, and a database that
cannot be reached takes the sheet off the screen like a scan would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kiosk.clerk import station as st
from kiosk.errors import DatabaseUnreachable
from kiosk.storage.sheets import ReceiptResult
from kiosk.ui.clerk.common import local_time
from kiosk.ui.operations import runner

if TYPE_CHECKING:
    from kiosk.ui.clerk.station_window import StationWindow

T = TypeVar("T")


def receive(w: StationWindow) -> None:
    result = w.result
    if w.account is None or result is None or not result.shows_data or result.record is None:
        return
    record, staff_id = result.record, w.staff_id
    _act(w, lambda: w.station.receive(record, staff_id=staff_id), lambda receipt: _received(w, result, receipt),
         result)


def _received(w: StationWindow, result: st.ScanResult, receipt: ReceiptResult) -> None:
    if not receipt.first:  # another station got it first
        from kiosk.ks1 import AlreadyUsed

        v = result.verdict
        used = AlreadyUsed(v.sheet_id, v.kiosk_id, v.issued_at, receipt.received_at, receipt.station_id)
        w.show_result(st.ScanResult(st.ALREADY_USED, used))
    else:
        w.show_result(result)
        w.message.setText("\n".join([w.t("clerk.received", when=local_time(receipt.received_at)), *_route(w)]))
    w.scan_field.setFocus()


def _route(w: StationWindow) -> list[str]:
    """Where the resident goes now, and under which number (the division queue the sheet joined)."""
    from kiosk.catalogue.model import Catalogue
    from kiosk.routing.divisions import Divisions

    routed, catalogue = w.station.routed, w.station.catalogue
    if routed is None or not isinstance(catalogue, Catalogue):
        return []
    divisions = Divisions.of(catalogue)
    return [w.t("routing.slip_stop", place=d.place_in("ja"), division=d.name_in("ja"), number=stop.number)
            for stop in routed.stops if (d := divisions.get(stop.division)) is not None]


def export(w: StationWindow, fmt: str, encoding: str = "utf-8") -> None:
    """Writes the export on a worker; the path is shown (and kept in ``last_export``)."""
    result = w.result
    if w.account is None or result is None or not result.shows_data or result.record is None:
        return
    record, staff_id, folder = result.record, w.staff_id, w.export_dir
    suffix = {"json": ".json", "csv": "-sjis.csv" if encoding == "cp932" else ".csv"}[fmt]

    def work() -> Path:
        data = w.station.export(record, fmt, staff_id=staff_id, encoding=encoding)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{record.sheet_id}{suffix}"
        path.write_bytes(data)
        return path

    def done(path: Path) -> None:
        w.last_export = path
        w.message.setText(w.t("clerk.exported", path=str(path)))
        w.scan_field.setFocus()

    _act(w, work, done, result)


def reprint(w: StationWindow) -> None:
    """Renders the sheet again on a worker; the path is shown (and kept in ``last_reprint``)."""
    result = w.result
    if w.account is None or result is None or not result.shows_data or result.record is None:
        return
    record, strings, staff_id, folder = result.record, result.strings, w.staff_id, w.export_dir
    path = folder / f"{record.sheet_id}-reprint.pdf"

    def work() -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        w.station.reprint(record, strings, path, staff_id=staff_id, municipality=w.municipality)
        return path

    def done(written: Path) -> None:
        w.last_reprint = written
        w.message.setText(w.t("clerk.reprinted", path=str(written)))
        w.scan_field.setFocus()

    _act(w, work, done, result)


def _act(w: StationWindow, work: Callable[[], T], done: Callable[[T], None], result: st.ScanResult) -> None:
    """One action on the shown sheet: the result is dropped if the screen moved on meanwhile."""
    generation = w.generation

    def succeeded(value: T) -> None:
        if generation == w.generation and w.result is result:
            w.health.answered()
            done(value)

    def failed(error: Exception) -> None:
        if generation != w.generation or w.result is not result:
            return
        if isinstance(error, DatabaseUnreachable):
            single = result.strings[0] if len(result.strings) == 1 else ""
            w.show_unreachable(single)
        else:
            w.message.setText(w.error_text(error))

    runner().run(work, succeeded, failed, owner=w)
