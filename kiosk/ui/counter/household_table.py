"""The household as an editable table for the clerk (QTableView over the session's members):
card or by hand, birth date, sex, name, reading, relationship (in the order a clerk types them:
Tab from cell to cell). Edits go through the controller
into the session; the card columns show what the card gave and are not editable."""

from __future__ import annotations

import datetime as dt
from typing import Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kiosk import i18n
from kiosk.counter import CounterController
from kiosk.household import sex_option
from kiosk.session import SOURCE_CARD, SOURCE_MANUAL, Member
from kiosk.ui.counter.readings import offer_reading

ModelIndex = QModelIndex | QPersistentModelIndex

SOURCE, BIRTH, SEX, NAME, READING, RELATIONSHIP = range(6)
COLUMNS: Final = ("source", "person.birth_date", "person.sex", "person.name", "person.name_kana", "relationship")
HEADERS: Final = ("カード", "生年月日", "性別", "氏名", "ふりがな", "続柄")
SEX_KEYS: Final = {"1": "1", "2": "2", "m": "1", "f": "2", "男": "1", "女": "2"}
RELATIONSHIPS: Final = {"1": "head", "2": "spouse", "3": "child", "4": "parent", "5": "other"}


def parse_date(text: str, today: dt.date | None = None, *, past: bool = True) -> dt.date | None:
    """YYYYMMDD, or YYMMDD: for a birth date (``past``) the latest such date not after today, else
    in this century."""
    digits = "".join(c for c in text if c.isdigit())
    today = today or dt.date.today()
    try:
        if len(digits) == 8:
            return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        if len(digits) == 6:
            year = today.year // 100 * 100 + int(digits[:2])
            day = dt.date(year, int(digits[2:4]), int(digits[4:6]))
            return day if day <= today or not past else day.replace(year=year - 100)
    except ValueError:
        return None
    return None


class HouseholdModel(QAbstractTableModel):
    def __init__(self, controller: CounterController) -> None:
        super().__init__()
        self.controller = controller

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
            return HEADERS[section]
        return str(section + 1)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        member = self.members()[index.row()]
        if index.column() in (NAME, BIRTH, SEX) and member.source == SOURCE_CARD:
            return base  # read from the card at the counter (never typed for a card holder)
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        member = self.members()[index.row()]
        column = index.column()
        if column == SOURCE:
            return "カード" if member.source == SOURCE_CARD else "手入力"
        if column == RELATIONSHIP:
            return member.relationship
        if column == SEX:
            sex = member.sex
            return {"male": "男", "female": "女"}.get(sex or "", "")
        if column == BIRTH:
            born = member.birth_date
            return born.strftime("%Y%m%d") if role == Qt.ItemDataRole.EditRole and born else \
                (born.isoformat() if born else "")
        card_key = {NAME: "name", READING: "name_kana"}.get(column, "")
        value = member.card.get(card_key) if member.card else None
        return i18n.plain(str(value or member.values.get(COLUMNS[column], "") or ""))

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
            born = parse_date(text)
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
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return True


def _all_kana(text: str) -> bool:
    return all(0x3040 <= ord(ch) <= 0x30FF or ch in "　 ・ー" for ch in text)
