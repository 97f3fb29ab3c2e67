"""``kiosk counter`` put together: one controller, the clerk's window, the resident's window on
the second screen (``QGuiApplication.screens()[1]``) or, with one screen, both side by side in
one window; the card worker; resume codes; printing through the kiosk's own Output and CUPS queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QSplitter, QWidget

from kiosk import town_areas
from kiosk.catalogue.types.textual import warm_up_numbering_plan
from kiosk.counter import CounterController, CounterState, DatabaseLedger, MemoryLedger, ReceivedSheet
from kiosk.counter.figures import CounterFigures
from kiosk.errors import KioskError
from kiosk.journey import CataloguePort, Ending, Screen
from kiosk.kanji import load_index
from kiosk.ks1.trust import TrustStore
from kiosk.log import get_logger
from kiosk.metrics import SessionRecord, store
from kiosk.ui.counter.card_link import CardLink
from kiosk.ui.counter.clerk_window import ClerkWindow
from kiosk.ui.counter.held_pad import HeldPinPad
from kiosk.ui.counter.resident_window import ResidentWindow
from kiosk.ui.lockdown import clear_clipboard
from kiosk.ui.operations import runner
from kiosk.ui.output import Output, Produced, SessionSnapshot

LOG = get_logger(__name__)
SCREEN_SIZE = (1920, 1080)


@dataclass
class Counter:
    controller: CounterController
    clerk: ClerkWindow
    resident: ResidentWindow
    card: CardLink
    output: Output | None
    trust: TrustStore | None
    issuer: int | None
    db: Any = None
    split: QSplitter | None = None  # one screen: both windows side by side in this one
    worker: Any = None
    produced: Produced | None = None
    print_state: str = ""
    counting: InputCount | None = None  # the keys and touches counted for the figures
    held: HeldPinPad | None = None  # the PIN pad the resident holds (counter.pin_pad)
    _memory: MemoryLedger = field(default_factory=MemoryLedger)

    # Resume ----------------------------------------------------------------------------------
    def resume(self, text: str) -> None:
        if self.trust is None:
            return
        staff_id = self.clerk.account.id if self.clerk.account is not None else None
        ledger = DatabaseLedger(self.db, counter_id=self.controller.counter_id, staff_id=staff_id) \
            if self.db is not None else self._memory
        self.controller.resume(text, trust=self.trust, claim=ledger.claim, issuer=self.issuer)

    # Printing: the kiosk's own path (sign, lay out, CUPS), off the GUI thread ------------------------
    def print_sheets(self) -> None:
        output = self.output
        if output is None:
            self.print_state = "no_printer"
            self._not_printed()
            return
        snapshot = SessionSnapshot.of(self.controller.session)
        forms = self.controller.journey.forms()
        self.print_state = "rendering"

        def work() -> tuple[Produced, list[int]]:
            produced = output.produce(snapshot, forms, received_at=self.controller.counter_id)
            return produced, output.submit(produced)

        runner().run(work, self._printed, self._print_failed, owner=self.clerk)

    def _printed(self, result: tuple[Produced, list[int]]) -> None:
        self.produced, _jobs = result
        self.print_state = "done"
        self.resident.show_route(self.produced.route)  # the counters to visit, as the guide slip lists them
        form_ids = [form_id for form_id, _pdf in self.produced.sheets]
        self.controller.bundle_received([ReceivedSheet(f, s) for f, s in zip(form_ids, self.produced.sheet_ids,
                                                                             strict=False)])
        if self.controller.journey.screen is Screen.RESULT:
            self.clerk.show_printed(form_ids, list(self.produced.route))  # form, division, waiting number

    def _print_failed(self, error: Exception) -> None:
        LOG.warning("counter printing failed: %s", type(error).__name__)
        self.print_state = error.key if isinstance(error, KioskError) else "resident.print_failed"
        self.clerk.message.setText(self.clerk.t(self.print_state))  # typed message, never a traceback
        self._not_printed()

    def _not_printed(self) -> None:
        """The result lists the sheets the resident needs, as not printed."""
        if self.controller.journey.screen is Screen.RESULT:
            self.clerk.show_printed([form.id for form in self.controller.journey.forms()], [], "counter.not_printed")

    def counter_changed(self, state: CounterState) -> None:
        """A new resident (or none): the last one's PDFs are dropped from memory (PRIV-08)."""
        if state.screen is Screen.LANGUAGE and self.produced is not None:
            self.produced.wipe()
            self.produced, self.print_state = None, ""

    def shutdown(self) -> None:
        """Closing the counter ends the resident's session: everything of theirs is wiped."""
        self.controller.journey.end(Ending.STAFF)
        if self.counting is not None:
            self.counting.stop()
        if self.held is not None:
            self.held.close("shutdown")
        self.clerk.gate.stop()
        if self.produced is not None:
            self.produced.wipe()
        if self.worker is not None:
            self.worker.stop()
        for widget in (self.split, self.clerk, self.resident):
            if widget is not None:
                widget.close()


class InputCount(QObject):
    """Counts for the figures (:class:`kiosk.counter.figures.CounterFigures`) each key the clerk
    presses on their window while signed in (modifiers alone and repeats not, a shortcut once: a
    key as the benchmark counts one) and each touch of a button on the resident's window."""

    MODIFIERS = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta)
    WATCHED = frozenset((QEvent.Type.Shortcut, QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
                         QEvent.Type.MouseButtonRelease))

    def __init__(self, figures: CounterFigures, clerk: ClerkWindow, resident: ResidentWindow) -> None:
        super().__init__(clerk)
        self.figures, self.clerk, self.resident = figures, clerk, resident
        self._down: set[int] = set()  # keys pressed and not yet released, in this turn of the event loop
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()  # every event of the process comes here: the others leave at once
        if kind not in self.WATCHED:
            return False
        if kind is QEvent.Type.Shortcut and isinstance(watched, QShortcut):  # Ctrl+Enter: no key press follows
            parent = watched.parent()
            if isinstance(parent, QWidget) and parent.window() is self.clerk:
                self.figures.key()
            return False
        if not isinstance(watched, QWidget):
            return False
        if isinstance(event, QKeyEvent) and not event.isAutoRepeat() and event.key() not in self.MODIFIERS:
            if kind is QEvent.Type.KeyRelease:
                self._down.discard(event.key())
            elif kind is QEvent.Type.KeyPress and watched is QApplication.focusWidget() \
                    and watched.window() is self.clerk and self.clerk.stack.currentWidget() is self.clerk.work_page:
                if event.key() not in self._down:  # else the press a table hands on to the editor it opened
                    self.figures.key()
                if not self._down:  # what is held is forgotten once the event loop goes round (a release lost)
                    QTimer.singleShot(0, self._down.clear)
                self._down.add(event.key())
        elif kind is QEvent.Type.MouseButtonRelease and isinstance(watched, QAbstractButton) \
                and watched.window() is self.resident:
            self.figures.touch()
        return False

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def place(counter: Counter) -> None:
    """The resident's window on the second screen when there is one; else side by side."""
    screens = QApplication.screens()
    if len(screens) >= 2:
        for window, screen in ((counter.resident, screens[1]), (counter.clerk, screens[0])):
            window.setScreen(screen)
            window.move(screen.geometry().topLeft())
            window.resize(*SCREEN_SIZE)
            window.show()
        counter.clerk.activateWindow()  # the keyboard belongs to the clerk
        return
    split = QSplitter()
    split.addWidget(counter.clerk)
    split.addWidget(counter.resident)
    split.resize(*SCREEN_SIZE)
    split.show()
    counter.split = split


def build(catalogue: CataloguePort, *, output: Output | None = None, trust: TrustStore | None = None,
          issuer: int | None = None, db: Any = None, worker: Any = None, counter_id: str = "counter",
          municipality: str = "", max_failures: int = 5, lock_after_seconds: float = 900,
          postal_areas: str = "", lang: str = "ja", pin_pad: str = "off") -> Counter:
    """The counter; ``lang``: the clerk's window's language (the resident's window follows the
    resident's); ``pin_pad``: the PIN pad the resident holds (``counter.pin_pad``)."""
    controller = CounterController.create(catalogue, counter_id=counter_id)
    controller.postal_areas = postal_areas
    if postal_areas:  # read off the GUI thread now: the postal cell takes an area's name (review_table)
        runner().run(lambda: town_areas.load_areas(postal_areas))  # missing data: the cell takes digits only
    runner().run(load_index)  # the kanji a name typed in romaji is offered in (household_table)
    runner().run(warm_up_numbering_plan)  # phone numbers are shown grouped on review
    holder: list[Counter] = []
    clerk = ClerkWindow(controller, db=db, station_id=counter_id, max_failures=max_failures,
                        lock_after_seconds=lock_after_seconds, lang=lang,
                        on_resume=lambda text: holder[0].resume(text), on_print=lambda: holder[0].print_sheets())
    resident = ResidentWindow(controller, municipality=municipality)
    clerk.on_staffed = resident.set_staffed  # the resident chooses their language once a clerk is there
    link = CardLink(controller, worker, resident.pin)

    def keep(record: SessionRecord) -> None:
        if db is not None:
            runner().run(lambda: store(db, record))

    figures = CounterFigures(controller.journey, counter_id, keep)
    link.outcome = figures.card_outcome
    counting = InputCount(figures, clerk, resident)
    held = HeldPinPad(controller, resident.pin, pin_pad, resident) if pin_pad != "off" else None
    counter = Counter(controller, clerk, resident, link, output, trust, issuer, db=db, worker=worker, counting=counting,
                      held=held)
    holder.append(counter)
    controller.add_view(counter)
    # PRIV-08: nothing copied before the start or during a resident's session is left for the next one.
    clear_clipboard()
    controller.journey.on_end.append(lambda _how: clear_clipboard())
    place(counter)
    return counter


def from_config(config: Any, *, printer: bool = True, card: bool = True, lang: str = "ja") -> Counter:
    """The counter as ``kiosk counter`` starts it: the town's catalogue, key, queue, database;
    the clerk's window in ``lang`` (``--lang``)."""
    from kiosk.ks1 import DatabaseTrustStore
    from kiosk.ui import app

    db = app.make_database(config)
    port = app.load_catalogue_port(config, db)
    if port is None:
        raise KioskError("catalogue not loaded", key="error.catalogue")
    output = app.make_output(config, port, printer=printer, database=db)
    worker = None
    if card:
        from kiosk.ui.card_worker import CardReader

        worker = CardReader.from_config(config)
    return build(port, output=output, trust=DatabaseTrustStore(db) if db is not None else None,
                 issuer=config.municipality.code, db=db, worker=worker,
                 counter_id=f"counter:{config.clerk.station_id}", municipality=config.municipality.name,
                 max_failures=config.clerk.max_sign_in_failures, lock_after_seconds=config.clerk.lock_after_seconds,
                 postal_areas=config.municipality.postal_areas, lang=lang, pin_pad=config.counter.pin_pad)


def application() -> QApplication:
    from kiosk.ui.app import application as kiosk_application

    return kiosk_application()

