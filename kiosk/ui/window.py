"""The kiosk window: a top bar present on every screen (back, language, large text, high
contrast, call staff), the screen stack, the idle-timeout warning, and the staff exit."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n
from kiosk.config import Config
from kiosk.journey import Ending, IdleState, IdleTimer, Journey, Screen
from kiosk.log import get_logger
from kiosk.metrics import MetricsRecorder, SessionRecord, store
from kiosk.ports import CataloguePort, Clock, OutputPort, StoragePort
from kiosk.session import ResidentSession
from kiosk.ui import access, focus, theme
from kiosk.ui.base import ScreenBase, compact, compact_style
from kiosk.ui.operations import runner
from kiosk.ui.output import Output
from kiosk.ui.speech import SpeechController
from kiosk.ui.staff_call import StaffCaller
from kiosk.ui.staff_panel import StaffPanel
from kiosk.ui.widgets import RubyButton, RubyLabel, application, button, ruby_button, set_text

if TYPE_CHECKING:
    from kiosk.ui.card_worker import CardPort

LOG = get_logger(__name__)


class KioskWindow(QWidget):
    """Renders the journey. Its ports (:mod:`kiosk.ports`): ``catalogue`` what the journey reads
    (None: no questions), ``output`` renders and prints the sheets, ``database`` stores the end of
    each session, ``clock`` drives the idle timeout; ``card_worker`` is the card reader's port
    (:class:`kiosk.ui.card_worker.CardPort`)."""

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
        self.staff_exit_allowed = False
        # The latest sessions' records (tests and the demo read the last); bounded for a day's uptime.
        self.ended_records: deque[SessionRecord] = deque(maxlen=10)

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.top = self._top_bar()
        # The bar keeps its height on a low window: the page body below scrolls instead.
        self.top.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        root.addWidget(self.top)
        self.warning = self._warning_bar()
        root.addWidget(self.warning)
        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        self._warmed = False
        self.screens: dict[Screen, ScreenBase] = {}  # built when first needed, then kept
        self.overlay: ScreenBase | StaffPanel | None = None
        self._focus_place: tuple[int, Screen, object] | None = None  # what the focus was placed for
        self.apply_style()
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        application().installEventFilter(self)
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
    def _top_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("TopBar")
        row = QHBoxLayout(bar)
        s = self.metrics_px.spacing
        row.setContentsMargins(s * 3, s, s * 3, s)
        row.setSpacing(s * 2)
        self.back_button = ruby_button(name="top-back")
        self.back_button.clicked.connect(self.go_back)
        self.lang_button = ruby_button(name="top-language")
        self.lang_button.clicked.connect(self.open_language)
        self.large_button = ruby_button(name="top-large", checkable=True)
        self.large_button.toggled.connect(self.set_large_text)
        self.contrast_button = ruby_button(name="top-contrast", checkable=True)
        self.contrast_button.toggled.connect(self.set_high_contrast)
        self.staff_button = ruby_button(name="top-staff")
        self.staff_button.clicked.connect(self.call_staff)
        self.speech = SpeechController(self)  # 音声案内: its toggle (and the * key), and 読み上げ on review
        row.addWidget(self.back_button)
        row.addWidget(self.speech.read_button)
        row.addStretch(1)
        row.addWidget(self.speech.volume_down)  # shown while speech is on (A11Y-08)
        row.addWidget(self.speech.volume_up)
        for b in (self.lang_button, self.speech.button, self.large_button, self.contrast_button, self.staff_button):
            row.addWidget(b)
        for b in bar.findChildren(RubyButton):  # the bar keeps its height on a narrow window (A11Y-04)
            if b.ruby is not None:
                b.ruby.max_lines = 1
        return bar

    def _warning_bar(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("Warning")
        row = QHBoxLayout(frame)
        self.warning_text = RubyLabel("")
        self.extend_button = button("", primary=True, name="extend")
        self.extend_button.clicked.connect(self.extend)
        row.addWidget(self.warning_text, 1)
        row.addWidget(self.extend_button)
        frame.hide()
        return frame

    def screen_for(self, key: Screen) -> ScreenBase:
        """The widget of ``key``, built the first time it is shown and kept across sessions."""
        widget = self.screens.get(key)
        if widget is None:
            widget = _screen_class(key)(self)
            self.screens[key] = widget
            self.stack.addWidget(widget)
        return widget

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

    # Rendering ----------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.journey.session.language

    def t(self, key: str, **params: object) -> str:
        return i18n.text(key, self.lang, **params)

    def current_screen(self) -> ScreenBase | StaffPanel:
        return self.overlay or self.screen_for(self.journey.screen)

    def show_current(self) -> None:
        screen = self.current_screen()
        self.retranslate_bar()
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

    def retranslate_bar(self) -> None:
        set_text(self.back_button, "◀ " + self.t("resident.back"))
        set_text(self.lang_button, self.t("resident.language_button"))
        self.setAccessibleName(i18n.plain(self.t("a11y.window", town=self.config.municipality.name_in(self.lang))))
        first = self.journey.screen is Screen.LANGUAGE and self.overlay is None
        for b, key in ((self.large_button, "resident.large_text"), (self.contrast_button, "resident.high_contrast"),
                       (self.staff_button, self.staff_caller.button_key)):
            if first:  # nobody has chosen a language yet: the first languages of the configuration
                labels = list(dict.fromkeys(i18n.plain(i18n.text(key, x)) for x in self.config.kiosk.languages[:3]))
                set_text(b, "\n".join(labels))
                b.setAccessibleName(" / ".join(labels))
            else:
                set_text(b, self.t(key))
        self.speech.retranslate(self.lang, list(self.config.kiosk.languages[:3]) if first else None)
        self.back_button.setVisible(self.journey.screen not in (Screen.LANGUAGE, Screen.RESULT)
                                    or self.overlay is not None)
        self.lang_button.setVisible(self.journey.screen is not Screen.LANGUAGE or self.overlay is not None)
        set_text(self.extend_button, self.t("resident.extend"))

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

    # Top-bar actions ------------------------------------------------------------------------
    def go_back(self) -> None:
        self.tapped()
        if self.overlay is not None:
            self.close_overlay()
        else:
            self.journey.back()

    def open_language(self) -> None:
        from kiosk.ui.screens import LanguageScreen

        self.tapped()
        self._set_overlay(LanguageScreen(self, switching=True))

    def _set_overlay(self, widget: ScreenBase | StaffPanel) -> None:
        self.close_overlay(show=False)
        self.overlay = widget
        self.stack.addWidget(widget)
        self.show_current()

    def close_overlay(self, *, show: bool = True) -> None:
        """Take the overlay (staff panel, language switch) away and show the resident's screen
        again. ``show`` is keyword-only: connected to a button's ``clicked(bool)``, the flag
        would otherwise arrive as ``show=False`` and leave the stack on whichever page Qt
        picked when the overlay was removed (a blank screen in high contrast)."""
        if self.overlay is not None:
            self.stack.removeWidget(self.overlay)
            self.overlay.hide()
            self.overlay.deleteLater()
            self.overlay = None
        if show:
            self.show_current()

    def set_large_text(self, on: bool) -> None:
        self.tapped()
        self.large_text = on
        self.apply_style()
        self.show_current()

    def set_high_contrast(self, on: bool) -> None:
        self.tapped()
        self.theme_name = "high_contrast" if on else "normal"
        self.apply_style()
        self.show_current()

    def show_error(self) -> None:
        """Generic "call staff" screen: no traceback, no paths (SEC-03)."""
        panel = StaffPanel(self, calling=False)
        panel.title.setText(self.t("resident.error_title"))
        panel.text.setText(self.t("resident.error_text"))
        self._set_overlay(panel)

    def call_staff(self) -> None:
        self.tapped()
        LOG.info("staff called from screen %s", self.journey.screen.value)
        self.staff_caller.call(self.journey.screen.value)  # recorded off the GUI thread; the panel follows it
        self._set_overlay(StaffPanel(self))

    # Idle timeout ---------------------------------------------------------------------------
    def tick(self) -> None:
        state = self.journey.tick()
        if state is IdleState.WARNING:
            remaining = int(self.journey.idle.remaining() + 0.999)
            key = "resident.idle_warning" if self.journey.idle.can_extend else "resident.idle_last"
            self.warning_text.setText(self.t(key, seconds=remaining))
            self.extend_button.setVisible(self.journey.idle.can_extend)
            if self.warning.isHidden():
                QApplication.beep()  # audible as well as visible (SEC-07)
                self.warning.show()
                if self.journey.idle.can_extend:
                    self.extend_button.setFocus()
        else:
            self.warning.hide()

    def extend(self) -> None:
        self.tapped()
        self.journey.idle.extend()
        self.warning.hide()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin):
            self.journey.idle.touch()
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

    # Metrics --------------------------------------------------------------------------------
    def tapped(self) -> None:
        self.recorder.tap()

    def typed(self, count: int = 1) -> None:
        self.recorder.typed(count)

    def _session_ended(self, how: Ending) -> None:
        self.recorder.language(self.journey.session.language)
        self.recorder.procedures(self.journey.session.procedures)
        self.recorder.prefilled(self.journey.session.form_values.values())
        record = self.recorder.finish(how.value, [(v.screen.value if isinstance(v.screen, Screen) else v.screen,
                                                    v.seconds) for v in self.journey.visits])
        self.ended_records.append(record)
        database = self.database
        if database is not None:
            runner().run(lambda: store(database, record), owner=self)
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
        QApplication.clipboard().clear()
        self._reset_screens()
        if self.large_button.isChecked():
            self.large_button.setChecked(False)
        if self.contrast_button.isChecked():
            self.contrast_button.setChecked(False)
        if self.catalogue_source is not None:
            self._load_catalogue()
        self.show_current()

    def _database_ready(self, database: StoragePort | None) -> None:
        self.database = database
        if isinstance(self.output, Output):
            self.output.database = database  # issued sheets are recorded from now on
        if self.journey.catalogue is None and self.catalogue_source is not None:
            self._load_catalogue()
        else:
            self.journey.ready(None)
            self._warm_up()

    def _database_failed(self, error: Exception) -> None:
        LOG.warning("database not available: %s", type(error).__name__)
        self._database_ready(None)

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

    # Staff exit -----------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.config.kiosk.fullscreen and not self.staff_exit_allowed:
            event.ignore()  # Alt+F4 and friends do not leave the kiosk (SEC-01)
            return
        application().removeEventFilter(self)
        self.timer.stop()
        super().closeEvent(event)

    def staff_exit(self, pin: str) -> bool:
        if pin != self.config.kiosk.staff_pin:
            LOG.warning("staff exit refused")
            return False
        LOG.info("staff exit")
        self.staff_exit_allowed = True
        self.journey.end(Ending.STAFF)
        self.close()
        return True


def _warm_up(output: Output) -> None:
    """Worker side of the start-up warm-up: the later screens' modules (imported here rather than
    on the GUI thread when the first resident reaches them), then the renderer and the key."""
    from kiosk.ui import card_screen, finish, review

    del card_screen, review
    finish.warm_up(output)


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
    from kiosk.ui.members import MembersScreen
    from kiosk.ui.screens import LanguageScreen, NoticeScreen, QuestionScreen

    classes: dict[Screen, type[ScreenBase]] = {
        Screen.LANGUAGE: LanguageScreen, Screen.NOTICE: NoticeScreen, Screen.QUESTION: QuestionScreen,
        Screen.MEMBERS: MembersScreen,
    }
    return classes[key]
