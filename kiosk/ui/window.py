"""The kiosk window: a top bar present on every screen (back, language, large text, high
contrast, call staff; kiosk.ui.window_bar), the screen stack, the idle-timeout warning, the
session's end and the next one's start (kiosk.ui.window_session), and the staff exit."""

from __future__ import annotations

import hmac
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QResizeEvent,
    QScreen,
    QWindow,
    QWindowStateChangeEvent,
)
from PySide6.QtWidgets import (
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import Config
from kiosk.idle import IdleTimer
from kiosk.journey import Ending, Journey, Screen
from kiosk.log import get_logger
from kiosk.metrics import MetricsRecorder, SessionRecord
from kiosk.ports import CataloguePort, Clock, OutputPort, StoragePort
from kiosk.session import ResidentSession
from kiosk.ui import access, focus, theme
from kiosk.ui.base import ScreenBase, compact, compact_style
from kiosk.ui.health_watch import HealthWatch
from kiosk.ui.lockdown import Lockdown
from kiosk.ui.operations import runner
from kiosk.ui.output import Output
from kiosk.ui.staff_call import StaffCaller
from kiosk.ui.staff_panel import StaffPanel
from kiosk.ui.widgets import application
from kiosk.ui.window_session import WindowSession

if TYPE_CHECKING:
    from kiosk.card.transport import CardChannel
    from kiosk.health import PrinterPort
    from kiosk.ui.card_worker import CardPort, CardSession
    from kiosk.ui.out_of_service import OutOfServiceScreen

LOG = get_logger(__name__)
SHARED_PIN_TRIES = 5  # wrong shared staff PINs in a row before the shared PIN is refused for a while
SHARED_PIN_LOCK_SECONDS = 300.0


class KioskWindow(WindowSession):
    """Renders the journey. Its ports (:mod:`kiosk.ports`): ``catalogue`` what the journey reads
    (None: no questions), ``output`` renders and prints the sheets, ``database`` stores the end of
    each session, ``clock`` drives the idle timeout; ``card_worker`` is the card reader's port
    (:class:`kiosk.ui.card_worker.CardPort`). The top bar, its overlays and the idle warning are
    :class:`kiosk.ui.window_bar.WindowBar`'s; the session's end and the next one's start
    :class:`kiosk.ui.window_session.WindowSession`'s."""

    def __init__(self, config: Config | None = None, *, catalogue: CataloguePort | None = None,
                 card_worker: CardPort | None = None, output: OutputPort | None = None,
                 database: StoragePort | None = None, clock: Clock | None = None,
                 dpi: float | None = None,
                 catalogue_source: Callable[[], CataloguePort | None] | None = None,
                 database_source: Callable[[], StoragePort | None] | None = None) -> None:
        super().__init__()
        self.setObjectName("KioskRoot")
        self.config = config or Config()
        self.database = database
        self.output = output
        # Called at every session start: kiosks pick up a newly published catalogue then, never mid-session.
        self.catalogue_source = catalogue_source
        self.card_worker = card_worker
        self.large_text = False
        self.theme_name = "normal"
        self.dpi = dpi or theme.screen_dpi(self)
        self.metrics_px = theme.Metrics(self.dpi)
        session = ResidentSession(self.config.kiosk.default_language)
        clock = clock or time.monotonic
        self.journey = Journey(session, catalogue, idle=IdleTimer.from_config(self.config.session, clock), clock=clock)
        self.recorder = MetricsRecorder(self.config.kiosk.id)
        self.journey.listeners.append(lambda _j: self.show_current())
        self.journey.on_end.append(self._session_ended)
        self.staff_caller = StaffCaller(self.config.kiosk.id, lambda: self.database,
                                        poll_seconds=self.config.staff_call.poll_seconds, parent=self)
        self.staff_caller.changed.connect(self.show_current)
        self.health = HealthWatch(self.config, lambda: self.database, self._printer, parent=self,
                                  on_room=self._room_checked)
        self.staff_exit_allowed = False
        self._shared_pin_failures = 0
        self._shared_pin_locked_until = 0.0  # on the journey's clock
        # The latest sessions' records (tests and the demo read the last); bounded for a day's uptime.
        self.ended_records: deque[SessionRecord] = deque(maxlen=10)

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.top = self._top_bar()
        # The bar takes the rows its labels need (kiosk.ui.flow); the page body below scrolls instead.
        self.top.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        root.addWidget(self.top)
        self.warning = self._warning_bar()
        root.addWidget(self.warning)
        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        self._warmed = False
        self.screens: dict[Screen, ScreenBase] = {}  # built when first needed, then kept
        self.overlay: ScreenBase | StaffPanel | None = None
        self.halted: OutOfServiceScreen | None = None  # the out-of-service screen, shown instead of any other
        self._focus_place: tuple[int, Screen, object] | None = None  # what the focus was placed for
        self.apply_style()
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        application().installEventFilter(self)
        # Installed after this window's own filter, so asked first: no context menu, clipboard or
        # system key reaches the resident's widgets (SEC-01, kiosk.ui.lockdown).
        self.lockdown = Lockdown(self)
        if database is None and database_source is not None:
            # Made off the GUI thread (importing SQLAlchemy alone outlasts many frames), then the
            # catalogue; started once the first screen is drawn, so as not to compete with drawing it.
            self.journey.hold_start()
            def open_database() -> None:
                runner().run(database_source, self._database_ready, self._database_failed, owner=self)

            runner().after_paint(open_database, owner=self)
        elif catalogue is None and catalogue_source is not None:
            self.journey.hold_start()  # the language screen waits for it, loaded off the GUI thread
            runner().after_paint(self._load_catalogue, owner=self)
        else:
            runner().after_paint(self._warm_up, owner=self)
        self.show_current()

    # Building -----------------------------------------------------------------------------
    def screen_for(self, key: Screen) -> ScreenBase:
        """The widget of ``key``, built the first time it is shown and kept across sessions."""
        widget = self.screens.get(key)
        if widget is None:
            widget = _screen_class(key)(self)
            self.screens[key] = widget
            self.stack.addWidget(widget)
        return widget

    # Rendering ----------------------------------------------------------------------------
    def _printer(self) -> PrinterPort | None:
        """The printer the health checks ask (REL-10): the output's queue, when the kiosk prints."""
        return self.output.queue if isinstance(self.output, Output) else None

    def current_screen(self) -> ScreenBase | StaffPanel:
        return self.halted or self.overlay or self.screen_for(self.journey.screen)

    def show_current(self) -> None:
        screen = self.current_screen()
        self.retranslate_bar()
        self.top.setHidden(self.halted is not None)  # out of service: nothing to call, switch or go back to
        screen.refresh()
        self.stack.setCurrentWidget(screen)
        access.describe((self.top, self.warning, screen), self, self.lang)  # A11Y-15
        for widget in (screen, *screen.findChildren(QWidget)):  # nested pads and panels too
            layout = widget.layout()
            if layout is not None:  # before its first layout pass: targets ≥ 2 mm apart (A11Y-01)
                access.space_out(layout, self.metrics_px.spacing)
        place = (id(screen), self.journey.screen, self.journey.detail)
        self.place_focus(screen, moved=place != self._focus_place)
        self._focus_place = place
        self.speech.screen_changed()

    def place_focus(self, screen: ScreenBase | StaffPanel, *, moved: bool) -> None:
        """Focus on the screen's next thing to do (:func:`kiosk.ui.focus.place`)."""
        focus.place(screen, self.top, moved=moved)

    def apply_style(self) -> None:
        self.metrics_px = theme.Metrics(self.dpi, self.large_text)
        # The size class (kiosk.ui.base) styled for; a window not sized yet is not compact.
        self._compact_style = self.testAttribute(Qt.WidgetAttribute.WA_Resized) and compact(self.size())
        extra = compact_style(self.metrics_px) if self._compact_style else ""
        self.setStyleSheet(theme.stylesheet(self.theme_name, self.metrics_px) + extra)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if compact(self.size()) != self._compact_style:
            self.apply_style()  # a new size class: its style

    def restyle(self, widget: QWidget) -> None:
        """Re-polish ``widget`` and its children after dynamic properties changed ("selected",
        "primary"). Done by touching its own style sheet: QStyle.unpolish/polish from Python
        corrupts reference counts in PySide6 6.x."""
        sheet = widget.styleSheet()
        widget.setStyleSheet(sheet[:-1] if sheet.endswith(" ") else sheet + " ")

    # Input ----------------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin):
            self.journey.idle.touch()
            if kind == QEvent.Type.KeyPress and not self._own(obj):
                return False  # typed elsewhere (the workbench around a form preview): not the resident's
            if kind == QEvent.Type.KeyPress and self.speech.key_pressed(event):
                return True  # * turns speech on/off; with it on, 1–9 choose, arrows speak, 0 reads the review
            if (kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                    and focus.arrow(self, (self.top, self.warning, self.current_screen()), obj, int(event.key()))):
                return True  # arrows cross the screen's buttons by rows and columns (A11Y-10)
        elif kind == QEvent.Type.FocusIn and isinstance(obj, QWidget) and self.isAncestorOf(obj):
            focus.reveal(obj)  # however the focus came (Tab from the top bar, arrows): never out of sight
        elif kind == QEvent.Type.Show and isinstance(obj, QWidget) and self.isAncestorOf(obj):
            # Built or shown after the screen was drawn: described (A11Y-15), targets kept apart (A11Y-01).
            if access.is_interactive(obj):
                access.describe_one(obj, self.lang)
            layout = obj.layout()
            if layout is not None:
                access.space_out(layout, self.metrics_px.spacing)
        return False

    def _own(self, obj: QObject) -> bool:
        """``obj`` is this window, one of its widgets or, when it is a window of its own, its
        platform window (a key is sent there before it reaches the focused widget)."""
        if isinstance(obj, QWidget):
            return obj is self or self.isAncestorOf(obj)
        return isinstance(obj, QWindow) and obj is self.windowHandle()

    # Full screen ----------------------------------------------------------------------------
    def fill_screen(self, screen: QScreen | None = None) -> None:
        """Full screen that does not depend on a window manager: the window takes the screen's
        available geometry and is held to it, so that a tall page scrolls inside the window
        rather than growing it past the bottom edge."""
        target = screen or self.screen() or QGuiApplication.primaryScreen()
        area = target.availableGeometry()
        self.setFixedSize(area.size())
        self.setGeometry(area)
        self.showFullScreen()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """A full-screen kiosk put out of full screen or minimised by anything but the staff exit
        (a window manager acting on a key it grabbed) goes back to full screen (SEC-01)."""
        super().changeEvent(event)
        if (isinstance(event, QWindowStateChangeEvent) and event.oldState() & Qt.WindowState.WindowFullScreen
                and not self.isFullScreen() and self.config.kiosk.fullscreen and not self.staff_exit_allowed):
            QTimer.singleShot(0, self._back_to_full_screen)

    def _back_to_full_screen(self) -> None:
        if not self.staff_exit_allowed and not self.isFullScreen():
            LOG.warning("kiosk window left full screen: back to full screen")
            self.showFullScreen()

    # Staff exit -----------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.config.kiosk.fullscreen and not self.staff_exit_allowed:
            event.ignore()  # Alt+F4 and friends do not leave the kiosk (SEC-01)
            return
        application().removeEventFilter(self)
        self.lockdown.stop()
        self.speech.window_closed()
        self.timer.stop()
        self.health.stop()
        super().closeEvent(event)

    def staff_exit(self, pin: str) -> bool:
        """Leave the kiosk for maintenance with the shared staff PIN (``kiosk.staff_pin``), an
        installation's fallback to staff cards: none set, none accepted. Each try is audited
        (SEC-09; the staff card's tries are audited by kiosk.staff_card)."""
        configured = self.config.kiosk.staff_pin
        if self.shared_pin_locked():
            accepted, reason = False, "locked"  # not even compared: guessing waits
        else:
            accepted = bool(configured) and hmac.compare_digest(pin.encode(), configured.encode())
            reason = "ok" if accepted else "wrong_pin" if configured else "disabled"
            self._shared_pin_failures = 0 if accepted else self._shared_pin_failures + 1
            if self._shared_pin_failures >= SHARED_PIN_TRIES:
                self._shared_pin_failures = 0
                self._shared_pin_locked_until = self.journey.clock() + SHARED_PIN_LOCK_SECONDS
        self._audit_staff_exit({"accepted": accepted, "method": "pin", "reason": reason})
        if not accepted:
            LOG.warning("staff exit refused (%s)", reason)
            return False
        self.leave_for_maintenance()
        return True

    def shared_pin_locked(self) -> bool:
        """After SHARED_PIN_TRIES wrong shared PINs in a row, none is taken for SHARED_PIN_LOCK_SECONDS."""
        return self.journey.clock() < self._shared_pin_locked_until

    def leave_for_maintenance(self) -> None:
        """A staff credential was accepted: the session ends (Ending.STAFF) and the window closes."""
        LOG.info("staff exit")
        self.staff_exit_allowed = True
        self.journey.end(Ending.STAFF)
        self.close()

    def staff_card_session(self, channel: CardChannel) -> CardSession:
        """The card session of the staff exit, made on the card reader's thread: the staff card
        on the reader checked against the enrolled ones (kiosk.staff_card, imported only then)."""
        from kiosk.staff_card import EntryCheck

        if self.database is None:
            raise RuntimeError("the staff card needs the database")
        return EntryCheck(self.database, channel, kiosk_id=self.config.kiosk.id)

    def release_card_reader(self) -> None:
        """The staff exit takes the card reader: the resident's card screen lets it go and starts
        over (the card placed again, its tries read again) when it is shown next."""
        screen = self.screens.get(Screen.CARD)
        if screen is not None:
            release = getattr(screen, "release_reader", None)
            if release is not None:
                release()

    def _audit_staff_exit(self, details: dict[str, object]) -> None:
        """The audit entry ``kiosk.staff_exit`` of the shared PIN (kiosk id, accepted or not, the
        reason code; never the PIN typed), written off the GUI thread; without a database only the
        log has it."""
        database, kiosk_id = self.database, self.config.kiosk.id
        if database is None:
            return

        def write() -> None:
            from kiosk.storage import audit  # SQLAlchemy: not imported before the kiosk's first screen

            with database.session() as s:
                audit.append(s, kiosk_id, "kiosk.staff_exit", kiosk_id, details)

        runner().run(write, None, lambda exc: LOG.warning("staff exit not audited: %s", type(exc).__name__),
                     owner=self)


def _screen_class(key: Screen) -> type[ScreenBase]:
    """The widget class of ``key``, its module imported only when that screen is first shown:
    showing the language screen at start-up does not import the review (and with it the sheet
    renderer), the card screen or the result screen."""
    if key is Screen.CARD:
        from kiosk.ui.card_screen import CardScreen

        return CardScreen
    if key is Screen.REVIEW:
        from kiosk.ui.review import ReviewScreen

        return ReviewScreen
    if key in (Screen.CONFIRM, Screen.RESULT):
        from kiosk.ui.finish import ConfirmScreen, ResultScreen

        return ConfirmScreen if key is Screen.CONFIRM else ResultScreen
    from kiosk.ui.language_screen import LanguageScreen
    from kiosk.ui.members import MembersScreen
    from kiosk.ui.screens import NoticeScreen, QuestionScreen

    classes: dict[Screen, type[ScreenBase]] = {
        Screen.LANGUAGE: LanguageScreen, Screen.NOTICE: NoticeScreen, Screen.QUESTION: QuestionScreen,
        Screen.MEMBERS: MembersScreen,
    }
    return classes[key]
