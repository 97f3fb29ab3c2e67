"""The resident's window of ``kiosk counter``, on the screen facing them: in their language and
large text, the question the clerk is asking, each form for review (the resident confirms it
with a touch or a key), and the PIN pad when their card is read. It talks only to the controller."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.catalogue.model import localized
from kiosk.counter import CardStage, CounterController, CounterState
from kiosk.journey import Screen
from kiosk.ui.counter.clerk_window import options_of
from kiosk.ui.keypads import PinPad

LARGE_PT = 30
CARD_TEXTS = {
    CardStage.PLACE: "resident.card_place", CardStage.CHECKING: "resident.card_checking",
    CardStage.PIN: "resident.card_pin", CardStage.READING: "resident.card_reading",
    CardStage.TAKE: "resident.card_take", CardStage.BLOCKED: "resident.card_blocked",
    CardStage.FAILED: "resident.card_failed",
}


class TouchPinPad(PinPad):
    """The resident's PIN pad at the counter: touch only. The clerk's keyboard shares the
    machine, so no key ever reaches it (the PIN is never typed on the clerk's keyboard)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for key in self.keys.values():  # large touch targets on the resident's screen
            key.setMinimumSize(150, 110)
            font = key.font()
            font.setPointSize(LARGE_PT)
            key.setFont(font)
        font = self.dots.font()
        font.setPointSize(LARGE_PT)
        self.dots.setFont(font)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        event.ignore()


class ResidentWindow(QWidget):
    def __init__(self, controller: CounterController, *, municipality: str = "") -> None:
        super().__init__()
        self.controller = controller
        self.municipality = municipality
        self.setObjectName("CounterResident")
        layout = QVBoxLayout(self)
        self.heading = self._label("ResidentHeading", LARGE_PT + 6)
        self.body = self._label("ResidentBody", LARGE_PT)
        self.detail = self._label("ResidentDetail", LARGE_PT - 6)
        for widget in (self.heading, self.body, self.detail):
            layout.addWidget(widget)
        row = QHBoxLayout()
        self.pin = TouchPinPad()
        self.pin.setObjectName("ResidentPinPad")
        row.addStretch(1)
        row.addWidget(self.pin)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.ok = QPushButton("")
        self.ok.setObjectName("ResidentOk")
        self.ok.setMinimumHeight(96)
        font = self.ok.font()
        font.setPointSize(LARGE_PT)
        self.ok.setFont(font)
        self.ok.clicked.connect(self._ok)
        layout.addWidget(self.ok)
        self.state = controller.state()
        controller.add_view(self)

    def _label(self, name: str, points: int) -> QLabel:
        label = QLabel("")
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        font = label.font()
        font.setPointSize(points)
        label.setFont(font)
        return label

    def t(self, key: str, **params: object) -> str:
        return i18n.plain(i18n.text(key, self.state.language, **params))

    def counter_changed(self, state: CounterState) -> None:
        self.state = state
        lang = state.language
        self.pin.retranslate(lang)
        screen = state.screen
        heading, body, detail, ok = "", "", "", ""
        if screen is Screen.LANGUAGE or screen is Screen.MEMBERS:
            heading = self.t("counter.resident_waiting_clerk")
        elif screen is Screen.NOTICE:
            heading, body = self.t("resident.notice_title"), self.t("resident.notice_text", town=self.municipality)
            ok = self.t("resident.notice_ok")
        elif screen is Screen.QUESTION:
            q = self.controller.journey.question()
            if q is not None:
                heading = i18n.plain(localized(q.text, lang))
                body = "\n".join(f"{i}. {label}" for i, (_v, label) in enumerate(options_of(q, lang), 1))
        elif screen is Screen.CARD:
            heading = self.t(CARD_TEXTS.get(state.card_stage, "resident.card_place"))
            if state.card_stage is CardStage.PIN and state.tries_left is not None:
                key = "resident.card_last_try" if state.tries_left == 1 else "resident.card_tries_left"
                body = self.t(key, n=state.tries_left)
        elif screen is Screen.REVIEW:
            heading, body = self._review()
            ok = "" if state.resident_confirmed else self.t("counter.confirm_form")
            detail = self.t("counter.form_confirmed") if state.resident_confirmed else ""
        elif screen is Screen.CONFIRM:
            heading = self.t("resident.confirm_title")
        elif screen is Screen.RESULT:
            heading = self.t("resident.result_take")
        self.heading.setText(heading)
        self.body.setText(body)
        self.detail.setText(detail)
        self.ok.setText(ok)
        self.ok.setVisible(bool(ok))
        self.pin.setVisible(screen is Screen.CARD and state.card_stage is CardStage.PIN)

    def _review(self) -> tuple[str, str]:
        form, values = self.controller.form(), self.controller.values()
        if form is None or values is None:
            return "", ""
        lang = self.state.language
        lines = []
        for ff in form.fields:
            if ff.id in values.household and values.household[ff.id] not in (None, ""):
                text = ff.field.kind.display(ff.field, values.household[ff.id], lang)
                lines.append(f"{i18n.plain(localized(ff.field.label, lang))}: {text}")
        if form.persons is not None:
            for i, person in enumerate(values.persons, 1):
                shown = [ff.field.kind.display(ff.field, person[ff.id], lang) for ff in form.persons.fields
                         if person.get(ff.id) not in (None, "")]
                lines.append(f"{i}. " + " / ".join(shown))
        return i18n.plain(localized(form.title, lang)), "\n".join(lines)

    def _ok(self) -> None:
        if self.state.screen is Screen.NOTICE:
            self.controller.acknowledge_notice()
        elif self.state.screen is Screen.REVIEW:
            self.controller.resident_confirms()
