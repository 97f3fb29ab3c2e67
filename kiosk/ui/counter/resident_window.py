"""The resident's window of ``kiosk counter``, on the screen facing them, with the kiosk's look
(its style sheet, large text and high contrast, the town's name, furigana in やさしい日本語): a
step line ("ご確認ください　住民異動届　1／3"), then, in the resident's language, the 利用目的
notice, the question the clerk is asking with its answers as numbered cards (the answer the clerk
recorded shown as chosen a moment before the next question), each form for review as tables, the
PIN pad when their card is read (beside what to do with the card on a compact landscape window),
and at the end the sheets to take with the counters to visit.
The page scrolls; the title bar and the confirm button stay in view. It talks only to the
controller (:class:`kiosk.counter.CounterController`); the pages are
:mod:`kiosk.ui.counter.resident_pages`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.catalogue.model import localized
from kiosk.catalogue.types.dates import day_button
from kiosk.counter import CardStage, CounterController, CounterState
from kiosk.journey import CataloguePort, Screen
from kiosk.ui import theme
from kiosk.ui.base import ScreenBase, beside, compact, compact_style
from kiosk.ui.counter.resident_pages import (
    LanguagePage,
    QuestionPage,
    ResultPage,
    ReviewPage,
    TableFrame,
    members_rows,
    question_choices,
    restyle,
)
from kiosk.ui.flow import FlowRow
from kiosk.ui.keypads import PinPad
from kiosk.ui.lockdown import Lockdown
from kiosk.ui.widgets import RubyLabel, button, form_title, set_text

HOLD_MS = 1500  # the recorded answer stays on screen this long before the next question
CARD_TEXTS = {
    CardStage.PLACE: "resident.card_place", CardStage.CHECKING: "resident.card_checking",
    CardStage.PIN: "resident.card_pin", CardStage.READING: "resident.card_reading",
    CardStage.TAKE: "resident.card_take", CardStage.BLOCKED: "resident.card_blocked",
    CardStage.FAILED: "resident.card_failed", CardStage.REMOVED: "resident.card_removed",
}
HOLD_ON = (Screen.QUESTION, Screen.MEMBERS)  # what may wait behind a recorded answer (nothing to touch)


class TouchPinPad(PinPad):
    """The resident's PIN pad at the counter: touch, or a PIN pad the resident holds
    (:mod:`kiosk.ui.counter.held_pad`). The clerk's keyboard shares the machine, so no key of
    it ever reaches the pad (the PIN is never typed on the clerk's keyboard)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        event.ignore()


def resident_style(name: str, m: theme.Metrics) -> str:
    """The kiosk's style sheet with the counter's resident parts: step line, answer cards, tables."""
    p = theme.palette(name)
    r = max(4, m.spacing)
    return theme.stylesheet(name, m) + f"""
QWidget#CounterResident {{ background: {p['background']}; }}
QFrame#StepLine {{ background: {p['surface']}; border-bottom: 2px solid {p['border']}; }}
QFrame#ActionRow {{ background: {p['surface']}; border-top: 2px solid {p['border']}; }}
#Step, #Subtitle {{ font-size: {m.title_px}px; font-weight: bold; }}
#Question {{ font-size: {round(m.title_px * 1.15)}px; font-weight: bold; }}
#Question[card="true"] {{ font-size: {m.title_px}px; }}
QFrame#OptionCard {{ background: {p['secondary']}; border: 3px solid {p['border']}; border-radius: {r}px;
  min-height: {m.primary}px; }}
QFrame#OptionCard QLabel, QFrame#OptionCard #OptionText {{ color: {p['secondary_text']}; }}
QLabel#OptionNumber {{ font-size: {m.title_px}px; font-weight: bold; min-width: {m.primary}px; }}
QFrame#OptionCard[selected="true"] {{ background: {p['selected']}; border: {m.ring}px solid {p['focus']}; }}
QFrame#OptionCard[selected="true"] QLabel, QFrame#OptionCard[selected="true"] #OptionText {{
  color: {p['selected_text']}; font-weight: bold; }}
#Recorded {{ color: {p['card_mark']}; font-weight: bold; }}
QFrame#ResidentTable {{ background: {p['border']}; }}
QFrame#HeadCell, QFrame#LabelCell {{ background: {p['surface']}; }}
QFrame#ValueCell, QFrame#Pending, QFrame#Handwritten {{ background: {p['background']}; }}
#HeadCellText, #LabelCellText {{ font-weight: bold; }}
#PendingText {{ color: {p['muted']}; font-style: italic; }}
#HandwrittenText {{ color: {p['warning_text']}; font-weight: bold; }}
QFrame#Stop {{ background: {p['surface']}; border: 2px solid {p['border']}; border-radius: {r}px; }}
#StopText {{ font-size: {m.title_px}px; font-weight: bold; }}
"""


class ResidentWindow(QWidget):
    def __init__(self, controller: CounterController, *, municipality: str = "") -> None:
        super().__init__()
        self.controller = controller
        self.municipality = municipality
        self.setObjectName("CounterResident")
        # The resident's screen: no context menu, clipboard or system key on it (SEC-01); the
        # clerk's window beside it keeps theirs.
        self.lockdown = Lockdown(self)
        self.large_text, self.theme_name = False, "normal"
        self.route: list[tuple[str, int]] = []  # (division, waiting number) once the sheets are received
        self.state: CounterState = controller.state()
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._bar())
        step_line = QFrame()
        step_line.setObjectName("StepLine")
        self.step = RubyLabel("", step_line, object_name="Step")
        QVBoxLayout(step_line).addWidget(self.step)
        self.step_line = step_line
        root.addWidget(step_line)
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        page = QWidget()
        body = QVBoxLayout(page)
        self.heading = RubyLabel("", object_name="Question")
        self.body = RubyLabel("")
        self.questions, self.review, self.result = QuestionPage(), ReviewPage(), ResultPage()
        self.members = TableFrame("members")  # the household as the clerk types it
        self.languages = LanguagePage(self.choose_language)
        self.staffed = False  # a clerk is signed in at the counter (the resident may then start)
        self.pin = TouchPinPad()
        self.pin.setObjectName("ResidentPinPad")
        # The page's text, then the PIN pad: under it, or beside it on a compact landscape window
        # (as on the kiosk's card screen; _arrange).
        self.lead = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        column = QVBoxLayout()
        column.addWidget(self.heading)
        column.addWidget(self.body)
        column.addStretch(1)
        self.lead.addLayout(column, 1)
        pin_row = QHBoxLayout()
        pin_row.addStretch(1)
        pin_row.addWidget(self.pin, 0, Qt.AlignmentFlag.AlignTop)  # its own height beside a taller text
        pin_row.addStretch(1)
        self.lead.addLayout(pin_row)
        body.addLayout(self.lead)
        for widget in (self.languages, self.questions, self.members, self.review, self.result):
            body.addWidget(widget)
        body.addStretch(1)
        self.page_scroll.setWidget(page)
        root.addWidget(self.page_scroll, 1)
        root.addWidget(self._action_row())
        self.hold = QTimer(self)
        self.hold.setSingleShot(True)
        self.hold.setInterval(HOLD_MS)
        self.hold.timeout.connect(lambda: self._render(self.state))
        self.apply_style()
        self._render(self.state)
        controller.add_view(self)

    def _bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("TopBar")
        row = FlowRow(bar)
        row.setContentsMargins(8, 4, 8, 4)
        row.setSpacing(12)
        self.town = RubyLabel(self.municipality, object_name="Title")
        self.town.max_lines = 1
        row.addWidget(self.town)
        row.addStretch()
        self.large_button = button("", name="resident-large", checkable=True)
        self.large_button.toggled.connect(self.set_large_text)
        self.contrast_button = button("", name="resident-contrast", checkable=True)
        self.contrast_button.toggled.connect(self.set_high_contrast)
        for b in (self.large_button, self.contrast_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard is the clerk's
            row.addWidget(b)
        return bar

    def _action_row(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("ActionRow")
        row = QHBoxLayout(frame)
        self.detail = RubyLabel("")
        row.addWidget(self.detail, 1)
        self.ok = button("", primary=True, name="ResidentOk")
        self.ok.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ok.clicked.connect(self._ok)
        row.addWidget(self.ok, 2)
        self.action_row = frame
        return frame

    # Look ---------------------------------------------------------------------------------------
    def apply_style(self) -> None:
        self.metrics = theme.Metrics(theme.screen_dpi(self), self.large_text)
        # As the kiosk's window: on a compact window (kiosk.ui.base) the PIN keys in text size.
        self._compact = self.testAttribute(Qt.WidgetAttribute.WA_Resized) and compact(self.size())
        extra = compact_style(self.metrics) if self._compact else ""
        self.setStyleSheet(resident_style(self.theme_name, self.metrics) + extra)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if compact(self.size()) != self._compact:
            self.apply_style()  # a new size class: its style
        self._arrange()

    def _arrange(self) -> None:
        """The PIN pad beside the page's text on a compact landscape window (else, or with no
        pad on show, the text takes the page's width)."""
        ScreenBase.set_beside(self.lead, beside(self.size()) and not self.pin.isHidden())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Sizes from the density of the screen it is shown on (the second screen's)."""
        super().showEvent(event)
        if theme.screen_dpi(self) != self.metrics.dpi:
            self.apply_style()

    def set_large_text(self, on: bool) -> None:
        self.large_text = on
        self.apply_style()

    def set_high_contrast(self, on: bool) -> None:
        self.theme_name = "high_contrast" if on else "normal"
        self.apply_style()

    def set_look(self, *, large_text: bool, high_contrast: bool) -> None:
        """Large text and high contrast set at once, with one new style sheet (the buttons show them)."""
        for b, on in ((self.large_button, large_text), (self.contrast_button, high_contrast)):
            blocker = QSignalBlocker(b)
            b.setChecked(on)
            blocker.unblock()
        self.large_text, self.theme_name = large_text, "high_contrast" if high_contrast else "normal"
        self.apply_style()

    def t(self, key: str, **params: object) -> str:
        """A message in the resident's language, furigana kept (RubyLabel draws them)."""
        return i18n.text(key, self.state.language, **params)

    # The controller's state --------------------------------------------------------------------------
    def counter_changed(self, state: CounterState) -> None:
        before, self.state = self.state, state
        answered = state.answered
        if (answered is not None and before.answered != answered
                and self.questions.shown == (answered.question_id, answered.person) and state.screen in HOLD_ON):
            self._show_recorded(answered.value)
            self.hold.start()  # the next question once the resident has seen the answer recorded
            return
        if self.hold.isActive() and state.screen in HOLD_ON:
            return  # drawn when the hold ends
        self.hold.stop()
        self._render(state)

    def show_route(self, route: Sequence[tuple[str, int]]) -> None:
        """The counters to visit and the waiting numbers, once the sheets were received."""
        self.route = list(route)
        if self.state.screen is Screen.RESULT:
            self._render(self.state)

    def _render(self, state: CounterState) -> None:
        lang, screen = state.language, state.screen
        self.pin.retranslate(lang)
        set_text(self.large_button, self.t("resident.large_text"))
        set_text(self.contrast_button, self.t("resident.high_contrast"))
        step, heading, body, detail, ok = "", "", "", "", ""
        if screen is Screen.LANGUAGE:
            self._forget()
            heading = self.t("resident.language_title" if self.staffed else "counter.resident_waiting_clerk")
        elif screen is Screen.MEMBERS:
            step, heading = self.t("counter.resident_waiting_clerk"), self.t("resident.members_title")
            catalogue = self.controller.journey.catalogue
            self.members.set_rows(members_rows(catalogue.catalogue if isinstance(catalogue, CataloguePort) else None,
                                               self.controller.session.members, lang, self.t), head=True)
        elif screen is Screen.NOTICE:
            step, body = self.t("resident.notice_title"), self.t("resident.notice_text", town=self.municipality)
            ok = self.t("resident.notice_ok")
        elif screen is Screen.QUESTION:
            step = self.t("counter.resident_waiting_clerk")
            self._show_question()
        elif screen is Screen.CARD:
            heading = self.t(CARD_TEXTS.get(state.card_stage, "resident.card_place"))
            if state.card_stage is CardStage.PIN and state.tries_left is not None:
                key = "resident.card_last_try" if state.tries_left == 1 else "resident.card_tries_left"
                body = self.t(key, n=state.tries_left)
        elif screen is Screen.REVIEW:
            step = self._review()
            ok = "" if state.resident_confirmed else self.t("counter.confirm_form")
            detail = self.t("counter.form_confirmed") if state.resident_confirmed else ""
        elif screen is Screen.CONFIRM:
            heading = self.t("resident.confirm_title")
        elif screen is Screen.RESULT:
            catalogue = self.controller.journey.catalogue
            counters = catalogue.catalogue.counters if isinstance(catalogue, CataloguePort) else {}
            self.result.show_result(self.t("counter.resident_take_sheets"), self.route, counters, lang)
        self.step.setText(step)
        self.step_line.setVisible(bool(step))
        card = screen is Screen.CARD  # what to do with the card, in title size: it goes beside the PIN pad
        if self.heading.property("card") is not card:
            self.heading.setProperty("card", card)
            restyle(self.heading)
        self.heading.setText(heading)
        self.heading.setVisible(bool(heading))
        self.body.setText(body)
        self.body.setVisible(bool(body))
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))  # an empty one would hold a third of the row from the button
        set_text(self.ok, ok)
        self.ok.setVisible(bool(ok))
        self.action_row.setVisible(bool(ok or detail))  # an empty row would only take room
        self.questions.setVisible(screen is Screen.QUESTION)
        self.members.setVisible(screen is Screen.MEMBERS)
        self.languages.setVisible(screen is Screen.LANGUAGE and self.staffed)
        self.review.setVisible(screen is Screen.REVIEW)
        self.result.setVisible(screen is Screen.RESULT)
        self.pin.setVisible(screen is Screen.CARD and state.card_stage is CardStage.PIN)
        self._arrange()

    def _show_question(self) -> None:
        journey, lang = self.controller.journey, self.state.language
        q = journey.question()
        if q is None:
            return
        person = journey.question_person()
        today = self.controller.session.household.today
        days = journey.date_choices() if q.kind == "date" else ()
        choices = question_choices(q, lang, self.t, days, today)
        columns = 3 if q.kind == "count" else (2 if len(choices) > 3 else 1)
        self.questions.show_question(q, person, localized(q.text, lang), choices, columns)
        self.page_scroll.verticalScrollBar().setValue(0)

    def _show_recorded(self, value: object) -> None:
        if isinstance(value, bool):
            shown = self.t("resident.yes" if value else "resident.no")
        elif isinstance(value, dt.date):
            shown = day_button(value, self.controller.session.household.today, self.state.language,
                               self.t).replace("\n", "　")
        else:
            shown = str(value)
        self.questions.show_chosen(value, shown, self.t("counter.resident_recorded"))
        for card in self.questions.cards:
            restyle(card)

    def _review(self) -> str:
        """The form on review in the page's tables; the step line for it."""
        form, values = self.controller.form(), self.controller.values()
        if form is None or values is None:
            return ""
        lang = self.state.language
        self.review.show_form(form, values, lang, self.t)
        forms = self.controller.journey.forms()
        n = next((i for i, f in enumerate(forms, 1) if f.id == form.id), 1)
        return self.t("counter.resident_step_review", form=form_title(form.title, lang), n=n, total=len(forms))

    def set_staffed(self, on: bool) -> None:
        """A clerk signed in (the resident may choose their language) or out."""
        self.staffed = on
        self._render(self.state)

    def choose_language(self, lang: str) -> None:
        """The resident chose their language by touch: the session starts in it."""
        if self.staffed and self.state.screen is Screen.LANGUAGE:
            self.controller.start(lang)

    def _forget(self) -> None:
        """A new resident (or none): nothing of the last one stays on this screen (PRIV-08)."""
        self.questions.reset()
        self.review.reset()
        self.members.set_rows([], head=True)
        self.route = []
        self.result.reset()
        for b in (self.large_button, self.contrast_button):
            b.setChecked(False)

    def _ok(self) -> None:
        if self.state.screen is Screen.NOTICE:
            self.controller.acknowledge_notice()
        elif self.state.screen is Screen.REVIEW:
            self.controller.resident_confirms()
