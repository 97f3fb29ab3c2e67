"""The kiosk window's top bar, present on every screen (back, language, speech, large text, high
contrast, call staff), the overlays it opens (language switch, staff panel), the idle-timeout
warning below it, and the taps and key presses counted for the metrics. A base of
:class:`kiosk.ui.window.KioskWindow`, which sets what is declared here."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QStackedWidget, QWidget

from kiosk import i18n
from kiosk.config import Config
from kiosk.idle import IdleState
from kiosk.journey import Journey, Screen
from kiosk.log import get_logger
from kiosk.metrics import MetricsRecorder
from kiosk.ui import theme
from kiosk.ui.base import ScreenBase
from kiosk.ui.flow import FlowRow
from kiosk.ui.speech import SpeechController
from kiosk.ui.staff_call import StaffCaller
from kiosk.ui.staff_panel import StaffPanel
from kiosk.ui.widgets import RubyButton, RubyLabel, button, ruby_button, set_text

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

LOG = get_logger("kiosk.ui.window")


class WindowBar(QWidget):
    """The top bar, its overlays and the idle warning of the resident window."""

    config: Config
    journey: Journey
    recorder: MetricsRecorder
    staff_caller: StaffCaller
    metrics_px: theme.Metrics
    large_text: bool
    theme_name: str
    stack: QStackedWidget
    warning: QFrame
    overlay: ScreenBase | StaffPanel | None

    @property
    def _window(self) -> KioskWindow:
        """This window as the screens and panels it opens take it."""
        return cast("KioskWindow", self)

    def show_current(self) -> None:
        raise NotImplementedError

    def apply_style(self) -> None:
        raise NotImplementedError

    # Building -----------------------------------------------------------------------------
    def _top_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("TopBar")
        row = FlowRow(bar)  # on a narrow window a second row rather than a cut label (A11Y-04)
        s = self.metrics_px.spacing
        row.setContentsMargins(s, 0, 0, 0)  # the last button by the window's edge: room for whole labels
        row.setSpacing(s)  # the 2 mm gap between targets (A11Y-01), no more: room for whole labels
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
        self.speech = SpeechController(self._window)  # 音声案内: its toggle (and the * key), and 読み上げ on review
        row.addWidget(self.back_button)
        row.addWidget(self.speech.read_button)
        row.addStretch()
        row.addWidget(self.speech.volume_down)  # shown while speech is on (A11Y-08)
        row.addWidget(self.speech.volume_up)
        for b in (self.lang_button, self.speech.button, self.large_button, self.contrast_button, self.staff_button):
            row.addWidget(b)
        for b in bar.findChildren(RubyButton):  # each label on one line, whole: the row gives it its width
            inner = b.layout()
            if b.ruby is not None and inner is not None:
                b.ruby.max_lines = 1
                inner.setContentsMargins(8, 0, 8, 0)  # a second row, when needed, as low as it can be
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

    # Rendering ----------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.journey.session.language

    def t(self, key: str, **params: object) -> str:
        return i18n.text(key, self.lang, **params)

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

    # Top-bar actions ------------------------------------------------------------------------
    def go_back(self) -> None:
        self.tapped()
        if self.overlay is not None:
            self.close_overlay()
        else:
            self.journey.back()

    def open_language(self) -> None:
        from kiosk.ui.language_screen import LanguageScreen

        self.tapped()
        self._set_overlay(LanguageScreen(self._window, switching=True))

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
            if isinstance(self.overlay, StaffPanel):
                self.overlay.release()  # the card reader, if the staff exit was watching it
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
        panel = StaffPanel(self._window, calling=False)
        panel.title.setText(self.t("resident.error_title"))
        panel.text.setText(self.t("resident.error_text"))
        self._set_overlay(panel)

    def call_staff(self) -> None:
        self.tapped()
        LOG.info("staff called from screen %s", self.journey.screen.value)
        self.staff_caller.call(self.journey.screen.value)  # recorded off the GUI thread; the panel follows it
        self._set_overlay(StaffPanel(self._window))

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

    # Metrics --------------------------------------------------------------------------------
    def tapped(self) -> None:
        self.recorder.tap()

    def typed(self, count: int = 1) -> None:
        self.recorder.typed(count)
