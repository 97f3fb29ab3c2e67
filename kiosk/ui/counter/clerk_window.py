"""The clerk's window of ``kiosk counter``: sign-in as at the clerk station (the same page and the
same staff check), then the resident's journey driven by keys.

One input line (the clerk station's wedge field) takes everything typed: a digit answers the
question on screen (Shift+digit: for everyone after this person too), letters narrow the
choices (type-ahead) and Enter takes the first left, a date is typed as YYYYMMDD, a scanned
``KS1-…`` resume code continues a kiosk session. The household is an editable table; review
values are edited in place. Ctrl+Enter moves on (members done, next form once the resident
confirmed, print, finish); F8 sends the member at the card reader to hand entry; Ctrl+Shift+L (or
the サインアウト button) signs the clerk out and wipes the resident's session. The PIN is never
typed here: this window shows only that it is being typed on the resident's screen, and how many
digits.

Layout: a header (the step and its progress in words, the resident's language, the staff signed
in, サインアウト), the work on the left (prompt, numbered choices, input line, tables, the sheets
printed), the household so far on the right (:mod:`kiosk.ui.counter.household_panel`) and the keys
of the screen as keycaps in a bar at the bottom (:mod:`kiosk.ui.counter.clerk_parts`); the words of
the prompt, the choices and the key hints come from :mod:`kiosk.ui.counter.clerk_words`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n, staff, town_areas
from kiosk.catalogue.types.textual import postal_text
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.counter import CounterController, CounterState
from kiosk.journey import CataloguePort, Screen
from kiosk.ui.clerk.common import ScanField
from kiosk.ui.clerk.gate import SIGN_OUT_KEYS, Gated, SignInGate
from kiosk.ui.counter.clerk_parts import (
    COLOURS,
    ChoiceList,
    KeyBar,
    PrintedSheets,
    language_words,
    sheet_rows,
    step_words,
)
from kiosk.ui.counter.clerk_parts import options_of as options_of  # the choices' order, also the resident's
from kiosk.ui.counter.clerk_words import choice_words, key_hints, matches, prompt_words
from kiosk.ui.counter.household_panel import HouseholdPanel
from kiosk.ui.counter.household_table import HouseholdModel, HouseholdTable
from kiosk.ui.counter.review_table import ReviewTable

SHIFTED_DIGITS = {"!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7", "*": "8", "(": "9",
                  "！": "1", "＂": "2", "＃": "3", "＄": "4", "％": "5", "＆": "6", "＇": "7", "（": "8", "）": "9"}


class AnswerLine(ScanField):
    """The clerk's input line; ``on_key`` sees each key first (True: taken)."""

    def __init__(self, on_key: Callable[[QKeyEvent], bool]) -> None:
        super().__init__()
        self.setObjectName("AnswerLine")
        self._on_key = on_key

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self._on_key(event):
            super().keyPressEvent(event)


class ClerkWindow(Gated, QWidget):
    def __init__(self, controller: CounterController, *, db: Any = None, station_id: str = "counter",
                 max_failures: int = 5, on_resume: Callable[[str], None] | None = None,
                 on_print: Callable[[], None] | None = None, lock_after_seconds: float = 900,
                 lang: str = "ja") -> None:
        super().__init__()
        self.lang = lang  # the clerk's language (``kiosk counter --lang``); the resident's is theirs
        self.setWindowTitle(self.t("counter.title"))
        self.controller = controller
        self.on_resume, self.on_print = on_resume, on_print
        self.on_staffed: Callable[[bool], None] = lambda _on: None  # signed in (True) or out
        self.state: CounterState = controller.state()
        self._panel_shown: tuple[object, ...] = ()  # what the side panel was last drawn for
        self.stack = QStackedWidget(self)
        QVBoxLayout(self).addWidget(self.stack)
        self._build_work()
        # The staff gate of the clerk station (SEC-10: any key or touch on either window keeps it open).
        self.gate = SignInGate(db, station_id=station_id, stack=self.stack, work_page=self.work_page,
                               title=self.t("counter.title"), t=self.t, on_signed_in=self._signed_in,
                               on_signed_out=self._signed_out, role="clerk", max_failures=max_failures,
                               lock_after_seconds=lock_after_seconds, parent=self)
        controller.add_view(self)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.move_on)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.move_on)
        QShortcut(QKeySequence("F8"), self, self.controller.card_unavailable)
        QShortcut(QKeySequence(SIGN_OUT_KEYS), self.work_page, lambda: self.lock("sign_out"))

    def t(self, key: str, **params: object) -> str:
        return i18n.plain(i18n.text(key, self.lang, **params))

    # After sign-in and sign-out (the gate does the rest) -------------------------------------------
    def _signed_in(self, account: staff.StaffAccount) -> None:
        self.staff.setText(self.t("counter.staff", id=account.id))
        self.line.setFocus()
        self.on_staffed(True)

    def _signed_out(self, _reason: str) -> None:
        """The resident's session ends and is wiped (PRIV-08); so is what the panel showed."""
        self.staff.setText("")
        self.controller.finish()
        self.panel.clear()
        self.on_staffed(False)

    # The work page -----------------------------------------------------------------------------
    def _build_work(self) -> None:
        page = QWidget()
        page.setObjectName("CounterWork")
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_header())
        body = QHBoxLayout()  # the side panel goes under the work on a portrait window (resizeEvent)
        body.setContentsMargins(16, 12, 0, 0)
        self._body = body
        main = QVBoxLayout()
        body.addLayout(main, 2)
        self.panel = HouseholdPanel(self.t, self.lang)
        body.addWidget(self.panel, 1)
        outer.addLayout(body, 1)
        self.prompt = QLabel("")
        self.prompt.setObjectName("Prompt")
        self.prompt.setWordWrap(True)
        font = self.prompt.font()
        font.setPointSize(20)
        self.prompt.setFont(font)
        main.addWidget(self.prompt)
        self.choices = ChoiceList()
        main.addWidget(self.choices)
        self.line = AnswerLine(self._key)
        self.line.returnPressed.connect(self._enter)
        self.line.textEdited.connect(lambda _t: self._show_choices())
        self.line.setMinimumHeight(44)
        font = self.line.font()
        font.setPointSize(16)
        self.line.setFont(font)
        main.addWidget(self.line)
        self.household = HouseholdModel(self.controller, self.lang)
        self.table = HouseholdTable(self.household)
        self.table.setObjectName("Household")
        main.addWidget(self.table, 1)
        self.review = ReviewTable(self.controller, self.lang, lambda key, **params: self.message.setText(self.t(key, **params)),
                                  lambda match: self.message.setText(self.t("counter.enter_takes", value=match)
                                                                     if match else ""),
                                  self.choices.setText, self._show_area)
        main.addWidget(self.review, 2)
        self.printed = PrintedSheets(self.t)
        main.addWidget(self.printed)
        self.area = QLabel("")  # the town area a name typed in the postal cell chose (not a problem)
        self.area.setObjectName("PostalArea")
        self.area.setVisible(False)
        main.addWidget(self.area)
        self.message = QLabel("")
        self.message.setObjectName("Message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"#Message {{ color:{COLOURS['error']}; font-size:14pt; }}")
        main.addWidget(self.message)
        main.addStretch(1)  # with no table on screen, the prompt and the line stay at the top
        self._work, self._spacer = main, main.count() - 1
        self.keys_help = KeyBar()  # the keys of the screen on show
        outer.addWidget(self.keys_help)
        self.stack.addWidget(page)
        self.work_page = page

    def _build_header(self) -> QWidget:
        """The step and its progress, the resident's language, the staff signed in, sign-out."""
        header = QWidget()
        header.setObjectName("CounterHeader")
        header.setStyleSheet(f"#CounterHeader {{ background:{COLOURS['primary']}; }} "
                             f"#CounterHeader QLabel {{ color:{COLOURS['primary_text']}; }}")
        top = QHBoxLayout(header)
        top.setContentsMargins(16, 8, 16, 8)
        self.status = QLabel("")
        self.status.setObjectName("CounterStatus")
        font = self.status.font()
        font.setPointSize(18)
        font.setBold(True)
        self.status.setFont(font)
        self.status.setWordWrap(True)  # a long form's title takes a second line on a narrow window
        top.addWidget(self.status, 1)
        self.language = QLabel("")
        self.language.setObjectName("ResidentLanguage")
        self.staff = QLabel("")
        self.staff.setObjectName("StaffId")
        for label in (self.language, self.staff):
            font = label.font()
            font.setPointSize(13)
            label.setFont(font)
            top.addWidget(label)
            top.addSpacing(24)
        signing_out = self.t("clerk.sign_out")
        self.sign_out_button = QPushButton(f"{signing_out} ({SIGN_OUT_KEYS})")
        self.sign_out_button.setObjectName("counter-sign-out")
        self.sign_out_button.setAccessibleName(signing_out)
        self.sign_out_button.setMinimumHeight(44)
        self.sign_out_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click does not take the answer line's focus
        self.sign_out_button.clicked.connect(lambda: self.lock("sign_out"))
        top.addWidget(self.sign_out_button)
        return header

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        portrait = self.height() > self.width()
        self._body.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)

    def _show_area(self, area: town_areas.Area | None) -> None:
        self.area.setText(self.t("counter.postal_area", area=area.name, code=postal_text(area.code, mark=""))
                          if area is not None else "")
        self.area.setVisible(area is not None and self.state.screen is Screen.REVIEW)

    def show_printed(self, form_ids: list[str], route: list[tuple[str, int]],
                     heading: str = "counter.printed_title") -> None:
        """The sheets of the result: form, division, waiting number (``route``: as received)."""
        port = self.controller.journey.catalogue
        rows = sheet_rows(port.catalogue, form_ids, route, self.lang) if isinstance(port, CataloguePort) else []
        self.printed.show_rows(rows, heading)

    # Reacting to the controller -----------------------------------------------------------------
    def counter_changed(self, state: CounterState) -> None:
        previous, self.state = self.state, state
        screen = state.screen
        self.status.setText(step_words(self.controller, state, self.t, self.lang))
        self.language.setText(language_words(state, self.t))
        self.message.setText(self.t(state.message_key) if state.message_key else "")
        if previous.screen is Screen.MEMBERS and screen is not Screen.MEMBERS:
            self.household.reload()  # a cell still being typed (a sign-out meanwhile) closes unsaved: its row is gone
        self.table.setVisible(screen is Screen.MEMBERS)
        self.review.setVisible(screen is Screen.REVIEW)
        self.printed.setVisible(screen in (Screen.CONFIRM, Screen.RESULT))
        self.area.setVisible(screen is Screen.REVIEW and bool(self.area.text()))
        self.line.setVisible(screen is not Screen.MEMBERS)
        self.choices.inline = screen is Screen.REVIEW
        self.keys_help.setText(key_hints(screen, self.t))
        self.keys_help.setVisible(bool(self.keys_help.text()))
        self._work.setStretch(self._spacer, 0 if screen in (Screen.MEMBERS, Screen.REVIEW) else 1)  # tables: all
        shown = (screen, state.question_id, state.question_person, state.form_id, state.progress, state.card_member)
        if shown != self._panel_shown or screen is Screen.MEMBERS:  # not at each value typed in review
            self._panel_shown = shown
            self.panel.show_household(self.controller)
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
        if screen is Screen.RESULT and previous.screen is not Screen.RESULT:
            self.show_printed([form.id for form in self.controller.journey.forms()], [], "counter.printing")
        elif screen is Screen.CONFIRM:
            self.show_printed([form.id for form in self.controller.journey.forms()], [], "counter.to_print")
        elif screen is not Screen.RESULT:
            self.printed.show_rows([])
        if (previous.screen, previous.question_id, previous.question_person) != \
                (screen, state.question_id, state.question_person):
            self.line.clear()
        self.prompt.setText(prompt_words(self.controller, state, self.t, self.lang))
        self._show_choices()

    def _show_choices(self) -> None:
        if self.state.screen is not Screen.REVIEW:  # the review table shows the choices of its current row
            self.choices.setText(choice_words(self.controller, self.state.screen, self.line.text(), self.t, self.lang))

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
        opts = options_of(q, self.lang)
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
            codes = [lang for lang in SHIPPED_LANGUAGES if lang.lower().startswith(text.lower())] if text else []
            if codes:
                self.controller.start(codes[0])
            return
        q = self.controller.journey.question() if screen is Screen.QUESTION else None
        if q is not None and q.kind == "date":
            from kiosk.counter.typed_dates import typed_date

            days = self.controller.journey.date_choices()
            window = int(text) if text.isdigit() and len(text) <= 2 else 0  # the N-th day offered
            day = days[window - 1] if 0 < window <= len(days) else typed_date(text, past=False)
            if day is not None:
                self.controller.answer(day)
            return
        if q is not None:
            found = matches(q, text, self.lang)
            if found:
                self.controller.answer(found[0][0])
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
