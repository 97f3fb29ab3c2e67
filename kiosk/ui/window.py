"""The kiosk window: a top bar present on every screen (back, language, large text, high
contrast, call staff), the screen stack, the idle-timeout warning, and the staff exit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n
from kiosk.config import Config
from kiosk.journey import Ending, IdleState, IdleTimer, Journey, Screen
from kiosk.log import get_logger
from kiosk.metrics import MetricsRecorder, store
from kiosk.session import ResidentSession
from kiosk.ui import theme
from kiosk.ui.keypads import NumericPad
from kiosk.ui.widgets import RubyLabel, button, set_text

LOG = get_logger(__name__)


class KioskWindow(QWidget):
    """Renders the journey. ``catalogue`` is a :class:`kiosk.journey.CataloguePort` (or None);
    ``card_worker`` a :class:`kiosk.ui.card_worker.CardPort`; ``output`` an
    :class:`kiosk.ui.output.Output` that renders and prints the sheets."""

    def __init__(self, config: Config | None = None, *, catalogue: Any = None, card_worker: Any = None,
                 output: Any = None, database: Any = None, clock: Callable[[], float] | None = None,
                 dpi: float | None = None, catalogue_source: Callable[[], Any] | None = None) -> None:
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
        idle = IdleTimer.from_config(self.config.session, clock) if clock else IdleTimer.from_config(self.config.session)
        self.journey = Journey(session, catalogue, idle=idle, **({"clock": clock} if clock else {}))
        self.recorder = MetricsRecorder(self.config.kiosk.id)
        self.journey.listeners.append(lambda _j: self.show_current())
        self.journey.on_end.append(self._session_ended)
        self.staff_exit_allowed = False
        self.ended_records: list[Any] = []

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.top = self._top_bar()
        root.addWidget(self.top)
        self.warning = self._warning_bar()
        root.addWidget(self.warning)
        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        self.screens: dict[Screen, QWidget] = {}
        self.overlay: QWidget | None = None
        self._build_screens()
        self.apply_style()
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        QApplication.instance().installEventFilter(self)
        self.show_current()

    # Building -----------------------------------------------------------------------------
    def _top_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("TopBar")
        row = QHBoxLayout(bar)
        s = self.metrics_px.spacing
        row.setContentsMargins(s * 3, s, s * 3, s)
        row.setSpacing(s * 2)
        self.back_button = button("", name="top-back")
        self.back_button.clicked.connect(self.go_back)
        self.lang_button = button("", name="top-language")
        self.lang_button.clicked.connect(self.open_language)
        self.large_button = button("", name="top-large", checkable=True)
        self.large_button.toggled.connect(self.set_large_text)
        self.contrast_button = button("", name="top-contrast", checkable=True)
        self.contrast_button.toggled.connect(self.set_high_contrast)
        self.staff_button = button("", name="top-staff")
        self.staff_button.clicked.connect(self.call_staff)
        row.addWidget(self.back_button)
        row.addStretch(1)
        for b in (self.lang_button, self.large_button, self.contrast_button, self.staff_button):
            row.addWidget(b)
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

    def _build_screens(self) -> None:
        from kiosk.ui.card_screen import CardScreen
        from kiosk.ui.finish import ConfirmScreen, ResultScreen
        from kiosk.ui.review import ReviewScreen
        from kiosk.ui.screens import LanguageScreen, MembersScreen, NoticeScreen, QuestionScreen

        for screen in list(self.screens.values()):
            self.stack.removeWidget(screen)
            screen.setParent(None)
            screen.deleteLater()
        classes = {
            Screen.LANGUAGE: LanguageScreen, Screen.NOTICE: NoticeScreen, Screen.QUESTION: QuestionScreen,
            Screen.MEMBERS: MembersScreen, Screen.CARD: CardScreen, Screen.REVIEW: ReviewScreen,
            Screen.CONFIRM: ConfirmScreen, Screen.RESULT: ResultScreen,
        }
        self.screens = {}
        for key, cls in classes.items():
            self.screens[key] = cls(self)
            self.stack.addWidget(self.screens[key])

    # Rendering ----------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.journey.session.language

    def t(self, key: str, **params: object) -> str:
        return i18n.text(key, self.lang, **params)

    def current_screen(self) -> QWidget:
        return self.overlay or self.screens[self.journey.screen]

    def show_current(self) -> None:
        screen = self.current_screen()
        self.retranslate_bar()
        screen.refresh()
        self.stack.setCurrentWidget(screen)
        focus = QApplication.focusWidget()
        if focus is None or not screen.isAncestorOf(focus):
            first = next((b for b in screen.findChildren(QPushButton)
                          if b.isVisibleTo(screen) and b.isEnabled() and b.focusPolicy() != Qt.FocusPolicy.NoFocus), None)
            if first is not None:
                first.setFocus()

    def retranslate_bar(self) -> None:
        set_text(self.back_button, "◀ " + self.t("resident.back"))
        set_text(self.lang_button, self.t("resident.language_button"))
        set_text(self.large_button, self.t("resident.large_text"))
        set_text(self.contrast_button, self.t("resident.high_contrast"))
        set_text(self.staff_button, self.t("resident.call_staff"))
        self.back_button.setVisible(self.journey.screen not in (Screen.LANGUAGE, Screen.RESULT)
                                    or self.overlay is not None)
        self.lang_button.setVisible(self.journey.screen is not Screen.LANGUAGE or self.overlay is not None)
        set_text(self.extend_button, self.t("resident.extend"))

    def apply_style(self) -> None:
        self.metrics_px = theme.Metrics(self.dpi, self.large_text)
        self.setStyleSheet(theme.stylesheet(self.theme_name, self.metrics_px))

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

    def _set_overlay(self, widget: QWidget) -> None:
        self.close_overlay(show=False)
        self.overlay = widget
        self.stack.addWidget(widget)
        self.show_current()

    def close_overlay(self, show: bool = True) -> None:
        if self.overlay is not None:
            self.stack.removeWidget(self.overlay)
            self.overlay.setParent(None)
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
        panel = StaffPanel(self)
        panel.title.setText(self.t("resident.error_title"))
        panel.text.setText(self.t("resident.error_text"))
        self._set_overlay(panel)

    def call_staff(self) -> None:
        self.tapped()
        LOG.info("staff called from screen %s", self.journey.screen.value)
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
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin):
            self.journey.idle.touch()
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
        record = self.recorder.finish(how.value, [(v.screen.value if hasattr(v.screen, "value") else v.screen,
                                                    v.seconds) for v in self.journey.visits])
        self.ended_records.append(record)
        store(self.database, record)
        if self.card_worker is not None:
            self.card_worker.cancel()
        QTimer.singleShot(0, self._rebuild_after_end)

    def _rebuild_after_end(self) -> None:
        """Every widget that showed resident data is destroyed and rebuilt empty (PRIV-08)."""
        self.close_overlay(show=False)
        QApplication.clipboard().clear()
        self._refresh_catalogue()
        self._build_screens()
        if self.large_button.isChecked():
            self.large_button.setChecked(False)
        if self.contrast_button.isChecked():
            self.contrast_button.setChecked(False)
        self.show_current()

    def _refresh_catalogue(self) -> None:
        if self.catalogue_source is None:
            return
        port = self.catalogue_source()
        if port is None:
            return  # keep the catalogue in use rather than lose the kiosk
        self.journey.catalogue = port
        if self.output is not None and hasattr(self.output, "catalogue"):
            self.output.catalogue = port.catalogue

    def end_session(self, how: Ending = Ending.CANCELLED) -> None:
        self.journey.end(how)

    # Staff exit -----------------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802
        if self.config.kiosk.fullscreen and not self.staff_exit_allowed:
            event.ignore()  # Alt+F4 and friends do not leave the kiosk (SEC-01)
            return
        QApplication.instance().removeEventFilter(self)
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


class StaffPanel(QWidget):
    """"Call staff": tells the resident help is coming; staff exit needs the staff PIN."""

    name = "staff"

    def __init__(self, window: KioskWindow) -> None:
        super().__init__()
        self.setObjectName("Screen")
        self.kiosk = window
        layout = QVBoxLayout(self)
        s = window.metrics_px.spacing
        layout.setContentsMargins(s * 6, s * 3, s * 6, s * 3)
        self.title = RubyLabel(window.t("resident.staff_title"), object_name="Title")
        self.text = RubyLabel(window.t("resident.staff_text"))
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self.pad_box = QVBoxLayout()
        layout.addLayout(self.pad_box)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.back = button(window.t("resident.back"), primary=True, name="staff-back")
        self.back.clicked.connect(window.close_overlay)
        self.cancel = button(window.t("resident.cancel_all"), name="staff-cancel")
        self.cancel.clicked.connect(lambda: window.end_session(Ending.CANCELLED))
        self.staff = button(window.t("resident.staff_only"), name="staff-exit")
        self.staff.clicked.connect(self.open_pad)
        row.addWidget(self.back)
        row.addWidget(self.cancel)
        row.addStretch(1)
        row.addWidget(self.staff)
        layout.addLayout(row)

    def refresh(self) -> None:
        self.title.setText(self.kiosk.t("resident.staff_title"))

    def open_pad(self) -> None:
        pad = NumericPad(self.kiosk.lang, "", kind="secret")
        pad.accepted.connect(self._check)
        pad.cancelled.connect(self.kiosk.close_overlay)
        self.pad_box.addWidget(pad)
        self.staff.setEnabled(False)
        self.pad = pad

    def _check(self, pin: str) -> None:
        if not self.kiosk.staff_exit(pin):
            self.pad.value = ""
            self.pad._show()
