"""The household as an editable table for the clerk (QTableView over the session's members):
card or by hand, birth date, sex, name, reading, relationship (in the order a clerk types them:
Tab from cell to cell). Edits go through the controller
into the session; the card columns show what the card gave and are not editable.

Keys that save moves (:class:`HouseholdTable`): on the card cell ``c`` marks a card holder and goes
to the next person, ``m`` a person typed by hand and goes to the birth date (as does the birth
date's first digit, which it keeps); a whole birth date goes on to the sex cell by itself
(:func:`birth_date_complete`); on the sex cell one
key (1/2, m/f) takes it and goes to the name; Enter after a value goes to the next cell of the row
still empty, else to the next person. A given name typed alone waits for the household's family
name (:mod:`kiosk.counter.names`), shown in the name cell."""

from __future__ import annotations

import html
from typing import Final

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from kiosk import i18n
from kiosk.counter import CounterController
from kiosk.counter.names import RomajiOffer, romaji_offer
from kiosk.counter.typed_dates import birth_date_complete, typed_date
from kiosk.household import sex_option
from kiosk.journey import CataloguePort
from kiosk.kanji import loaded_index
from kiosk.session import SOURCE_CARD, SOURCE_MANUAL, Member
from kiosk.ui.counter.clerk_parts import COLOURS, keycap
from kiosk.ui.counter.readings import offer_reading

ModelIndex = QModelIndex | QPersistentModelIndex

SOURCE, BIRTH, SEX, NAME, READING, RELATIONSHIP = range(6)
COLUMNS: Final = ("source", "person.birth_date", "person.sex", "person.name", "person.name_kana", "relationship")
FIELDS: Final = {RELATIONSHIP: "person.relationship"}  # a column's field in the catalogue, when not its own id
# The columns' headings: short words of the clerk's language (the fields' own labels, such as
# "Relationship to the head of household", are too long for a column)
HEADINGS: Final = ("counter.column_source", "counter.column_birth", "counter.column_sex", "counter.column_name",
                   "counter.column_reading", "counter.column_relationship")
SEX_KEYS: Final = {"1": "1", "2": "2", "m": "1", "f": "2", "男": "1", "女": "2"}
RELATIONSHIPS: Final = {"1": "head", "2": "spouse", "3": "child", "4": "parent", "5": "other_relative", "6": "cohabitant"}
SOURCE_KEYS: Final = {"c": SOURCE_CARD, "m": SOURCE_MANUAL}  # one key on the card cell


class HouseholdModel(QAbstractTableModel):
    """The members as rows; headings, the source and the coded values (sex, relationship) in the
    clerk's language ``lang``: a code is shown as its option's label in the catalogue."""

    def __init__(self, controller: CounterController, lang: str = "ja") -> None:
        super().__init__()
        self.controller = controller
        self.lang = lang

    def t(self, key: str, **params: object) -> str:
        return i18n.plain(i18n.text(key, self.lang, **params))

    def code_labels(self, column: int) -> dict[str, str]:
        """A coded column's (sex, relationship) options: each code and its label without furigana
        (世帯主, not やさしい日本語's {世帯主|せたいぬし}); none when the catalogue has none."""
        port = self.controller.journey.catalogue
        found = port.catalogue.fields.get(FIELDS.get(column, COLUMNS[column])) if isinstance(port, CataloguePort) else None
        return {} if found is None else {str(code): i18n.plain(str(label)) for code, label in found.kind.choices(found, self.lang)}

    def code_label(self, column: int, code: str) -> str:
        """A coded value by its option's label; the code when the catalogue has none."""
        return self.code_labels(column).get(code, code) if code else code

    def members(self) -> list[Member]:
        return self.controller.session.members

    def reload(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.members())

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.t(HEADINGS[section])
        return str(section + 1)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        member = self.members()[index.row()]
        if index.column() in (NAME, BIRTH, SEX) and member.source == SOURCE_CARD:
            return base  # read from the card at the counter (never typed for a card holder)
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ToolTipRole:  # a name elided in its cell, whole
            return self.data(index) if index.column() in (NAME, READING) else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        member = self.members()[index.row()]
        column = index.column()
        if column == SOURCE:
            return self.t("counter.panel_by_card" if member.source == SOURCE_CARD else "counter.panel_by_hand")
        if column in (SEX, RELATIONSHIP):  # edited as its code, which every language's keys type
            code = (member.sex if column == SEX else member.relationship) or ""
            return code if role == Qt.ItemDataRole.EditRole else self.code_label(column, code)
        if column == BIRTH:
            born = member.birth_date
            return born.strftime("%Y%m%d") if role == Qt.ItemDataRole.EditRole and born else \
                (born.isoformat() if born else "")
        card_key = {NAME: "name", READING: "name_kana"}.get(column, "")
        value = member.card.get(card_key) if member.card else None
        text = i18n.plain(str(value or member.values.get(COLUMNS[column], "") or ""))
        family = self.controller.waiting_family(index.row()) if column == NAME else None
        if family is None or role != Qt.ItemDataRole.DisplayRole:
            return text
        return self.t("counter.family_pending", family=family or self.t("counter.family_waits"), name=text)

    def setData(self, index: ModelIndex, value: object,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return False
        row, column, text = index.row(), index.column(), str(value).strip()
        c = self.controller
        if column == SOURCE:
            c.set_member_source(row, SOURCE_CARD if text.lower() in ("c", "card", "カード", "1") else SOURCE_MANUAL)
        elif column == RELATIONSHIP:
            c.set_relationship(row, RELATIONSHIPS.get(text, text))
        elif column == SEX:
            code = SEX_KEYS.get(text.lower()) or text
            if sex_option(code) is None:
                return False
            c.set_member_value(row, "person.sex", code)
        elif column == BIRTH:
            born = typed_date(text)
            if born is None:
                return False
            c.set_member_value(row, "person.birth_date", born)
        else:
            if not c.set_member_text(row, COLUMNS[column], text):
                return False
            if column == NAME and text and not self.members()[row].values.get(COLUMNS[READING]):
                if _all_kana(text):
                    c.set_member_text(row, COLUMNS[READING], text)  # a name typed in kana is its own reading
                else:  # in kanji: its likeliest reading, for the clerk to correct in place
                    offer_reading(c, row, text, owner=self)
        self._changed(row)
        return True

    def set_name(self, index: ModelIndex, name: str, reading: str) -> bool:
        """The name chosen for the reading the clerk typed (the reading kept as typed)."""
        if not self.controller.set_name(index.row(), name, reading):
            return False
        self._changed(index.row())
        return True

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        # a family name typed: the given names waiting for it show it
        self.dataChanged.emit(self.index(0, NAME), self.index(self.rowCount() - 1, NAME))


def _all_kana(text: str) -> bool:
    return all(0x3040 <= ord(ch) <= 0x30FF or ch in "　 ・ー" for ch in text)


class _Editors(QStyledItemDelegate):
    """The table's editors; the birth date's goes on to the sex cell once it is whole
    (:func:`birth_date_complete`), as Tab would. The name's reads Latin letters as the name's
    reading in romaji and offers its kanji, one digit choosing (:func:`romaji_offer`)."""

    def __init__(self, table: HouseholdTable) -> None:
        super().__init__(table)
        self.table = table
        self.offer: RomajiOffer | None = None  # for the name being typed

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: ModelIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if index.column() == BIRTH and isinstance(editor, QLineEdit):
            editor.textEdited.connect(lambda text: self._typed(editor, text))
        if index.column() == NAME and isinstance(editor, QLineEdit):
            self._offer(None)
            editor.textEdited.connect(self._name_typed)
        return editor

    def _typed(self, editor: QLineEdit, text: str) -> None:
        if birth_date_complete(text):
            self.table.went_on = True
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.EditNextItem)

    def _name_typed(self, text: str) -> None:
        controller = self.table.household.controller
        self._offer(romaji_offer(text, loaded_index(), controller.family_name()))

    def _offer(self, offer: RomajiOffer | None) -> None:
        self.offer = offer
        self.table.offers.show_offer(offer, self.table)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        offer = self.offer
        if offer is not None and isinstance(watched, QLineEdit) and isinstance(event, QKeyEvent) \
                and event.type() is QEvent.Type.KeyPress and event.text().isdigit() and event.text().isascii():
            n = int(event.text())
            if 1 <= n <= len(offer.names):
                self._offer(None)
                self.table.name_chosen(watched, offer.names[n - 1], offer.reading)
            return True  # a digit is never part of a name
        return super().eventFilter(watched, event)

    def destroyEditor(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        if index.column() == NAME:
            self._offer(None)
        super().destroyEditor(editor, index)


class NameOffers(QLabel):
    """The spellings offered for a name typed in romaji, numbered as the digit keys choose them,
    with the reading: just under the name's cell, as an input method's candidate window is."""

    def __init__(self, parent: QWidget, lang: str) -> None:
        super().__init__(parent)
        self.lang = lang  # the clerk's
        self.setObjectName("NameOffers")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet(f"#NameOffers {{ background:{COLOURS['surface']}; color:{COLOURS['text']}; "
                           f"border:2px solid {COLOURS['primary']}; padding:6px; font-size:16pt; }}")
        self.hide()

    def show_offer(self, offer: RomajiOffer | None, table: QTableView) -> None:
        if offer is None:
            self.setAccessibleName("")
            self.hide()
            return
        reading = i18n.plain(i18n.text("counter.name_reading", self.lang, reading=offer.reading))
        self.setAccessibleName("   ".join([*(f"{n}:{name}" for n, name in enumerate(offer.names, 1)), reading]))
        lines = [f"{keycap(str(n))}&nbsp;&nbsp;{html.escape(name)}" for n, name in enumerate(offer.names, 1)]
        self.setText("<br>".join(lines) + f'<div style="font-size:12pt;">{html.escape(reading)}</div>')
        self.adjustSize()
        self.show()
        self.place(table)
        self.raise_()

    def place(self, table: QTableView) -> None:
        """Under the current cell (over it when there is no room below), inside the table."""
        cell = table.visualRect(table.currentIndex())
        room = table.viewport().rect()
        x = max(0, min(cell.left(), room.width() - self.width()))
        y = cell.bottom() + 2 if cell.bottom() + 2 + self.height() <= room.height() else max(0, cell.top() - self.height() - 2)
        self.move(x, y)


class HouseholdTable(QTableView):
    """The household table with the keys that save the clerk's moves (see the module docstring)."""

    def __init__(self, model: HouseholdModel) -> None:
        super().__init__()
        self.household = model
        self.offers = NameOffers(self.viewport(), model.lang)  # the kanji offered for a name typed in romaji
        self.setModel(model)
        self._editors = _Editors(self)
        self.setItemDelegate(self._editors)
        self.setEditTriggers(QTableView.EditTrigger.AnyKeyPressed | QTableView.EditTrigger.DoubleClicked
                             | QTableView.EditTrigger.EditKeyPressed)
        # Every column in view: the short ones at their width, the names share the rest (elided: whole in tooltip, editor)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (NAME, READING):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(64)  # a short column as wide as its words (≥ a touch target, A11Y-01): the names get the room
        self.verticalHeader().setDefaultSectionSize(44)  # readable rows
        font = self.font()
        font.setPointSize(14)
        self.setFont(font)
        self.went_on = False  # the birth date went on by itself: a Tab pressed right after is already done

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """A window made smaller keeps the row being typed in view."""
        super().resizeEvent(event)
        if self.currentIndex().isValid():
            self.scrollTo(self.currentIndex())
        if self.offers.isVisible():
            self.offers.place(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        here = self.currentIndex()
        key = event.text().lower()
        went_on, self.went_on = self.went_on, False
        if went_on and event.key() == Qt.Key.Key_Tab and not event.modifiers():
            return  # the Tab a clerk used to press after the birth date: the cell has gone on already
        if here.isValid() and self.state() is not QTableView.State.EditingState and not (
                event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier):
            row, column = here.row(), here.column()
            if column == SOURCE and key in SOURCE_KEYS:
                self.household.setData(here, key)
                card = SOURCE_KEYS[key] == SOURCE_CARD
                self._go(row + 1 if card else row, SOURCE if card else BIRTH)
                return
            if column == SOURCE and len(key) == 1 and key.isdigit() and key.isascii():
                self.household.setData(here, "m")  # a birth date typed: a person typed by hand
                self._go(row, BIRTH)  # the digit opens the birth date's editor
            if column == SEX and key in SEX_KEYS and self.household.flags(here) & Qt.ItemFlag.ItemIsEditable:
                if self.household.setData(here, key):
                    self._go(row, NAME)
                return
        if here.isValid() and self.state() is not QTableView.State.EditingState:
            if event.key() == Qt.Key.Key_Delete and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if self.household.controller.remove_person(here.row()):  # the person taken out
                    self.household.reload()
                    self._go(min(here.row(), self.household.rowCount() - 1), SOURCE)
                return
            if event.key() == Qt.Key.Key_Down and not event.modifiers() and here.row() == self.household.rowCount() - 1:
                self._go(here.row() + 1, SOURCE)  # below the last person: one more
                return
        super().keyPressEvent(event)

    def offered(self) -> RomajiOffer | None:
        """The kanji offered for the name being typed in romaji (shown numbered to the clerk)."""
        return self._editors.offer

    def name_chosen(self, editor: QWidget, name: str, reading: str) -> None:
        """A name chosen by its number among those offered for its reading: on to the next person."""
        here = self.currentIndex()
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if self.household.set_name(here, name, reading):
            self._after_enter(here.row(), NAME)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        here = self.currentIndex()
        step = {QAbstractItemDelegate.EndEditHint.EditNextItem: 1, QAbstractItemDelegate.EndEditHint.EditPreviousItem: -1}
        beside = here.column() + step.get(hint, 0)
        if hint in step and here.isValid() and beside in (SOURCE, SEX):  # Tab onto a one-key cell: no editor
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self._go(here.row(), beside)
            return
        super().closeEditor(editor, hint)
        if hint is QAbstractItemDelegate.EndEditHint.SubmitModelCache and here.isValid():  # Enter
            self._after_enter(here.row(), here.column())

    def _after_enter(self, row: int, column: int) -> None:
        """The next cell of the row still empty (birth date, sex, name), else the next person."""
        member = self.household.members()[row]
        for later in (BIRTH, SEX, NAME):
            index = self.household.index(row, later)
            if later > column and member.source != SOURCE_CARD and not self.household.data(index):
                self._go(row, later)
                return
        self._go(row + 1, SOURCE)

    def _go(self, row: int, column: int) -> None:
        """To a cell; past the last person, to a new row (as far as the household may grow)."""
        if row == self.household.rowCount() and self.household.controller.add_person():
            self.household.reload()
        if 0 <= row < self.household.rowCount():
            self.setCurrentIndex(self.household.index(row, column))
