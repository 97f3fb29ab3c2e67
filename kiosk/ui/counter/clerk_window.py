"""The clerk's window of ``kiosk counter``: sign-in as at the clerk station (the same page and the
same staff check), then the resident's journey driven by keys.

One input line (the clerk station's wedge field) takes everything typed: a digit answers the
question on screen (Shift+digit: for everyone after this person too), letters narrow the
choices (type-ahead) and Enter takes the first left, a date is typed as YYYYMMDD, a scanned
``KS1-…`` resume code continues a kiosk session. The household is an editable table; review
values are edited in place. Ctrl+Enter moves on (members done, next form once the resident
confirmed, print, finish); F8 sends the member at the card reader to hand entry. The PIN is never
typed here: this window shows only that it is being typed on the resident's screen, and how many
digits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n
from kiosk.catalogue.model import Question, localized
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.counter import CounterController, CounterState
from kiosk.errors import KioskError
from kiosk.journey import Screen
from kiosk.ui.clerk.common import ACTIVITY, ScanField
from kiosk.ui.clerk.pages import build_sign_in
from kiosk.ui.counter.household_table import HouseholdModel
from kiosk.ui.counter.review_table import ReviewTable
from kiosk.ui.operations import runner

SHIFTED_DIGITS = {"!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7", "*": "8", "(": "9",
                  "！": "1", "＂": "2", "＃": "3", "＄": "4", "％": "5", "＆": "6", "＇": "7", "（": "8", "）": "9"}


def options_of(question: Question, lang: str = "ja") -> list[tuple[Any, str]]:
    """(value, label) of each answer, in the order the number keys pick them."""
    if question.kind == "yes_no":
        return [(True, i18n.plain(i18n.text("resident.yes", lang))), (False, i18n.plain(i18n.text("resident.no", lang)))]
    if question.kind == "choice":
        return [(o.code, i18n.plain(localized(o.label, lang))) for o in question.options]
    if question.kind == "count":
        low = question.minimum if question.minimum is not None else 0
        high = question.maximum if question.maximum is not None else low + 8
        return [(n, str(n)) for n in range(low, min(high, low + 9) + 1)]
    return []


class AnswerLine(ScanField):
    """The clerk's input line; ``on_key`` sees each key first (True: taken)."""

    def __init__(self, on_key: Callable[[QKeyEvent], bool]) -> None:
        super().__init__()
        self.setObjectName("AnswerLine")
        self._on_key = on_key

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self._on_key(event):
            super().keyPressEvent(event)


class ClerkWindow(QWidget):
    # Built by the clerk station's sign-in page (kiosk.ui.clerk.pages.build_sign_in).
    account_field: QLineEdit
    password_field: QLineEdit
    totp_field: QLineEdit
    sign_in_button: QPushButton
    sign_in_message: QLabel
    sign_in_page: QWidget

    def __init__(self, controller: CounterController, *, db: Any = None, station_id: str = "counter",
                 max_failures: int = 5, on_resume: Callable[[str], None] | None = None,
                 on_print: Callable[[], None] | None = None, lock_after_seconds: float = 900) -> None:
        super().__init__()
        self.setWindowTitle(i18n.plain(i18n.text("counter.title", "ja")))
        self.controller = controller
        self.lang = "ja"
        self.db, self.station_id, self.max_failures = db, station_id, max_failures
        self.on_resume, self.on_print = on_resume, on_print
        self.account: Any = None
        self._signing_in = False
        self.state: CounterState = controller.state()
        self.stack = QStackedWidget(self)
        QVBoxLayout(self).addWidget(self.stack)
        build_sign_in(self)  # type: ignore[arg-type]  # the clerk station's own sign-in page
        self._build_work()
        controller.add_view(self)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.move_on)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.move_on)
        QShortcut(QKeySequence("F8"), self, self.controller.card_unavailable)
        # Inactivity lock (SEC-10), as at the clerk station: any key or touch on either window restarts it.
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(max(1, int(lock_after_seconds * 1000)))
        self.idle.timeout.connect(lambda: self.lock("inactivity"))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def t(self, key: str, **params: object) -> str:
        return i18n.plain(i18n.text(key, self.lang, **params))

    # Sign-in (the clerk station's check, on the operations runner) ------------------------------
    def sign_in(self) -> None:
        if self._signing_in:
            return
        account_id, password = self.account_field.text().strip(), self.password_field.text()
        code = self.totp_field.text().strip() or None
        self.password_field.clear()
        self.totp_field.clear()
        if self.db is None:  # no staff database configured: nobody can sign in
            self.sign_in_message.setText(self.t("db.unreachable"))
            return
        self._signing_in = True
        self.sign_in_message.setText(self.t("clerk.checking"))
        db, station, failures = self.db, self.station_id, self.max_failures

        def work() -> Any:
            from kiosk import staff

            return staff.sign_in(db, account_id, password, code, role="clerk", max_failures=failures, station=station)

        runner().run(work, self._signed_in, self._sign_in_failed, owner=self)

    def _signed_in(self, account: Any) -> None:
        self._signing_in = False
        self.account = account
        self.sign_in_message.clear()
        self.stack.setCurrentWidget(self.work_page)
        self.idle.start()
        self.line.setFocus()

    def lock(self, reason: str) -> None:
        """Back to the sign-in page; the resident's session ends and is wiped (PRIV-08)."""
        if self.account is None:
            return
        account, self.account = self.account, None
        self.idle.stop()
        self.controller.finish()
        self.stack.setCurrentWidget(self.sign_in_page)
        self.sign_in_message.setText(self.t("clerk.locked_screen"))
        if self.db is not None:
            from kiosk import staff

            db, station = self.db, self.station_id
            runner().run(lambda: staff.sign_out(db, account, reason=reason, station=station),
                         on_failure=lambda error: None)
        self.account_field.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self.account is not None and event.type() in ACTIVITY:
            self.idle.start()
        return False

    def _sign_in_failed(self, error: Exception) -> None:
        self._signing_in = False
        key = error.key if isinstance(error, KioskError) else "clerk.error"
        self.sign_in_message.setText(self.t(key))
        self.password_field.setFocus()

    # The work page -----------------------------------------------------------------------------
    def _build_work(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.status = QLabel("")
        self.status.setObjectName("CounterStatus")
        layout.addWidget(self.status)
        self.prompt = QLabel("")
        self.prompt.setObjectName("Prompt")
        self.prompt.setWordWrap(True)
        font = self.prompt.font()
        font.setPointSize(20)
        self.prompt.setFont(font)
        layout.addWidget(self.prompt)
        self.choices = QLabel("")
        self.choices.setObjectName("Choices")
        self.choices.setWordWrap(True)
        layout.addWidget(self.choices)
        self.line = AnswerLine(self._key)
        self.line.returnPressed.connect(self._enter)
        self.line.textEdited.connect(lambda _t: self._show_choices())
        layout.addWidget(self.line)
        self.household = HouseholdModel(self.controller)
        self.table = QTableView()
        self.table.setObjectName("Household")
        self.table.setModel(self.household)
        self.table.setEditTriggers(QTableView.EditTrigger.AnyKeyPressed | QTableView.EditTrigger.DoubleClicked
                                   | QTableView.EditTrigger.EditKeyPressed)
        layout.addWidget(self.table, 1)
        self.review = ReviewTable(self.controller, lambda key, **params: self.message.setText(self.t(key, **params)))
        layout.addWidget(self.review, 2)
        self.message = QLabel("")
        self.message.setObjectName("Message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)  # with no table on screen, the prompt and the line stay at the top
        self.stack.addWidget(page)
        self.work_page = page

    # Reacting to the controller -----------------------------------------------------------------
    def counter_changed(self, state: CounterState) -> None:
        previous, self.state = self.state, state
        screen = state.screen
        done, total = state.progress
        self.status.setText(f"{screen.value}  {done}/{total}" + (f"  [{state.language}]" if state.language else ""))
        self.message.setText(self.t(state.message_key) if state.message_key else "")
        self.table.setVisible(screen is Screen.MEMBERS)
        self.review.setVisible(screen is Screen.REVIEW)
        self.line.setVisible(screen is not Screen.MEMBERS)
        if screen is Screen.MEMBERS:
            if previous.screen is not Screen.MEMBERS:
                self.household.reload()
                self.table.setFocus()
                self.table.setCurrentIndex(self.household.index(0, 0))
        elif screen is Screen.REVIEW:
            if (previous.screen, previous.form_id) != (screen, state.form_id):
                self.review.fill()
        elif previous.screen is not screen and self.stack.currentWidget() is self.work_page:
            self.line.setFocus()
        if (previous.screen, previous.question_id, previous.question_person) != \
                (screen, state.question_id, state.question_person):
            self.line.clear()
        self.prompt.setText(self._prompt(state))
        self._show_choices()

    def _prompt(self, state: CounterState) -> str:
        screen = state.screen
        if screen is Screen.LANGUAGE:
            return self.t("counter.scan_resume")
        if screen is Screen.QUESTION:
            q = self.controller.journey.question()
            who = f"[{state.question_person + 1}] " if state.question_person is not None else ""
            return who + (i18n.plain(localized(q.text, "ja")) if q is not None else "")
        if screen is Screen.CARD:
            n = (state.card_member or 0) + 1
            stage = self.t("counter.pin_on_resident", n=state.pin_digits) if state.card_stage.value == "pin" \
                else state.card_stage.value
            return f"{n}: {stage}"
        if screen is Screen.REVIEW:
            wait = "counter.resident_confirmed" if state.resident_confirmed else "counter.waiting_resident"
            form = self.controller.journey.current_form()
            title = localized(form.title, "ja") if form is not None else state.form_id
            return f"{title}: {self.t(wait)}"
        titles = {Screen.NOTICE: "resident.notice_title", Screen.MEMBERS: "resident.members_title",
                  Screen.CONFIRM: "resident.confirm_title", Screen.RESULT: "resident.result_take"}
        return self.t(titles[screen]) if screen in titles else screen.value

    def _show_choices(self) -> None:
        screen = self.state.screen
        if screen is Screen.LANGUAGE:
            labels = [(lang, i18n.plain(i18n.text("resident.autonym", lang))) for lang in SHIPPED_LANGUAGES]
            self.choices.setText("   ".join(f"{i % 10}:{label}" for i, (_l, label) in enumerate(labels, 1)))
            return
        q = self.controller.journey.question() if screen is Screen.QUESTION else None
        if q is None or q.kind == "date":
            self.choices.setText("YYYYMMDD" if q is not None else "")
            return
        matches = self._matches(q)
        self.choices.setText("   ".join(f"{i}:{label}" for i, (_v, label) in enumerate(options_of(q), 1)
                                        if (_v, label) in matches) + "   " + self.t("counter.everyone_hint"))

    def _matches(self, q: Question) -> list[tuple[Any, str]]:
        typed = self.line.text().strip().lower()
        opts = options_of(q)
        if not typed:
            return opts
        mnemonic = {True: "yes", False: "no"}  # y / n for a yes-no question, whatever the labels
        return [(v, label) for v, label in opts if label.lower().startswith(typed) or str(v).lower().startswith(typed)
                or (isinstance(v, bool) and mnemonic[v].startswith(typed))]

    # Keys ------------------------------------------------------------------------------------------
    def _key(self, event: QKeyEvent) -> bool:
        text = event.text()
        screen = self.state.screen
        shifted = text in SHIFTED_DIGITS or (event.modifiers() & Qt.KeyboardModifier.ShiftModifier and text.isdigit())
        digit = SHIFTED_DIGITS.get(text, text)
        if self.line.text() or not digit.isdigit() or len(digit) != 1:
            return False
        if screen is Screen.LANGUAGE:
            index = (int(digit) or 10) - 1
            if index < len(SHIPPED_LANGUAGES):
                self.controller.start(SHIPPED_LANGUAGES[index])
            return True
        q = self.controller.journey.question() if screen is Screen.QUESTION else None
        if q is None or q.kind == "date":
            return False
        opts = options_of(q)
        index = int(digit) - 1
        if 0 <= index < len(opts):
            self.controller.answer(opts[index][0], everyone=bool(shifted))
        return True

    def _enter(self) -> None:
        text = self.line.text().strip()
        screen = self.state.screen
        if text.upper().startswith("KS1"):
            self.line.clear()
            if self.on_resume is not None:
                self.on_resume(text)
            return
        if screen is Screen.NOTICE:
            self.controller.acknowledge_notice()
            return
        if screen is Screen.LANGUAGE:
            found = [lang for lang in SHIPPED_LANGUAGES if lang.lower().startswith(text.lower())] if text else []
            if found:
                self.controller.start(found[0])
            return
        q = self.controller.journey.question() if screen is Screen.QUESTION else None
        if q is not None and q.kind == "date":
            from kiosk.ui.counter.household_table import parse_date

            day = parse_date(text, past=False)
            if day is not None:
                self.controller.answer(day)
            return
        if q is not None:
            matches = self._matches(q)
            if matches:
                self.controller.answer(matches[0][0])
            return
        self.move_on()

    def move_on(self) -> None:
        screen = self.state.screen
        c = self.controller
        if screen is Screen.NOTICE:
            c.acknowledge_notice()
        elif screen is Screen.MEMBERS:
            self.table.setCurrentIndex(self.household.index(0, 0))  # commits an open editor
            c.members_done()
        elif screen is Screen.REVIEW:
            c.next_form()
        elif screen is Screen.CONFIRM:
            c.confirm()
            if self.on_print is not None:
                self.on_print()
        elif screen is Screen.RESULT:
            c.finish()
