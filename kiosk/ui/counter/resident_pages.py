"""The pages of the counter's resident window (:mod:`kiosk.ui.counter.resident_window`), drawn
from the controller alone: the languages to choose from, the question with its answers as numbered cards (the one the clerk
recorded shown as chosen), a form for review as tables (household fields: label and value; one
row per person), the household as the clerk types it, the sheets to take with the counters to visit in order and their waiting
numbers, as the guide slip prints them. Each page is emptied when the session ends (PRIV-08)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.catalogue.model import Catalogue, Counter, Form, FormField, FormValues, Question, localized
from kiosk.catalogue.types.dates import day_button
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.counter.household_rows import is_blank
from kiosk.kanji import COUNTER_CHECK
from kiosk.session import SOURCE_CARD, Member
from kiosk.ui.counter.clerk_window import options_of
from kiosk.ui.widgets import RubyLabel, button, clear_layout, form_title
from printing.model import plain

Translate = Callable[[str], str]
PENDING = "Pending"  # object name of a value the clerk has still to type (「窓口で入力中」)
HANDWRITTEN = "Handwritten"  # object name of a value written by hand on the sheet (署名)


def restyle(widget: QWidget) -> None:
    """Re-polish after a dynamic property changed (as :meth:`KioskWindow.restyle`: touching the
    style sheet, since QStyle.unpolish/polish from Python corrupts reference counts)."""
    sheet = widget.styleSheet()
    widget.setStyleSheet(sheet[:-1] if sheet.endswith(" ") else sheet + " ")


def question_choices(question: Question, lang: str, t: Translate, days: Sequence[dt.date],
                     today: dt.date) -> list[tuple[object, str]]:
    """(value, text) of each answer, numbered as the clerk's keys pick them (:func:`options_of`),
    the text with its furigana in やさしい日本語; a date question: the days it offers, in order."""
    if question.kind == "date":
        return [(day, day_button(day, today, lang, t).replace("\n", "　")) for day in days]
    values = [value for value, _label in options_of(question, lang)]
    if question.kind == "yes_no":
        return list(zip(values, (t("resident.yes"), t("resident.no")), strict=True))
    if question.kind == "choice":
        return [(o.code, localized(o.label, lang)) for o in question.options]
    return [(value, str(value)) for value in values]


class OptionCard(QFrame):
    """One numbered answer, large; not a button: the clerk answers, the resident reads."""

    def __init__(self, number: int, text: str) -> None:
        super().__init__()
        self.setObjectName("OptionCard")
        self.setProperty("selected", False)
        self.n = number
        row = QHBoxLayout(self)
        self.number = QLabel(str(number))
        self.number.setObjectName("OptionNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = RubyLabel(text, object_name="OptionText")
        row.addWidget(self.number)
        row.addWidget(self.label, 1, Qt.AlignmentFlag.AlignVCenter)
        self.setAccessibleName(f"{number}. {i18n.plain(text)}")

    def set_chosen(self, on: bool) -> None:
        self.setProperty("selected", on)
        self.number.setText(f"✓ {self.n}" if on else str(self.n))
        restyle(self)


class QuestionPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.question = RubyLabel("", object_name="Question")
        layout.addWidget(self.question)
        self.cards_box = QGridLayout()
        layout.addLayout(self.cards_box)
        self.recorded = RubyLabel("", object_name="Recorded")
        layout.addWidget(self.recorded)
        layout.addStretch(1)
        self.cards: list[OptionCard] = []
        self.values: list[object] = []
        self.shown: tuple[str, int | None] | None = None  # (question id, person) on show

    def show_question(self, question: Question, person: int | None, text: str,
                      choices: list[tuple[object, str]], columns: int) -> None:
        clear_layout(self.cards_box)
        self.question.setText(text)
        self.recorded.setText("")
        self.cards, self.values = [], []
        for i, (value, label) in enumerate(choices):
            card = OptionCard(i + 1, label)
            self.cards_box.addWidget(card, i // columns, i % columns)
            self.cards.append(card)
            self.values.append(value)
        for c in range(self.cards_box.columnCount()):  # columns of equal width (and none left from before)
            self.cards_box.setColumnStretch(c, 1 if c < columns else 0)
        self.shown = (question.id, person)

    def show_chosen(self, value: object, shown: str, recorded: str) -> None:
        """The answer the clerk recorded, chosen among the cards (or added, a day typed)."""
        if value not in self.values:
            card = OptionCard(len(self.cards) + 1, shown)
            self.cards_box.addWidget(card, self.cards_box.rowCount(), 0, 1, max(1, self.cards_box.columnCount()))
            self.cards.append(card)
            self.values.append(value)
        for card, candidate in zip(self.cards, self.values, strict=True):
            card.set_chosen(candidate == value and type(candidate) is type(value))
        self.recorded.setText("✓ " + recorded)

    def chosen(self) -> list[str]:
        """The texts of the cards shown as chosen."""
        return [card.label.text() for card in self.cards if card.property("selected")]

    def reset(self) -> None:
        clear_layout(self.cards_box)
        self.cards, self.values, self.shown = [], [], None
        self.question.setText("")
        self.recorded.setText("")


class LanguagePage(QWidget):
    """The languages as their autonyms, for the resident to choose their own by touch (the clerk
    may not know it): a tap starts the session in that language, as the clerk's number key does."""

    def __init__(self, choose: Callable[[str], None]) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for i, lang in enumerate(SHIPPED_LANGUAGES):
            b = button(i18n.text("resident.autonym", lang), primary=True, name=f"lang-{lang}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard is the clerk's
            b.clicked.connect(lambda _=False, code=lang: choose(code))
            grid.addWidget(b, i // 2, i % 2)
            self.buttons[lang] = b


class TableFrame(QFrame):
    """A table of wrapped cells (furigana kept) that the page scrolls as a whole: the grid's
    lines are the frame's colour showing between the cells."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName("ResidentTable")
        self.setAccessibleName(name)
        self.grid = QGridLayout(self)
        self.grid.setSpacing(2)
        self.grid.setContentsMargins(2, 2, 2, 2)
        self.shape: list[list[str]] = []  # the object names of the cells shown, row by row
        self.labels: list[list[RubyLabel]] = []

    def set_rows(self, rows: Sequence[Sequence[tuple[str, str]]], *, head: bool) -> None:
        """``rows`` of (text, object name) cells; ``head``: the first row is the columns' heads.
        A table of the same cells as before (a value the clerk typed) keeps its widgets."""
        cells = [[("HeadCell" if head and r == 0 else name, text) for text, name in row] for r, row in enumerate(rows)]
        if [[name for name, _ in row] for row in cells] == self.shape:
            for row, labels in zip(cells, self.labels, strict=True):
                for (_name, text), label in zip(row, labels, strict=True):
                    if label.text() != i18n.plain(text) or label.has_ruby():
                        label.setText(text)
            return
        clear_layout(self.grid)
        self.shape = [[name for name, _ in row] for row in cells]
        self.labels = []
        for r, row in enumerate(cells):
            self.labels.append([])
            for c, (name, text) in enumerate(row):
                frame, label = cell(text, name)
                self.grid.addWidget(frame, r, c)
                self.labels[-1].append(label)
        used = max((len(row) for row in rows), default=0)
        for c in range(self.grid.columnCount()):  # a grid keeps the columns of a wider table before
            self.grid.setColumnStretch(c, 0 if c >= used or (head and c == 0) else 1 if head or c == 0 else 2)

    def texts(self) -> list[list[str]]:
        out: list[list[str]] = []
        for r in range(self.grid.rowCount()):
            row = []
            for c in range(self.grid.columnCount()):
                item = self.grid.itemAtPosition(r, c)
                widget = item.widget() if item is not None else None
                label = widget.findChild(RubyLabel) if widget is not None else None
                row.append(label.text() if label is not None else "")
            if any(row):  # (a grid keeps the rows of a longer table before)
                out.append([text for text in row])
        return out


def cell(text: str, name: str) -> tuple[QFrame, RubyLabel]:
    """A framed text (a table cell, a counter to visit): its frame styled by ``name``."""
    frame = QFrame()
    frame.setObjectName(name)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(8, 4, 8, 4)
    label = RubyLabel(text, frame, object_name=name + "Text")
    layout.addWidget(label)
    return frame, label


class ReviewPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.title = RubyLabel("", object_name="Question")
        self.legal = RubyLabel("", object_name="Muted")
        self.household = TableFrame("household")
        self.persons_title = RubyLabel("", object_name="Subtitle")
        self.persons = TableFrame("persons")
        for widget in (self.title, self.legal, self.household, self.persons_title, self.persons):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_form(self, form: Form, values: FormValues, lang: str, t: Translate) -> None:
        self.title.setText(form_title(form.title, lang))
        official = form.title.get("ja", form.id)
        legal = [official] if lang == "ja-easy" and official != form_title(form.title, lang) else []
        self.legal.setText("　".join(legal + ([form.legal_basis] if form.legal_basis else [])))
        self.legal.setVisible(bool(self.legal.text()))
        rows = [[(label_of(ff, lang), "LabelCell"), value_cell(ff, values.household.get(ff.id), lang, t)]
                for ff in form.fields if ff.id in values.household]
        self.household.set_rows(rows, head=False)
        self.household.setVisible(bool(rows))
        group = form.persons
        columns = [ff for ff in group.fields if any(ff.id in p for p in values.persons)] if group else []
        if group is None or not columns or not values.persons:
            self.persons.set_rows([], head=True)
            self.persons.hide()
            self.persons_title.hide()
            return
        self.persons_title.setText(localized(group.label, lang) if group.label else "")
        self.persons_title.setVisible(bool(group.label))
        table = [[("", "HeadCell")] + [(label_of(ff, lang), "HeadCell") for ff in columns]]
        for n, person in enumerate(values.persons, 1):
            table.append([(str(n), "LabelCell")] + [value_cell(ff, person.get(ff.id), lang, t) for ff in columns])
        self.persons.set_rows(table, head=True)
        self.persons.show()

    def reset(self) -> None:
        for label in (self.title, self.legal, self.persons_title):
            label.setText("")
        self.household.set_rows([], head=False)
        self.persons.set_rows([], head=True)


MEMBER_FIELDS = ("person.name", "person.name_kana", "person.birth_date", "person.sex")  # as the clerk types them


def members_rows(catalogue: Catalogue | None, members: Sequence[Member], lang: str,
                 t: Translate) -> list[list[tuple[str, str]]]:
    """The household as the clerk types it, for the resident to follow and correct on the spot:
    a head row, then one row per person (a card holder's cells say the card will give them)."""
    fields = [catalogue.fields[f] for f in MEMBER_FIELDS if catalogue is not None and f in catalogue.fields]
    rows = [[("", "HeadCell")] + [(localized(fd.label, lang), "HeadCell") for fd in fields]]
    shown = len(members)
    while shown > 1 and is_blank(members[shown - 1]):  # not the rows opened for one more, nothing in them yet
        shown -= 1
    for n, member in enumerate(members[:shown], 1):  # numbered as the clerk's table numbers them
        row = [(str(n), "LabelCell")]
        typed = member.typed_values()
        for column, fd in enumerate(fields):
            value = typed.get(fd.id)
            if member.source == SOURCE_CARD and not member.card and value in (None, ""):
                row.append((t("counter.resident_by_card") if column == 0 else "", PENDING))  # said once a row
            elif value in (None, ""):
                row.append((t("counter.resident_by_clerk"), PENDING))
            else:
                row.append((fd.kind.display(fd, value, lang), "ValueCell"))
        rows.append(row)
    return rows


def label_of(ff: FormField, lang: str) -> str:
    return localized(ff.field.label, lang)


def value_cell(ff: FormField, value: Any, lang: str, t: Translate) -> tuple[str, str]:
    """A value as the resident reads it: written by hand on the sheet (the signature), still to be
    typed by the clerk (empty or 窓口で確認), else as its field type displays it."""
    if ff.handwrite:
        return t("counter.resident_handwritten"), HANDWRITTEN
    if value in (None, "") or value == COUNTER_CHECK:
        return t("counter.resident_by_clerk"), PENDING
    return ff.field.kind.display(ff.field, value, lang), "ValueCell"


class ResultPage(QWidget):
    """「用紙をお取りください」, then the counters to visit in order with their waiting numbers."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.take = RubyLabel("", object_name="Question")
        self.route_title = RubyLabel("", object_name="Subtitle")
        self.route_intro = RubyLabel("")
        self.stops = QVBoxLayout()
        for widget in (self.take, self.route_title, self.route_intro):
            layout.addWidget(widget)
        layout.addLayout(self.stops)
        layout.addStretch(1)

    def show_result(self, take: str, route: Sequence[tuple[str, int]], counters: Mapping[str, Counter],
                    lang: str) -> None:
        from kiosk.sheets.slips import route_text

        self.take.setText(take)
        clear_layout(self.stops)
        text = route_text(route, counters, lang) if route else None
        self.route_title.setText(plain(text.title) if text else "")
        self.route_intro.setText(plain(text.guidance) if text else "")
        for widget in (self.route_title, self.route_intro):
            widget.setVisible(text is not None)
        for number, stop in text.lines if text else ():
            self.stops.addWidget(cell(f"{plain(number)}  {plain(stop)}", "Stop")[0])

    def stop_texts(self) -> list[str]:
        out = []
        for i in range(self.stops.count()):
            item = self.stops.itemAt(i)
            widget = item.widget() if item is not None else None
            label = widget.findChild(RubyLabel) if widget is not None else None
            if label is not None:
                out.append(label.text())
        return out

    def reset(self) -> None:
        self.show_result("", (), {}, "ja")
