"""The end of a resident's session and the start of the next in the kiosk window: the metrics
stored, every screen and the clipboard cleared (PRIV-08), the database and a newly published
catalogue loaded off the GUI thread, then the sheet renderer warmed up; the kiosk's health (its
printer, free disk and clock: kiosk.ui.health_watch) checked when the database is ready and at
each session end, as well as every minute (REL-10, REL-11). A base of
:class:`kiosk.ui.window.KioskWindow`, which sets what is declared here."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from kiosk.errors import DatabaseDamaged, DiskFull, KioskError
from kiosk.journey import Ending, Screen
from kiosk.log import get_logger
from kiosk.memory import trim_heap
from kiosk.metrics import SessionRecord, store
from kiosk.ports import CataloguePort, OutputPort, StoragePort
from kiosk.ui.base import ScreenBase
from kiosk.ui.health_watch import HealthWatch
from kiosk.ui.lockdown import clear_clipboard
from kiosk.ui.operations import runner
from kiosk.ui.output import Output
from kiosk.ui.window_bar import WindowBar

if TYPE_CHECKING:
    from kiosk.ui.card_worker import CardPort
    from kiosk.ui.out_of_service import OutOfServiceScreen

LOG = get_logger("kiosk.ui.window")


class WindowSession(WindowBar):
    """Session end and start of the resident window."""

    database: StoragePort | None
    output: OutputPort | None
    card_worker: CardPort | None
    catalogue_source: Callable[[], CataloguePort | None] | None
    ended_records: deque[SessionRecord]
    health: HealthWatch
    screens: dict[Screen, ScreenBase]
    halted: OutOfServiceScreen | None
    _warmed: bool

    def _reset_screens(self) -> None:
        """Every screen forgets the resident (PRIV-08): cheaply where it can clear itself, else it
        is destroyed and built again when next needed."""
        for key, widget in list(self.screens.items()):
            if widget.reset():
                continue
            del self.screens[key]
            self.stack.removeWidget(widget)
            widget.hide()
            widget.deleteLater()  # not setParent(None): a top-level detour re-polishes every child

    def _session_ended(self, how: Ending) -> None:
        record = self.recorder.finish_session(self.journey.session, how.value, self.journey.visit_seconds())
        self.ended_records.append(record)
        database = self.database
        if database is not None:
            runner().run(lambda: store(database, record), owner=self)
        self.health.check()
        if self.card_worker is not None:
            self.card_worker.cancel()
        self.staff_caller.forget()
        if self.catalogue_source is not None:
            self.journey.hold_start()
        QTimer.singleShot(0, self._reset_after_end)

    def _reset_after_end(self) -> None:
        """No widget keeps resident data (PRIV-08); the next session's catalogue loads off the
        GUI thread while the language screen says so."""
        self.close_overlay(show=False)
        clear_clipboard()  # both the clipboard and the X11 selection
        self._reset_screens()
        if self.large_button.isChecked():
            self.large_button.setChecked(False)
        if self.contrast_button.isChecked():
            self.contrast_button.setChecked(False)
        if self.catalogue_source is not None:
            self._load_catalogue()
        self.show_current()
        # The heap's free pages back to the system once the next session's start is done with
        # (speech mode's samples left steps of 10–60 MB in the resident set otherwise).
        runner().run_later(trim_heap, _trimmed, owner=self)

    def _database_ready(self, database: StoragePort | None) -> None:
        self.database = database
        self.health.check()
        if isinstance(self.output, Output):
            self.output.database = database  # issued sheets are recorded from now on
        if self.journey.catalogue is None and self.catalogue_source is not None:
            self._load_catalogue()
        else:
            self.journey.ready(None)
            self._warm_up()

    def _database_failed(self, error: Exception) -> None:
        if isinstance(error, DatabaseDamaged):  # REL-09: fail closed, no journey on a damaged file
            self.out_of_service(error)
            return
        LOG.warning("database not available: %s", type(error).__name__)
        self._database_ready(None)

    def out_of_service(self, error: KioskError) -> None:
        """No resident's journey starts (the next session stays held); the out-of-service screen
        (kiosk.ui.out_of_service) shows instead, in the kiosk's language, the reason for staff
        by its message key, and the staff exit."""
        from kiosk.ui.out_of_service import OutOfServiceScreen

        LOG.error("out of service: %s", error.key)
        self.journey.suspend()
        self.close_overlay(show=False)
        self.halted = OutOfServiceScreen(self._window, error)
        self.stack.addWidget(self.halted)
        self.show_current()

    def _room_checked(self, full: DiskFull | None) -> None:
        """REL-12: a place the kiosk writes has less than ``disk_refuse_mb`` free: out of service
        once no resident is using the kiosk (a session in progress goes on; its end checks again);
        room again: back to the language screen. Only a halt for room is lifted so."""
        halted = self.halted
        for_room = halted is not None and isinstance(halted.error, DiskFull)
        if full is not None and halted is None and self.journey.screen is Screen.LANGUAGE:
            self.out_of_service(full)
        elif full is not None and for_room and halted is not None:
            halted.error = full  # the figures staff read, as they are now
            halted.refresh()
        elif full is None and for_room:
            self.back_in_service()

    def back_in_service(self) -> None:
        screen, self.halted = self.halted, None
        if screen is not None:
            self.stack.removeWidget(screen)
            screen.hide()
            screen.deleteLater()
        LOG.info("back in service")
        self.journey.resume()
        self.show_current()

    def _load_catalogue(self) -> None:
        """Pick up a newly published catalogue for the next session (never mid-session). An
        invalid one (the source gives None) or a failure keeps the catalogue in use."""
        source = self.catalogue_source
        if source is None:
            return
        self.journey.hold_start()
        runner().run(source, self._catalogue_loaded, self._catalogue_failed, owner=self)

    def _catalogue_loaded(self, port: CataloguePort | None) -> None:
        if port is not None and isinstance(self.output, Output):
            self.output.catalogue = port.catalogue
        if port is None:
            LOG.warning("new catalogue refused: the one in use is kept")
        self.journey.ready(port)
        self._warm_up()

    def _warm_up(self) -> None:
        """Once, when the kiosk is up: load the sheet renderer off the GUI thread, so that the
        first resident's confirm → result does not pay for it."""
        if self._warmed or not isinstance(self.output, Output):
            return
        self._warmed = True
        self.speech.warm_up()  # Open JTalk loaded and the first screen's speech made, off the GUI thread
        output = self.output
        runner().run(lambda: _warm_up(output), None,
                     lambda error: LOG.warning("renderer warm-up failed: %s", type(error).__name__), owner=self)

    def _catalogue_failed(self, error: Exception) -> None:
        LOG.error("catalogue reload failed: %s", type(error).__name__)
        self.journey.ready(None)
        self._warm_up()

    def end_session(self, how: Ending = Ending.CANCELLED) -> None:
        self.journey.end(how)


def _trimmed(seconds: float | None) -> None:
    if seconds is not None:
        LOG.info("heap trimmed in %.0f ms", seconds * 1000)


def _warm_up(output: Output) -> None:
    """Worker side of the start-up warm-up: the later screens' modules (imported here rather than
    on the GUI thread when the first resident reaches them), then the renderer and the key."""
    from kiosk.catalogue.types.textual import warm_up_numbering_plan
    from kiosk.ui import card_screen, finish, review

    del card_screen, review
    warm_up_numbering_plan()  # phone numbers are shown grouped on the review
    finish.warm_up(output)
