"""The household members screen: per person, read the card or enter by hand (birth date and sex)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QWidget

from kiosk import i18n
from kiosk.catalogue.types.date_steps import likely_year
from kiosk.session import SOURCE_CARD, SOURCE_MANUAL
from kiosk.ui.base import ScreenBase, focusable
from kiosk.ui.date_picker import DatePicker
from kiosk.ui.screens import member_label
from kiosk.ui.widgets import RubyLabel, button, clear_layout, set_text

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.window import KioskWindow


class MembersScreen(ScreenBase):
    """Household members: per person, read the card or enter by hand (then birth date and sex,
    which the person questions need; the name is typed on the review screen)."""

    name = "members"

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.hint = RubyLabel("")
        self.body.addWidget(self.hint)
        self.table = QWidget()  # the members' rows, hidden while a birth date is being chosen
        self.rows = QGridLayout(self.table)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(window.metrics_px.spacing * 2)
        self.body.addWidget(self.table)
        self.pad_box = QHBoxLayout()
        self.body.addLayout(self.pad_box)
        self.body.addStretch(1)
        self.next = button("", primary=True, name="members-next")
        self.next.clicked.connect(self.done)
        self.action_row.addStretch(1)
        self.action_row.addWidget(self.next)
        self.picker: DatePicker | None = None  # a birth date being chosen
        self.picking: int | None = None  # for which member

    def refresh(self) -> None:
        picker, index = self.picker, self.picking
        if picker is not None and index is not None:  # choosing a birth date: the steps, one at a time
            self.title.setText(f"{member_label(self, index)}: {self.t('resident.member_birth_date')}")
            picker.retranslate(self.lang)
            self.next.hide()  # the rows' 次へ comes back with them: the steps keep the room of a short window
            return
        self.next.show()
        self.title.setText(self.t("resident.members_title"))
        self.hint.setText(self.t("resident.members_hint"))
        set_text(self.next, self.t("resident.next"))
        clear_layout(self.rows)
        for i, member in enumerate(self.journey.session.members):
            shown = member_label(self, i)
            label = i18n.plain(shown)
            self.rows.addWidget(RubyLabel(shown, object_name="PersonHead"), i, 0)
            row = QWidget()
            box = QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            for source, key in ((SOURCE_CARD, "resident.member_card"), (SOURCE_MANUAL, "resident.member_manual")):
                b = button(self.t(key), name=f"member{i}-{source}")
                b.setAccessibleName(f"{label}: {i18n.plain(self.t(key))}")
                b.setProperty("selected", member.source == source)
                b.clicked.connect(lambda _=False, idx=i, s=source: self._choose(idx, s))
                box.addWidget(b)
            if member.source == SOURCE_MANUAL:
                born = member.values.get("person.birth_date")
                date_text = born.isoformat() if born else self.t("resident.member_birth_date")
                b = button(date_text, name=f"member{i}-birth")
                b.setAccessibleName(f"{label}: {i18n.plain(self.t('resident.member_birth_date'))} {date_text}")
                b.clicked.connect(lambda _=False, idx=i: self._open_date(idx))
                box.addWidget(b)
                for code, key in (("1", "resident.member_male"), ("2", "resident.member_female")):
                    b = button(self.t(key), name=f"member{i}-sex{code}")
                    b.setAccessibleName(f"{label}: {i18n.plain(self.t(key))}")
                    b.setProperty("selected", member.values.get("person.sex") == code)
                    b.clicked.connect(lambda _=False, idx=i, c=code: self._sex(idx, c))
                    box.addWidget(b)
            box.addStretch(1)
            self.rows.addWidget(row, i, 1)
            row.show()  # now, not on the next loop: the focus goes to its buttons right after a choice
        self.next.setEnabled(all(self._complete(m) for m in self.journey.session.members))

    def initial_focus(self) -> QWidget | None:
        """The next thing to do: the birth date's step or pad when open, else the first member
        still missing a choice (card or by hand, then birth date and sex), else 次へ."""
        if self.picker is not None:
            return self.picker.first_control()
        for i, member in enumerate(self.journey.session.members):
            if self._complete(member):
                continue
            if member.source not in (SOURCE_CARD, SOURCE_MANUAL):
                wanted = f"member{i}-{SOURCE_CARD}"
            elif "person.birth_date" not in member.values:
                wanted = f"member{i}-birth"
            else:
                wanted = f"member{i}-sex1"
            found = [b for b in self.findChildren(QPushButton, wanted) if focusable(b, self)]
            if found:
                return found[0]
        return self.next if focusable(self.next, self) else None

    @staticmethod
    def _complete(member) -> bool:
        if member.source == SOURCE_CARD:
            return True
        return member.source == SOURCE_MANUAL and "person.birth_date" in member.values and "person.sex" in member.values

    def _choose(self, index: int, source: str) -> None:
        self.kiosk.tapped()
        self.journey.choose_member_source(index, source)
        self._redraw()

    def _sex(self, index: int, code: str) -> None:
        self.kiosk.tapped()
        self.journey.session.set_member_value(self.journey.session.members[index], "person.sex", code)
        self._redraw()

    def _open_date(self, index: int) -> None:
        """The birth date chosen in steps (decade, year, month, day) instead of the rows; the
        date pad one tap away. A later day than today is not offered. The keys start on the day
        already set, else near the household's other birth dates (:func:`likely_year`)."""
        self.kiosk.tapped()
        self._close_date()
        today, members = dt.date.today(), self.journey.session.members
        births = [m.birth_date for m in members]
        picker = DatePicker(self.lang, today, self.kiosk.metrics_px.spacing, known=births[index],
                            near=likely_year(today, birth=True, births=births, index=index))
        picker.chosen.connect(lambda born, idx=index: self._date(idx, born))
        picker.closed.connect(self._date_closed)
        picker.stepped.connect(self._stepped)
        picker.problem.connect(self.show_problem)
        picker.typed.connect(self.kiosk.typed)
        self.picker, self.picking = picker, index
        self.hint.hide()
        self.table.hide()
        self.pad_box.addWidget(picker)
        picker.show()
        self.refresh()
        self.settle_focus()
        self.kiosk.speech.refresh()

    def _stepped(self) -> None:
        """A step chosen or gone back, or the pad opened or closed."""
        self.kiosk.tapped()
        self.clear_problem()
        self.settle_focus()
        self.kiosk.speech.refresh()

    def _date_closed(self) -> None:
        """Back from the first step: the rows again, the focus on the member's birth date."""
        self.kiosk.tapped()
        index = self.picking
        self._close_date()
        self.refresh()
        found = self.findChildren(QPushButton, f"member{index}-birth")
        if found:
            found[0].setFocus()
        self.kiosk.speech.refresh()

    def _close_date(self) -> None:
        picker, self.picker, self.picking = self.picker, None, None
        if picker is not None:
            self.pad_box.removeWidget(picker)
            picker.hide()
            picker.deleteLater()
        self.clear_problem()
        self.hint.show()
        self.table.show()

    def _date(self, index: int, born: dt.date) -> None:
        self.kiosk.tapped()
        self.journey.session.set_member_value(self.journey.session.members[index], "person.birth_date", born)
        self._close_date()
        self._redraw()
        self.kiosk.speech.refresh()

    def _redraw(self) -> None:
        self.refresh()
        self.settle_focus()  # after a choice: the next member's choice, or 次へ

    def done(self) -> None:
        self.kiosk.tapped()
        self._close_date()
        self.journey.members_done()

    def reset(self) -> bool:
        self.forget()
        self._close_date()
        clear_layout(self.rows)
        return True
