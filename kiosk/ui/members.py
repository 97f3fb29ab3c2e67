"""The household members screen: per person, read the card or enter by hand (birth date and sex)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QWidget

from kiosk import i18n
from kiosk.catalogue.types.date_steps import likely_year
from kiosk.session import SOURCE_CARD, SOURCE_MANUAL, Member
from kiosk.ui.base import ScreenBase, focusable
from kiosk.ui.date_picker import DatePicker
from kiosk.ui.screens import member_label
from kiosk.ui.widgets import RubyLabel, button, set_selected, set_text

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
        self.member_rows: list[MemberRow] = []  # kept across taps and sessions, filled from the session
        self.picker: DatePicker | None = None  # a birth date being chosen
        self.picking: int | None = None  # for which member
        self._kept_picker: DatePicker | None = None  # made for the first birth date, then kept

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
        members = self.journey.session.members
        while len(self.member_rows) < len(members):
            self.member_rows.append(MemberRow(self, len(self.member_rows)))
        for i, row in enumerate(self.member_rows):
            if i < len(members):
                row.fill(self, members[i])
            else:
                row.wipe()
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

    def choose(self, index: int, source: str) -> None:
        self.kiosk.tapped()
        self.journey.choose_member_source(index, source)
        self._redraw()

    def set_sex(self, index: int, code: str) -> None:
        self.kiosk.tapped()
        self.journey.session.set_member_value(self.journey.session.members[index], "person.sex", code)
        self._redraw()

    def open_date(self, index: int) -> None:
        """The birth date chosen in steps (decade, year, month, day) instead of the rows; the
        date pad one tap away. A later day than today is not offered. The keys start on the day
        already set, else near the household's other birth dates (:func:`likely_year`)."""
        self.kiosk.tapped()
        self._close_date()
        today, members = dt.date.today(), self.journey.session.members
        births = [m.birth_date for m in members]
        near = likely_year(today, birth=True, births=births, index=index)
        picker = self._kept_picker
        if picker is None:
            picker = self._kept_picker = DatePicker(self.lang, today, self.kiosk.metrics_px.spacing,
                                                    known=births[index], near=near)
            picker.chosen.connect(self._picked)
            picker.closed.connect(self._date_closed)
            picker.stepped.connect(self._stepped)
            picker.problem.connect(self.show_problem)
            picker.typed.connect(self.kiosk.typed)
            self.pad_box.addWidget(picker)
        else:
            picker.restart(self.lang, today, known=births[index], near=near)
        self.picker, self.picking = picker, index
        self.hint.hide()
        self.table.hide()
        picker.show()
        self.refresh()
        self.settle_focus()
        self.kiosk.speech.refresh()

    def _picked(self, born: dt.date) -> None:
        if self.picking is not None:
            self._date(self.picking, born)

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
            picker.hide()
            picker.wipe()  # kept for the next birth date, with nothing of this one
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
        for row in self.member_rows:
            row.wipe()
        return True


class MemberRow:
    """One member's row, built the first time a household has that many members and kept (across
    taps and sessions): the head (person n, and the name once the card gave it), card or by
    hand, and for a member entered by hand the birth date and sex. :meth:`wipe` leaves nothing
    of the member (PRIV-08)."""

    def __init__(self, screen: MembersScreen, index: int) -> None:
        self.index = index
        self.head = RubyLabel("", object_name="PersonHead")
        self.row = QWidget()
        box = QHBoxLayout(self.row)
        box.setContentsMargins(0, 0, 0, 0)
        self.sources: dict[str, QPushButton] = {}
        for source in (SOURCE_CARD, SOURCE_MANUAL):
            b = self.sources[source] = button("")
            b.clicked.connect(lambda _=False, s=source: screen.choose(index, s))
            box.addWidget(b)
        self.birth = button("")
        self.birth.clicked.connect(lambda _=False: screen.open_date(index))
        box.addWidget(self.birth)
        self.sex: dict[str, QPushButton] = {}
        for code in ("1", "2"):
            b = self.sex[code] = button("")
            b.clicked.connect(lambda _=False, c=code: screen.set_sex(index, c))
            box.addWidget(b)
        box.addStretch(1)
        screen.rows.addWidget(self.head, index, 0)
        screen.rows.addWidget(self.row, index, 1)

    def fill(self, screen: MembersScreen, member: Member) -> None:
        i = self.index
        shown = member_label(screen, i)
        label = i18n.plain(shown)
        self.head.setText(shown)
        for source, key in ((SOURCE_CARD, "resident.member_card"), (SOURCE_MANUAL, "resident.member_manual")):
            self._fill(self.sources[source], screen.t(key), f"member{i}-{source}", f"{label}: {i18n.plain(screen.t(key))}",
                       member.source == source)
        manual = member.source == SOURCE_MANUAL
        if manual:
            born = member.values.get("person.birth_date")
            date_text = born.isoformat() if isinstance(born, dt.date) else screen.t("resident.member_birth_date")
            self._fill(self.birth, date_text, f"member{i}-birth",
                       f"{label}: {i18n.plain(screen.t('resident.member_birth_date'))} {date_text}", False)
            for code, key in (("1", "resident.member_male"), ("2", "resident.member_female")):
                self._fill(self.sex[code], screen.t(key), f"member{i}-sex{code}",
                           f"{label}: {i18n.plain(screen.t(key))}", member.values.get("person.sex") == code)
        else:
            for b in (self.birth, *self.sex.values()):
                self._wipe(b)
        for b in (self.birth, *self.sex.values()):
            b.setVisible(manual)
        self.head.show()
        self.row.show()  # now, not on the next loop: the focus goes to its buttons right after a choice

    @staticmethod
    def _fill(b: QPushButton, text: str, name: str, access: str, selected: bool) -> None:
        set_text(b, text)
        b.setObjectName(name)
        b.setAccessibleName(access)
        set_selected(b, selected)

    @staticmethod
    def _wipe(b: QPushButton) -> None:
        b.setText("")
        b.setObjectName("")
        b.setAccessibleName("")
        set_selected(b, False)

    def wipe(self) -> None:
        """Hidden, with no name, date or choice of the member left."""
        self.head.hide()
        self.row.hide()
        self.head.setText("")
        for b in (*self.sources.values(), self.birth, *self.sex.values()):
            self._wipe(b)
