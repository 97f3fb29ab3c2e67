"""The screens between the language and the household: the notice (利用目的) and the navigator's
questions, one a screen; and :func:`member_label`, which names a member on the later screens."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QWidget,
)

from kiosk import i18n
from kiosk.catalogue.model import localized
from kiosk.catalogue.types.dates import day_button, day_label
from kiosk.ui.base import ScreenBase, focusable
from kiosk.ui.choice_buttons import Choice, ChoiceButtons
from kiosk.ui.date_pad import KeptDatePad
from kiosk.ui.keypads import NumericPad
from kiosk.ui.widgets import RubyLabel, button, set_text

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.window import KioskWindow


class NoticeScreen(ScreenBase):
    """利用目的 notice, acknowledged before any card APDU (PRIV-01)."""

    name = "notice"

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.text = RubyLabel("")
        self.body.addWidget(self.text)
        self.body.addStretch(1)
        self.ok = button("", primary=True, name="notice-ok")
        self.ok.clicked.connect(self.acknowledge)
        self.action_row.addStretch(1)
        self.action_row.addWidget(self.ok)

    def refresh(self) -> None:
        self.title.setText(self.t("resident.notice_title"))
        self.text.setText(self.t("resident.notice_text", town=self.kiosk.config.municipality.name_in(self.lang)))
        set_text(self.ok, self.t("resident.notice_ok"))

    def acknowledge(self) -> None:
        self.kiosk.tapped()
        self.journey.acknowledge_notice()

    def reset(self) -> bool:
        self.forget()
        return True


PROGRESS_STEPS = 1000  # the progress bar's resolution (Journey.progress_fraction)


class QuestionScreen(ScreenBase):
    """One navigator question per screen, big answer buttons, progress."""

    name = "question"

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.outer.insertWidget(0, self.progress)
        # The question, then its answers: a date pad goes beside the text on a compact landscape window.
        self.lead = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.lead.setSpacing(window.metrics_px.spacing * 2)
        self.text = RubyLabel("")
        # Beside the question, "another day" of a date question that offers days: no row of its own.
        self.other_day = button("", primary=False, name="date-other")
        self.other_day.clicked.connect(lambda _=False: self._type_date())
        self.other_day.hide()
        heading = QHBoxLayout()
        heading.setSpacing(window.metrics_px.spacing * 2)
        heading.addWidget(self.text, 1)
        heading.addWidget(self.other_day, 0, Qt.AlignmentFlag.AlignTop)
        self.lead.addLayout(heading, 1)
        self.answers = QGridLayout()
        self.answers.setSpacing(window.metrics_px.spacing * 3)
        self.lead.addLayout(self.answers)
        self.body.addLayout(self.lead)
        self.body.addStretch(1)
        self.choices = ChoiceButtons(self.page_body.content, self._answer)  # kept across questions and sessions
        self.date_pad = KeptDatePad(self._date, self._pad_cancelled, self.kiosk.typed)
        self._pad_back = False  # the pad's cancel goes back to the quick choices (else to the last screen)
        self._side = False
        self._step: object = None  # the question shown (journey.detail)
        self._typing = False  # a date question with quick choices: the pad was asked for
        self._days: list[QPushButton] = []  # a date question's day buttons
        self._wide = True  # the days laid out for a landscape window

    @property
    def pad(self) -> NumericPad | None:
        """The date pad when shown."""
        return self.date_pad.shown

    def arrange(self, side: bool) -> None:
        self._side = side
        self.set_beside(self.lead, side and self.pad is not None)
        self._place_days()

    def fit_window(self) -> None:
        super().fit_window()
        size = self.kiosk.size()
        if self._days and (size.width() > size.height()) != self._wide:
            self._place_days()

    def _place_days(self) -> None:
        """The days of a date question in rows as wide as the window allows: a landscape window
        is short, a portrait one narrow (every day stays in view, A11Y-04)."""
        size = self.kiosk.size()
        self._wide = size.width() > size.height()
        columns = 5 if self._wide else 3
        for i, b in enumerate(self._days):
            self.answers.removeWidget(b)
            self.answers.addWidget(b, i // columns, i % columns)
        # Rows of days closer together than answers: three rows under the question on a short window.
        spacing = self.kiosk.metrics_px.spacing
        self.answers.setVerticalSpacing(spacing * (1 if self._days else 3))
        self.lead.setSpacing(spacing * (1 if self._days else 2))
        for c in range(self.answers.columnCount()):  # columns of one width, whatever the label
            self.answers.setColumnStretch(c, 1 if self._days and c < columns else 0)

    def refresh(self) -> None:
        q = self.journey.question()
        if q is None:
            return
        done, total = self.journey.progress()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setValue(round(self.journey.progress_fraction() * PROGRESS_STEPS))
        # "n of N" once the members are known (N is then this household's own count); before,
        # the most there could be would read as a promise: only "question n".
        step = (self.t("resident.progress", done=done + 1, total=max(total, done + 1))
                if self.journey.session.members_confirmed else self.t("resident.progress_open", done=done + 1))
        self.progress.setAccessibleName(i18n.plain(step))
        person = self.journey.question_person()
        self.title.setText(step if person is None else f"{step} — {member_label(self, person)}")
        if self.journey.detail != self._step:  # a new question: its quick choices first, an empty pad
            self._step, self._typing = self.journey.detail, False
            self._close_pad()
        days = self.journey.date_choices() if q.kind == "date" and not self._typing else ()
        # The days offered carry the question's window themselves: its help (the rule behind the
        # window) comes with the date pad, and the days keep the room of a short window (A11Y-04).
        self.text.setText(localized(q.text, self.lang) + (
            "\n" + localized(q.help, self.lang) if getattr(q, "help", None) and not days else ""))
        current = self.journey.current_answer()
        choices: list[tuple[str, object]] = []
        if q.kind == "yes_no":
            choices = [(self.t("resident.yes"), True), (self.t("resident.no"), False)]
        elif q.kind == "choice":
            choices = [(localized(o.label, self.lang), o.code) for o in q.options]
        elif q.kind == "count":
            low = q.minimum if q.minimum is not None else 0
            choices = [(str(n), n) for n in range(low, (q.maximum if q.maximum is not None else 6) + 1)]
        if q.kind == "date" and not days:
            self._days = []
            self.choices.clear(self.answers)
            self._open_pad(self._typing)
            return
        self._close_pad()
        today = self.journey.session.household.today
        if days:  # the days the question's window offers, one tap each; the pad for any other day
            choices = [(day_button(d, today, self.lang, self.t), d) for d in days]
        shown = self.choices.fill([
            Choice(label, f"answer-{i}", value, selected=current == value and current is not None,
                   # a day's full date, as the date type displays it
                   spoken=i18n.plain(day_label(value, today, self.lang, self.t))
                   if days and isinstance(value, dt.date) else "")
            for i, (label, value) in enumerate(choices)], self.answers)
        columns = 4 if q.kind == "count" else (2 if len(choices) > 3 else 1)
        self._days = shown if days else []
        if not days:
            for i, b in enumerate(shown):
                self.answers.addWidget(b, i // columns, i % columns)
        for b in shown:
            b.show()
        set_text(self.other_day, self.t("resident.date_other"))
        self.other_day.setVisible(bool(days))  # any other day on the date pad
        self.arrange(self._side)
        first = self.answers.itemAt(0)
        widget = first.widget() if first is not None else None
        if widget is not None:
            widget.setFocus()

    def initial_focus(self) -> QWidget | None:
        """The first key of the date pad, else the answer given before, else the first answer."""
        pad = _shown_pad(self)
        if pad is not None:
            return next(iter(pad.grid.cells.values()), None)
        answers = [b for b in self.findChildren(QPushButton) if b.objectName().startswith("answer-")
                   and focusable(b, self)]
        chosen = [b for b in answers if b.property("selected")]
        return next(iter(chosen or answers), None)

    def _open_pad(self, back_to_choices: bool) -> None:
        """The date pad; Back returns to the quick choices when the question has them."""
        self._days = []
        self.other_day.hide()
        self._pad_back = back_to_choices
        pad = self.date_pad.open(self.lang)  # shown already (a language switch): what was typed stays
        self.answers.addWidget(pad, 0, 0)
        pad.show()
        self.arrange(self._side)

    def _close_pad(self) -> None:
        """The pad out of the page, emptied (kept for the next date typed)."""
        pad = self.date_pad.close(self.lang)
        if pad is not None:
            self.answers.removeWidget(pad)

    def _pad_cancelled(self) -> None:
        if self._pad_back:
            self._show_choices()
        else:
            self.journey.back()

    def _type_date(self, first: str = "") -> None:
        """From the quick choices to the date pad (a tap on "another day", or a digit key)."""
        self.kiosk.tapped()
        self._typing = True
        self.refresh()  # the pad, and the question's help with it
        if self.pad is not None:
            self.pad.show()  # now, not on the next loop: the keys typed next go into it
            if first:
                self.pad.type_text(first)
        self.settle_focus()

    def _show_choices(self) -> None:
        self._typing = False
        self.refresh()
        QTimer.singleShot(0, self.settle_focus)  # once the days are shown

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """A digit typed while the days are offered opens the date pad with it (keys alone)."""
        text = event.text()
        if (self.pad is None and not self._typing and len(text) == 1 and text.isdigit() and text.isascii()
                and self.journey.date_choices()):
            self._type_date(text)
            return
        super().keyPressEvent(event)

    def _date(self, digits: str) -> None:
        import datetime as dt

        try:
            value = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        except ValueError:
            self.show_problem("resident.bad_date")
            return
        self.clear_problem()
        self._answer(value)

    def _answer(self, value) -> None:
        self.kiosk.tapped()
        self.journey.answer(value)

    def reset(self) -> bool:
        self.forget()
        self.text.setText("")
        self._close_pad()
        self._days = []
        self.choices.clear(self.answers)
        self.progress.setValue(0)
        return True


def member_label(screen: ScreenBase, index: int) -> str:
    """"Person 2" (and the name once the card gave it: the resident's own session), with the
    furigana of やさしい日本語 ("{人目|にんめ}"): show it in a RubyLabel, name controls with
    ``i18n.plain`` of it."""
    member = screen.journey.session.members[index]
    label = screen.t("resident.member_n", n=index + 1)
    name = member.card.get("name")
    return f"{label}  {name}" if name else label


def _shown_pad(screen: ScreenBase) -> NumericPad | None:
    """The date pad the screen shows (a pad being taken down is hidden first)."""
    return next((p for p in screen.findChildren(NumericPad) if p.isVisibleTo(screen)), None)
