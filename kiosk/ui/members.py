"""The household members screen: per person, read the card or enter by hand (birth date and sex)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QWidget

from kiosk import i18n
from kiosk.session import SOURCE_CARD, SOURCE_MANUAL
from kiosk.ui.base import ScreenBase, focusable
from kiosk.ui.keypads import NumericPad
from kiosk.ui.screens import _clear, _shown_pad, member_label
from kiosk.ui.widgets import RubyLabel, button, set_text

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
        self.rows = QGridLayout()
        self.rows.setSpacing(window.metrics_px.spacing * 2)
        self.body.addLayout(self.rows)
        self.pad_box = QHBoxLayout()
        self.body.addLayout(self.pad_box)
        self.body.addStretch(1)
        self.next = button("", primary=True, name="members-next")
        self.next.clicked.connect(self.done)
        self.action_row.addStretch(1)
        self.action_row.addWidget(self.next)
        self.pad: NumericPad | None = None

    def refresh(self) -> None:
        self.title.setText(self.t("resident.members_title"))
        self.hint.setText(self.t("resident.members_hint"))
        set_text(self.next, self.t("resident.next"))
        _clear(self.rows)
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
        self.next.setEnabled(all(self._complete(m) for m in self.journey.session.members))

    def initial_focus(self) -> QWidget | None:
        """The next thing to do: the date pad when open, else the first member still missing a
        choice (card or by hand, then birth date and sex), else 次へ."""
        pad = _shown_pad(self)
        if pad is not None:
            return next(iter(pad.grid.cells.values()), None)
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
        self.kiosk.tapped()
        _clear(self.pad_box)
        self.pad = NumericPad(self.lang, "", kind="date")
        self.pad.accepted.connect(lambda digits, idx=index: self._date(idx, digits))
        self.pad.cancelled.connect(lambda: _clear(self.pad_box))
        self.pad.typed.connect(self.kiosk.typed)
        self.pad_box.addWidget(self.pad)
        self.pad_box.addStretch(1)
        next(iter(self.pad.grid.cells.values())).setFocus()

    def _date(self, index: int, digits: str) -> None:
        import datetime as dt

        try:
            born = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
            if born > dt.date.today():
                raise ValueError(digits)
        except ValueError:
            self.show_problem("resident.bad_date")
            return
        self.clear_problem()
        self.journey.session.set_member_value(self.journey.session.members[index], "person.birth_date", born)
        _clear(self.pad_box)
        self._redraw()

    def _redraw(self) -> None:
        self.refresh()
        self.settle_focus()  # after a choice: the next member's choice, or 次へ

    def done(self) -> None:
        self.kiosk.tapped()
        _clear(self.pad_box)
        self.journey.members_done()

    def reset(self) -> bool:
        self.forget()
        _clear(self.rows)
        _clear(self.pad_box)
        self.pad = None
        return True
