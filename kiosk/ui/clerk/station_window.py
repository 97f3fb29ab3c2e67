"""The clerk station window: sign in, scan (keyboard-wedge field that keeps focus, image file,
camera), one large verdict banner, the sheet laid out as the form (only when 真正), then 受付,
export and reprint. The screen locks after ``lock_after_seconds`` without input and never lists
records in bulk. All decisions happen in :mod:`kiosk.clerk`; this module only shows them.

Every database call and the argon2 sign-in run through the operations runner: the GUI thread
never waits on them. While a scan is checked the banner says 確認中; when the database cannot be
reached the banner says so (no verdict), the previous sheet leaves the screen, the scanned code
stays in the field, and a health probe brings the station back by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n, staff
from kiosk.clerk import record as records
from kiosk.clerk import station as st
from kiosk.config import StaffCallSection
from kiosk.errors import DatabaseUnreachable, KioskError
from kiosk.log import get_logger
from kiosk.ui.clerk import actions, camera, pages
from kiosk.ui.clerk.calls import CallsPanel
from kiosk.ui.clerk.common import CHECKING, COLOURS, DB_UNREACHABLE, ScanField, local_time, staff_text
from kiosk.ui.clerk.gate import Gated, SignInGate
from kiosk.ui.clerk.health import DatabaseHealth
from kiosk.ui.operations import runner

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.clerk.trust_panel import TrustPanel

LOG = get_logger(__name__)


class StationWindow(Gated, QWidget):
    # Widgets the scan page builds (kiosk.ui.clerk.pages) and the window and its actions use.
    scan_page: QWidget
    prompt: QLabel
    scan_field: ScanField
    banner: QLabel
    detail: QLabel
    message: QLabel
    tree: QTreeWidget
    image_button: QPushButton
    camera_button: QPushButton
    camera_reason: str
    trust_button: QPushButton
    sign_out_button: QPushButton
    receive_button: QPushButton
    reprint_button: QPushButton
    next_button: QPushButton
    json_button: QPushButton
    csv_button: QPushButton
    sjis_button: QPushButton

    def __init__(self, station: st.Station, *, lang: str = "ja", lock_after_seconds: int = 300,
                 max_failures: int = 5, export_dir: Path, municipality: str = "", fullscreen: bool = False,
                 max_session_seconds: int = 12 * 3600, health_probe_seconds: int = 5,
                 staff_call: StaffCallSection | None = None) -> None:
        super().__init__()
        self.station = station
        self.lang = lang
        self.export_dir = Path(export_dir)
        self.municipality = municipality
        self.result: st.ScanResult | None = None
        self.last_export: Path | None = None
        self.last_reprint: Path | None = None
        self._queue: list[str] = []  # scanned strings waiting for the one being checked
        self._scanning = False
        self.generation = 0  # bumped on lock: results of work started before are dropped
        self.health = DatabaseHealth(station.db, health_probe_seconds, self)
        self.health.recovered.connect(self._db_recovered)
        self.setWindowTitle(i18n.plain(i18n.text("clerk.title", "ja")))
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        # Staff calls show on every page, signed in or not: they carry no personal data.
        self.calls = CallsPanel(station.db, station.station_id, self.t, settings=staff_call, parent=self)
        outer.addWidget(self.calls)
        outer.addWidget(self.stack)
        self._build_scan()
        self.gate = SignInGate(station.db, station_id=station.station_id, stack=self.stack, work_page=self.scan_page,
                               title=self.t("clerk.title"), t=self.t, on_signed_in=self._signed_in,
                               on_signed_out=self._signed_out, role="clerk", max_failures=max_failures,
                               lock_after_seconds=lock_after_seconds, max_session_seconds=max_session_seconds,
                               health=self.health, parent=self)
        self.camera_scanner: camera.CameraScanner | None = None
        self.trust_panel: TrustPanel | None = None
        if fullscreen:
            self.showFullScreen()

    # Text ---------------------------------------------------------------------------------
    def t(self, key: str, **params: object) -> str:
        """Japanese first; the interface language on a second line when it differs."""
        return staff_text(key, self.lang, "\n", **params)

    # Pages ----------------------------------------------------------------------------------
    def _build_scan(self) -> None:
        pages.build_scan(self)
        self.show_result(None)

    # Access (the gate signs in and out; the station says what follows) -----------------------
    def _signed_in(self, account: staff.StaffAccount) -> None:
        self.trust_button.setVisible(account.is_admin)
        self.show_result(None)
        self.scan_field.setFocus()

    def error_text(self, error: Exception) -> str:
        if isinstance(error, KioskError):
            return self.t(error.key, **error.params)
        LOG.error("clerk station operation failed: %s", type(error).__name__)
        return self.t("error.generic")

    def _signed_out(self, _reason: str) -> None:
        """Nothing of the last sheet stays on screen; work started before is dropped."""
        self.generation += 1
        self._queue.clear()
        self._stop_camera()
        self.station.cancel_parts()
        if self.trust_panel is not None:
            self.trust_panel.close()
            self.trust_panel = None
        self.trust_button.hide()
        self.show_result(None)
        self.scan_field.clear()

    @property
    def staff_id(self) -> str:
        return self.account.id if self.account else ""

    def open_trust_panel(self) -> TrustPanel | None:
        """The trust list (administrators only); returns the panel (shown non-modally)."""
        if self.account is None or not self.account.is_admin:
            return None
        from kiosk.ui.clerk.trust_panel import TrustPanel

        panel = TrustPanel(self.station.db, actor=self.account.id, t=self.t, local_time=local_time,
                           parent=self, on_unreachable=self.health.lost)
        panel.finished.connect(lambda _code: self.scan_field.setFocus())
        panel.show()
        self.trust_panel = panel
        return panel

    # Scanning -------------------------------------------------------------------------------
    def scanned(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        self.scan_text(text)

    def scan_text(self, text: str) -> None:
        """Checks the string on a worker; strings scanned meanwhile wait their turn, in order."""
        if self.account is None:
            return
        self._queue.append(text)
        if not self._scanning:
            self._next_scan()

    def _next_scan(self) -> None:
        if not self._queue or self.account is None:
            self._scanning = False
            return
        text = self._queue.pop(0)
        staff_id, station = self.staff_id, self.station
        self._start_scan(lambda: station.scan(text, staff_id=staff_id), kept=text)

    def scan_image_file(self, path: str | Path) -> None:
        if self.account is None or self._scanning:
            return
        staff_id, station = self.staff_id, self.station

        def work() -> st.ScanResult:
            try:
                return station.scan_image(str(path), staff_id=staff_id)
            except OSError:
                return st.ScanResult(st.DAMAGED, reason="no_symbol")

        self._start_scan(work, kept="")

    def _start_scan(self, work: Callable[[], st.ScanResult], *, kept: str) -> None:
        self._scanning = True
        self._show_state(CHECKING, self.t("clerk.checking"))
        generation = self.generation
        runner().run(work, lambda result: self._scan_done(generation, result),
                     lambda error: self._scan_failed(generation, kept, error), owner=self)

    def _scan_done(self, generation: int, result: st.ScanResult) -> None:
        if generation != self.generation:  # the screen locked meanwhile: nothing of it is shown
            self._next_scan()
            return
        if result.banner != st.WAITING:
            self.health.answered()
        self.show_result(result)
        if result.reason == "no_symbol":
            self.message.setText(self.t("clerk.image_none"))
        self._next_scan()

    def _scan_failed(self, generation: int, kept: str, error: Exception) -> None:
        if generation != self.generation:
            self._next_scan()
            return
        self._scanning = False
        if isinstance(error, DatabaseUnreachable):
            self._queue.clear()
            self.show_unreachable(kept)
            return
        self.show_result(None)
        self.message.setText(self.error_text(error))
        self._next_scan()

    def pick_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.t("clerk.open_image"), "", "Images (*.png *.jpg *.jpeg *.bmp)")
        if path:
            self.scan_image_file(path)
        self.scan_field.setFocus()

    def toggle_camera(self) -> None:
        if self.camera_scanner is not None:
            self._stop_camera()
            return
        scanner = camera.CameraScanner(self.scan_text, self)
        scanner.start()
        self.camera_scanner = scanner

    def _stop_camera(self) -> None:
        if self.camera_scanner is not None:
            self.camera_scanner.stop()
            self.camera_scanner.deleteLater()
            self.camera_scanner = None

    # Showing ---------------------------------------------------------------------------------
    def _show_state(self, state: str, text: str, detail: str = "") -> None:
        """A banner that is no verdict (checking, database unreachable): no sheet, no actions."""
        self.result = None
        self.tree.clear()
        self.message.clear()
        self._paint_banner(state, text)
        self.detail.setText(detail)
        for b in (self.receive_button, self.json_button, self.csv_button, self.sjis_button, self.reprint_button):
            b.setEnabled(False)

    def _paint_banner(self, state: str, text: str) -> None:
        bg, fg = COLOURS.get(state, COLOURS[""])
        self.banner.setProperty("verdict", state)
        self.banner.setStyleSheet(f"background:{bg}; color:{fg}; padding:12px;")
        self.banner.setText(text)

    def show_unreachable(self, kept: str) -> None:
        """The database did not answer: say so, show nothing of any sheet, keep the code."""
        self.health.lost()
        self._show_state(DB_UNREACHABLE, self.t("clerk.db_unreachable"), self.t("clerk.db_unreachable_detail"))
        if kept:
            self.scan_field.setText(kept)
        self.scan_field.setFocus()

    @property
    def database_unreachable(self) -> bool:
        return self.banner.property("verdict") == DB_UNREACHABLE

    def _db_recovered(self) -> None:
        if self.database_unreachable:
            self._show_state("", "")
            self.message.setText(self.t("clerk.db_recovered"))

    def show_result(self, result: st.ScanResult | None) -> None:
        self.result = result if (result is None or result.banner != st.WAITING) else None
        self.tree.clear()
        self.message.clear()
        self._paint_banner(result.banner if result else "", self._banner_text(result))
        self.detail.setText(self._detail_text(result))
        record = result.record if result is not None and result.shows_data else None
        if record is not None:
            self._fill_record(record)
        self.receive_button.setEnabled(record is not None and record.received_at is None)
        for b in (self.json_button, self.csv_button, self.sjis_button):
            b.setEnabled(record is not None and record.received_at is not None)
        self.reprint_button.setEnabled(record is not None and record.form is not None)
        if result is not None and result.restarted:
            self.message.setText(self.t("clerk.parts_restarted"))

    def _banner_text(self, result: st.ScanResult | None) -> str:
        if result is None:
            return ""
        if result.banner == st.WAITING:
            return self.t("clerk.parts_progress", have=result.have, need=result.need)
        return self.t(f"clerk.verdict_{result.banner}")

    def _detail_text(self, result: st.ScanResult | None) -> str:
        if result is None or result.banner == st.WAITING:
            return ""
        v = result.verdict
        if result.banner == st.AUTHENTIC:
            return self.t("clerk.verdict_authentic_detail", kiosk=v.kiosk_id, issued=local_time(v.issued_at))
        if result.banner == st.EXPIRED:
            return self.t("clerk.verdict_expired_detail", kiosk=v.kiosk_id, issued=local_time(v.issued_at),
                          expires=local_time(v.expires_at))
        if result.banner == st.ALREADY_USED:
            return self.t("clerk.verdict_already_used_detail", when=local_time(v.when), where=v.where or "—")
        if result.banner == st.UNKNOWN_KEY:
            return self.t("clerk.verdict_unknown_key_detail", kid=v.kid, reason=v.reason)
        return self.t("clerk.verdict_damaged_detail", reason=result.reason or "unreadable")

    def _fill_record(self, record: records.SheetRecord) -> None:
        if record.form is None:
            self.message.setText(self.t("clerk.no_form", form_id=record.form_id))
        if record.confirm_my_number:
            self.detail.setText(self.detail.text() + "\n" + self.t("clerk.confirm_my_number"))
        for section in records.sections(record, "ja"):
            top = QTreeWidgetItem([section.title, ""])
            self.tree.addTopLevelItem(top)
            for row in section.rows:
                top.addChild(QTreeWidgetItem([row.label, row.text]))
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)

    def shown_rows(self) -> list[tuple[str, str]]:
        """(label, text) of every displayed field, in order."""
        out: list[tuple[str, str]] = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            children = [top.child(j) for j in range(top.childCount())] if top is not None else []
            out += [(child.text(0), child.text(1)) for child in children if child is not None]
        return out

    # Receiving and handing over ------------------------------------------------------------------
    def receive(self) -> None:
        actions.receive(self)

    def export(self, fmt: str, encoding: str = "utf-8") -> None:
        """Writes the export on a worker; the path is shown (and kept in ``last_export``)."""
        actions.export(self, fmt, encoding)

    def reprint(self) -> None:
        """Renders the sheet again on a worker; the path is shown (and kept in ``last_reprint``)."""
        actions.reprint(self)

    def next_sheet(self) -> None:
        self.station.cancel_parts()
        self.show_result(None)
        self.scan_field.clear()
        self.scan_field.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.health.stop()
        self.calls.stop()
        self.gate.sign_out("closed")
        self.gate.stop()
        super().closeEvent(event)
