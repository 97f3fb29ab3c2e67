"""The form under review as the clerk edits it: one row per value (what is still empty first),
edited in place; Enter takes the value (as the field's type reads what a clerk types,
:meth:`FieldType.parse_typed`: a bank by its short code or name, a branch by its 店番) and moves to
the next row still empty or 窓口で確認 (not the signature, written by hand on the sheet) — after a
postal code, to the address it filled in, for the 番地. A value that is whole goes in as it is typed,
without Enter (:meth:`FieldType.typed_complete`: a 7-digit postal code, a phone number of the length
its prefix gives it, a 店番, an account number). On a row of a few choices (numbered on the
clerk's screen) one digit takes one. A town area chosen by its name is reported through its own
callback (``on_area``), not as a problem. Writes go through the controller."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from kiosk import i18n, town_areas
from kiosk.catalogue.model import FormField, localized
from kiosk.counter import CounterController
from kiosk.counter.household_rows import typed_text
from kiosk.errors import KioskError
from kiosk.kanji import COUNTER_CHECK
from kiosk.ui.counter.clerk_parts import COLOURS

STATUS = 2  # the column that says a row is still to fill or written by hand


class ReviewTable(QTableWidget):
    def __init__(self, controller: CounterController, lang: str, on_problem: Callable[..., None],
                 on_match: Callable[[str], None] | None = None,
                 on_choices: Callable[[str], None] | None = None,
                 on_area: Callable[[town_areas.Area | None], None] | None = None) -> None:
        super().__init__(0, 3)
        self.controller = controller
        self.lang = lang  # the clerk's: labels, values and choices as the clerk reads them
        self.on_problem = on_problem
        self.on_match = on_match  # while typing: what Enter will take, when it is not the text itself
        self.on_choices = on_choices  # the numbered choices of the row the cursor is on (one key takes one)
        self.on_area = on_area  # the town area a name typed in the postal cell chose (None: none shown)
        self.currentCellChanged.connect(lambda row, _c, _r, _pc: self._show_choices(row))
        self.setItemDelegate(_Editors(self))
        self.setObjectName("Review")
        self.setHorizontalHeaderLabels([i18n.plain(i18n.text(key, lang)) for key in ("counter.review_item",
                                                                                     "counter.review_value")] + [""])
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # labels never cut
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setDefaultSectionSize(36)
        font = self.font()
        font.setPointSize(13)
        self.setFont(font)
        self.itemChanged.connect(self._edited)
        self.rows: list[tuple[FormField, int | None]] = []
        self._filling = False
        self.matched: town_areas.Area | None = None  # the area a name typed in the postal cell chose

    def fill(self) -> None:
        form, values = self.controller.form(), self.controller.values()
        self._filling = True
        self.setRowCount(0)
        self.rows = []
        if form is None or values is None:
            self._filling = False
            return
        rows: list[tuple[FormField, int | None, Any]] = [(ff, None, values.household[ff.id])
                                                          for ff in form.fields if ff.id in values.household]
        if form.persons is not None:
            for i, row_values in enumerate(values.persons):
                rows += [(ff, i, row_values[ff.id]) for ff in form.persons.fields if ff.id in row_values]
        rows.sort(key=lambda r: r[2] not in (None, ""))  # what is still empty comes first
        self.setRowCount(len(rows))
        for n, (ff, person, value) in enumerate(rows):
            label = i18n.plain(localized(ff.field.label, self.lang)) + (f" [{person + 1}]" if person is not None else "")
            head = QTableWidgetItem(label)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.setItem(n, 0, head)
            self.setItem(n, 1, QTableWidgetItem(ff.field.kind.display(ff.field, value, self.lang)))
            self.rows.append((ff, person))
            self._mark(n, value)
        self._filling = False
        if self.on_area is not None:
            self.on_area(None)  # a new form: no area chosen on it yet
        self.setCurrentCell(0, 1)
        self._show_choices(0)
        self.setFocus()

    def _choices(self, row: int) -> tuple[tuple[object, str], ...]:
        ff = self.rows[row][0] if 0 <= row < len(self.rows) else None
        return ff.field.kind.choices(ff.field, self.lang) if ff is not None and ff.field.kind.keypad == "choice" else ()

    def _show_choices(self, row: int) -> None:
        if self.on_choices is not None:
            self.on_choices("   ".join(f"{n}:{label}" for n, (_v, label) in enumerate(self._choices(row), 1)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """A window made smaller keeps the row being typed in view."""
        super().resizeEvent(event)
        if self.currentIndex().isValid():
            self.scrollTo(self.currentIndex())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """On a row with a few choices (at most 9), a digit takes the choice at once, as it answers a
        question; anything else opens the row's editor."""
        row, text = self.currentRow(), event.text()
        choices = self._choices(row) if self.state() is not QTableWidget.State.EditingState else ()
        if text.isdigit() and text.isascii() and 0 < int(text) <= len(choices) <= 9:
            ff, person = self.rows[row]
            self._take(row, ff, person, choices[int(text) - 1][0])
            return
        super().keyPressEvent(event)

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 1:
            return
        ff, person = self.rows[item.row()]
        value = self._parse(ff, person, item.text())
        if value is None:
            return
        self._take(item.row(), ff, person, value)

    def _take(self, row: int, ff: FormField, person: int | None, value: object) -> None:
        """The value into the form (and every form with the field), then on to the next row to fill."""
        self.controller.set_value(ff, person, value)
        if self.on_match is not None:
            self.on_match("")  # taken: nothing left for Enter to take
        self._show_match()
        self._refresh()
        later = self._town_row(person) if ff.field.kind.looks_up_town else None  # after a postal code: 番地
        later = later if later is not None else self._next_needing(row)
        if later is not None or row + 1 < self.rowCount():
            self.setCurrentCell(later if later is not None else row + 1, 1)
        self._show_choices(self.currentRow())

    def _town_row(self, person: int | None) -> int | None:
        """The address a postal code of this group fills in (the clerk then types the 番地)."""
        return next((n for n, (ff, p) in enumerate(self.rows) if ff.field.kind.fills_town and p == person), None)

    def _next_needing(self, row: int) -> int | None:
        """The next row still needing a value (empty, or 窓口で確認 for the clerk to confirm), as the
        kiosk's review moves on after a value is taken; a row the resident writes by hand on the
        sheet (the signature: ``handwrite``) is never typed and is passed over."""
        for n in range(row + 1, len(self.rows)):
            ff, person = self.rows[n]
            value = self._value(ff, person)
            if not ff.handwrite and (value in (None, "") or value == COUNTER_CHECK):
                return n
        return None

    def _refresh(self) -> None:
        values = self.controller.values()
        if values is None:
            return
        self._filling = True
        for n, (ff, person) in enumerate(self.rows):
            group = values.household if person is None else values.persons[person]
            item = self.item(n, 1)
            if item is not None:
                item.setText(ff.field.kind.display(ff.field, group.get(ff.id), self.lang))
            self._mark(n, group.get(ff.id))
        self._filling = False

    def _mark(self, row: int, value: object) -> None:
        """A row still to fill (empty or 窓口で確認) is marked in colour and in words (A11Y: not by
        colour alone); a row written by hand on the sheet (the signature) says so, greyed."""
        ff = self.rows[row][0]
        key = "counter.handwritten" if ff.handwrite else \
            "counter.to_fill" if value in (None, "") or value == COUNTER_CHECK else ""
        status = QTableWidgetItem(i18n.plain(i18n.text(key, self.lang)) if key else "")
        status.setFlags(Qt.ItemFlag.NoItemFlags)  # the cursor passes it by
        fill, ink = {"counter.handwritten": (COLOURS["surface"], COLOURS["muted"]),
                     "counter.to_fill": (COLOURS["warning_bg"], COLOURS["warning_text"])}.get(key, ("", ""))
        for column, item in ((0, self.item(row, 0)), (1, self.item(row, 1)), (STATUS, status)):
            if item is None:
                continue
            item.setBackground(QBrush(QColor(fill)) if fill else QBrush())
            item.setForeground(QBrush(QColor(ink)) if ink else QBrush())
            if column == STATUS:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
        self.setItem(row, STATUS, status)

    def typing(self, row: int, text: str) -> bool:
        """Shows what Enter will take for the text being typed (a bank found by its code or name);
        True when the text is a whole value that no longer input could extend (the field type
        says, :meth:`FieldType.typed_complete`): the cell then goes on by itself (自動改行)."""
        if not 0 <= row < len(self.rows):
            return False
        ff, person = self.rows[row]
        kind, beside = ff.field.kind, self._beside(person)
        try:
            value = kind.parse_typed(ff.field, typed_text(text), beside)
        except KioskError:
            value = None
        shown = kind.display(ff.field, value, self.lang) if kind.keypad != "choice" and value else ""
        if self.on_match is not None:
            self.on_match(shown if shown and shown != text.strip() else "")
        return kind.keypad != "choice" and kind.typed_complete(ff.field, typed_text(text), beside)

    def _beside(self, person: int | None) -> dict[str, object]:
        """The values of the group, keyed by their type's name (a branch's bank)."""
        return {f.field.kind.name: v for f, p in self.rows if p == person
                for v in [self._value(f, p)] if v not in (None, "")}

    def _value(self, ff: FormField, person: int | None) -> object:
        values = self.controller.values()
        if values is None:
            return None
        return (values.household if person is None else values.persons[person]).get(ff.id)

    def edit_text(self, row: int) -> str:
        """What a row's editor starts with: the value as its type's keypad starts with it (a phone
        number's digits, not the grouped text the cell shows), so that a value edited in place and
        taken again is the value typed, not its display."""
        if not 0 <= row < len(self.rows):
            return ""
        ff, person = self.rows[row]
        value = self._value(ff, person)
        if ff.field.kind.keypad == "choice":
            return ff.field.kind.display(ff.field, value, self.lang)  # a choice is edited by its label
        return ff.field.kind.edit_text(ff.field, value)

    def _parse(self, ff: FormField, person: int | None, text: str) -> object:
        kind = ff.field.kind
        areas = self._town_areas(ff)
        if areas is not None and text.strip() and not text.strip().isdigit():  # an area's name, not its code
            self.matched = areas.only_match(text)
            if self.matched is None:
                self.on_problem("catalogue.postal_code")  # no area, or several: the clerk types more
                return None
            return self.matched.code
        if kind.keypad == "choice":
            choices = kind.choices(ff.field, self.lang)
            if text.isdigit() and 0 < int(text) <= len(choices):
                return choices[int(text) - 1][0]
            found = [v for v, label in choices if str(v) == text or label.startswith(text)]
            return found[0] if found else None
        try:
            return kind.parse_typed(ff.field, typed_text(text), self._beside(person))
        except KioskError:
            self.on_problem("error.validation")
            return None

    def _town_areas(self, ff: FormField) -> town_areas.TownAreas | None:
        """The town's areas when ``ff`` is a postal code inside the town: its cell also takes an
        area's name as a romaji or kana prefix that names one area (``chiyo`` → 千代田 1000001)."""
        codes = self.controller.postal_areas
        areas = town_areas.loaded_areas(codes) if codes and ff.field.kind.offers_town_areas(ff.field) else None
        return areas if areas is not None and areas.areas else None

    def _show_match(self) -> None:
        """The area an area's name chose, for the clerk to see once the value is stored (a finding,
        not a problem: it has a callback of its own)."""
        area, self.matched = self.matched, None
        if area is not None and self.on_area is not None:
            self.on_area(area)


class _Editors(QStyledItemDelegate):
    """The table's editors, each telling the table what is being typed."""

    def __init__(self, table: ReviewTable) -> None:
        super().__init__(table)
        self.table = table

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            row = index.row()
            editor.textEdited.connect(lambda text: self._typed(editor, row, text))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QLineEdit) and index.column() == 1:
            editor.setText(self.table.edit_text(index.row()))
            return
        super().setEditorData(editor, index)

    def _typed(self, editor: QLineEdit, row: int, text: str) -> None:
        if self.table.typing(row, text):  # complete: taken as by Enter, on to the next row
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
