"""A past date (a birth date) chosen by touch in four large steps: decade, year, month, day
(:mod:`kiosk.catalogue.types.date_steps`). One step at a time as a grid of big buttons under a
heading of the parts chosen ("2016年 › 11月"); 戻る goes back one step, "数字で入力" opens the date
pad (YYYYMMDD) for anyone who prefers typing, and its cancel comes back to the steps.

Keys alone (A11Y-10): arrows cross the grid (the window's :func:`kiosk.ui.focus.arrow`), Enter
chooses the focused button, Escape or Backspace goes back a step (and closes at the first). Each
step opens with the focus where the answer is likely (:meth:`PastDate.likely`: the parts of the
day already set, else today's for a day near today, else near a likely year), so that few arrows
reach it; touch sees the same steps.
Each option's accessible name is its full meaning ("2016年 平成28年", A11Y-15). A later day than
today is never offered; a typed one is refused with ``resident.bad_date``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.catalogue.types.date_steps import FIRST_DAY, PastDate, Step
from kiosk.ui.choice_buttons import Choice, ChoiceButtons
from kiosk.ui.date_pad import KeptDatePad
from kiosk.ui.keypads import NumericPad
from kiosk.ui.widgets import RubyLabel, button, set_text

# The most columns per step on a landscape and on a portrait window; fewer when the labels are
# wider than the window allows (31 days: four rows on a short landscape window, a week a row in portrait).
COLUMNS = {Step.DECADE: (5, 4), Step.YEAR: (5, 4), Step.MONTH: (6, 4), Step.DAY: (8, 7)}
BACK_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Backspace)


def typed_date(digits: str, today: dt.date | None) -> dt.date | None:
    """The day typed on the date pad (YYYYMMDD), or None when it does not exist or lies before
    1900 or (unless ``today`` is None) after today."""
    try:
        day = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    return day if FIRST_DAY <= day and (today is None or day <= today) else None


class DatePicker(QWidget):
    """Chooses a day from 1900 to ``today``; emits :attr:`chosen` with the ``datetime.date``.
    :attr:`closed` when Back is used at the first step, :attr:`stepped` after every step (the
    screen places the focus and speech says the new step), :attr:`problem` with a message key
    when a typed date is refused, :attr:`typed` with the number of digits typed on the pad.
    ``typing``: the pad first, holding ``text``; ``future``: a later day than today may be typed;
    ``known``: the day already set, ``near``: a likely year (:func:`likely_year`) and ``recent``:
    a day most likely near today (a move, a filing), where the focus starts at each step."""

    chosen = Signal(object)
    closed = Signal()
    stepped = Signal()
    problem = Signal(str)
    typed = Signal(int)

    def __init__(self, lang: str, today: dt.date, spacing: int, *, typing: bool = False,
                 future: bool = False, text: str = "", known: dt.date | None = None,
                 near: int | None = None, recent: bool = False) -> None:
        super().__init__()
        self.future = future  # a day after today may be typed on the pad (a move still to come)
        self.setObjectName("DatePicker")
        self.lang = lang
        self.path = PastDate(today, known=known, near=near, recent=recent)
        self.spacing = spacing
        # Built once per picker and relabelled at every step (31 days at most: no new button after
        # the first day step); ``options`` are those of the step shown.
        self.choices = ChoiceButtons(self, self._chosen,
                                     policy=(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed))
        self.options: list[QPushButton] = []
        self._columns = 0
        self._last: int | None = None  # the value chosen at the step just left (focused when back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(spacing * 2)
        head = QHBoxLayout()
        head.setSpacing(spacing * 2)
        self.back = button("", name="date-back")
        self.back.clicked.connect(self.step_back)
        self.heading = RubyLabel("", object_name="PersonHead")
        self.type_button = button("", name="date-type")
        self.type_button.clicked.connect(lambda _=False: self.open_pad())
        head.addWidget(self.back, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.heading, 1)
        head.addWidget(self.type_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        self.grid = QGridLayout()
        self.grid.setSpacing(spacing)
        layout.addLayout(self.grid)
        self.date_pad = KeptDatePad(self._typed, self.close_pad, self.typed.emit)
        self.pad_box = QVBoxLayout()
        layout.addLayout(self.pad_box)
        layout.addStretch(1)
        if typing:
            self.open_pad().set_value(text)  # the value kept, as the pad had it (not counted as typed)
        else:
            self._show_step()

    @property
    def pad(self) -> NumericPad | None:
        """The date pad when shown."""
        return self.date_pad.shown

    @property
    def typing(self) -> bool:
        """The date pad is shown instead of the steps."""
        return self.pad is not None

    # Steps ------------------------------------------------------------------------------------
    def _show_step(self) -> None:
        self._columns = 0
        path, lang = self.path, self.lang
        heading, prompt = path.heading(lang), path.prompt(lang)
        # The parts chosen once there are some (one line beside 戻る: the options keep the room
        # of a short window); what the step asks is said in speech and in the accessible name.
        self.heading.setText(heading or prompt)
        self.heading.setAccessibleName(i18n.plain(f"{heading} {prompt}" if heading else prompt))
        set_text(self.back, i18n.text("resident.back", lang))
        set_text(self.type_button, i18n.text("resident.date_type", lang))
        self.options = self.choices.fill([
            Choice(option.label, f"date-{option.value}", option.value, selected=option.value == self._last,
                   spoken=option.spoken) for option in path.options(lang)], self.grid)
        for b in self.options:
            b.ensurePolished()  # styled as the window styles it: its size hint is the one shown
        self._place()

    def restart(self, lang: str, today: dt.date, *, known: dt.date | None = None, near: int | None = None,
                recent: bool = False, typing: bool = False, text: str = "") -> None:
        """The picker again for another date, from its first step, or (``typing``) on the date pad
        holding ``text``, as a new picker would open (the members screen and the review's editor
        keep one). Nothing is emitted: the screen opening it places the focus itself."""
        self._drop_pad()
        self.lang = lang
        self.path = PastDate(today, known=known, near=near, recent=recent)
        self._last = None
        for b in (self.back, self.type_button, self.heading):
            b.show()
        if typing:
            blocked = self.blockSignals(True)
            try:
                self.open_pad().set_value(text)  # the value kept, as the pad had it (not counted as typed)
            finally:
                self.blockSignals(blocked)
        else:
            self._show_step()

    def wipe(self) -> None:
        """Nothing of the date chosen or typed is left (PRIV-08): no option, heading or digit."""
        self._drop_pad()
        self.path = PastDate(self.path.today)
        self._last = None
        self.options = []
        self.choices.clear(self.grid)
        self.heading.setText("")
        self.heading.setAccessibleName("")

    def _place(self) -> None:
        """As many columns as the step wants and the widest label allows in this width."""
        if not self.options:
            return
        widest = max(b.sizeHint().width() for b in self.options)
        fit = max(1, (self.width() + self.spacing) // (widest + self.spacing)) if self.width() > 0 else 99
        screen = self.window().size()
        most = COLUMNS[self.path.step][0 if screen.width() > screen.height() else 1]
        columns = max(1, min(most, fit, len(self.options)))
        if columns == self._columns:
            return
        self._columns = columns
        for b in self.options:
            self.grid.removeWidget(b)
        for i, b in enumerate(self.options):
            self.grid.addWidget(b, i // columns, i % columns)
            b.show()
        for c in range(self.grid.columnCount()):  # columns of one width, whatever the label
            self.grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Large text or another theme: the labels' widths change, and with them the columns."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and self.options:
            self._columns = 0
            QTimer.singleShot(0, self, self._place)  # once the buttons have their new style

    def _chosen(self, value: object) -> None:
        if isinstance(value, int):
            self.choose(value)

    def choose(self, value: int) -> None:
        """The option ``value`` of the current step: on to the next step, or the day chosen."""
        nxt = self.path.choose(value)
        if isinstance(nxt, dt.date):
            self.chosen.emit(nxt)
            return
        self.path, self._last = nxt, None
        self._show_step()
        self.stepped.emit()

    def step_back(self) -> None:
        """One step back; at the first step the picker is closed."""
        before = self.path.back()
        if before is None:
            self.closed.emit()
            return
        path = self.path  # the part forgotten keeps the focus when its step comes back
        self._last = path.month if path.month is not None else path.year if path.year is not None else path.decade
        self.path = before
        self._show_step()
        self.stepped.emit()

    def retranslate(self, lang: str) -> None:
        """The same step (or the pad with what was typed) in ``lang`` (ML-05)."""
        if lang == self.lang:
            return
        self.lang = lang
        if self.pad is not None:
            self.pad.load(lang, self.pad.value)
        else:
            self._show_step()

    # The date pad -----------------------------------------------------------------------------
    def open_pad(self, first: str = "") -> NumericPad:
        """The date pad instead of the steps (``first``: a digit typed); its cancel comes back to them."""
        for b in (*self.options, self.back, self.type_button, self.heading):
            b.hide()
        pad = self.date_pad.open(self.lang)
        if self.pad_box.indexOf(pad) < 0:
            self.pad_box.addWidget(pad)
        pad.show()  # now, not on the next loop: the keys typed next go into it
        if first:
            pad.type_text(first)
        self.stepped.emit()
        return pad

    def close_pad(self) -> None:
        self._drop_pad()
        for b in (self.back, self.type_button, self.heading):
            b.show()
        self._columns = 0
        self._place()
        self.stepped.emit()

    def _drop_pad(self) -> None:
        """The pad hidden and emptied (kept for the next time it is asked for)."""
        self.date_pad.close(self.lang)

    def _typed(self, digits: str) -> None:
        day = typed_date(digits, None if self.future else self.path.today)
        if day is None:
            self.problem.emit("resident.bad_date")
            return
        self.chosen.emit(day)

    # Focus and keys ---------------------------------------------------------------------------
    def first_control(self) -> QWidget | None:
        """The first key of the pad, else the option chosen before going back, else the likely
        one, else the first."""
        if self.pad is not None:
            return next(iter(self.pad.grid.cells.values()), None)
        likely = f"date-{self.path.likely()}"
        chosen = [b for b in self.options if b.property("selected")] or [b for b in self.options
                                                                          if b.objectName() == likely]
        return next(iter(chosen or self.options), None)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Escape or Backspace: one step back; a digit opens the date pad with it (the keys of
        the pad are the pad's own)."""
        if self.pad is None and event.key() in BACK_KEYS:
            self.step_back()
            return
        text = event.text()
        if self.pad is None and len(text) == 1 and text.isascii() and text.isdigit():
            self.open_pad(text)
            return
        super().keyPressEvent(event)
