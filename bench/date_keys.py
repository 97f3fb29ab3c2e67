"""Key presses to choose a birth date in steps (A11Y-10).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/date_keys.py [--sizes 1920x1080,1280x800,1080x1920]

Builds the resident window (no card, printer or database) on the members screen of a household of
three entered by hand, opens the birth-date picker by keys and counts the key presses (arrows and
Enter, from the focus the picker opens with) to choose each day of a few cases, at each window
size in normal and large text:

- ``first``: the first person, nothing else known (2016-11-08 and 1989-06-15);
- ``sibling``: 2016-11-08 for the third person, the second born 2014-04-02;
- ``change``: the first person's 1989-06-15 changed to 1989-06-25;
- ``year``: the first person's 1989-06-15 changed to 1988-06-15 (the month and day kept);

and on the review of the 国保 sheet of a household whose employer's insurance ended (the sample
``foreign_family``), the day it ended, with none set:

- ``ended``: today (a date that is not a birth date opens near today).

Prints one line per size and text size, and the total.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CASES: tuple[tuple[str, int, dict[int, dt.date], dt.date], ...] = (
    # (case, member, birth dates already set, the day to choose)
    ("first 2016-11-08", 0, {}, dt.date(2016, 11, 8)),
    ("first 1989-06-15", 0, {}, dt.date(1989, 6, 15)),
    ("sibling 2016-11-08", 2, {0: dt.date(1985, 3, 1), 1: dt.date(2014, 4, 2)}, dt.date(2016, 11, 8)),
    ("change 1989-06-15 → 06-25", 0, {0: dt.date(1989, 6, 15)}, dt.date(1989, 6, 25)),
    ("year 1989-06-15 → 1988", 0, {0: dt.date(1989, 6, 15)}, dt.date(1988, 6, 15)),
)
ENDED = "person.insurance_loss_date"  # on the 国保 sheet, each person's row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1920x1080,1280x800,1080x1920")
    args = parser.parse_args()
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPushButton

    from kiosk.config import Config
    from kiosk.household import Household
    from kiosk.journey import CataloguePort, Screen
    from kiosk.session import SOURCE_MANUAL
    from kiosk.ui import fit
    from kiosk.ui.app import application
    from kiosk.ui.date_picker import DatePicker
    from kiosk.ui.window import KioskWindow

    application()
    port = CataloguePort.load()
    window = KioskWindow(Config(), catalogue=port, card_worker=None, output=None, dpi=96.0)
    window.show()

    def focus() -> QPushButton:
        widget = QApplication.focusWidget()
        assert isinstance(widget, QPushButton), widget
        return widget

    def press(key: Qt.Key) -> int:
        QTest.keyClick(focus(), key)
        fit.settle()
        return 1

    def arrows_to(name: str) -> int:
        """Arrows from the focus to the option ``name`` (rows first, then columns), then Enter."""
        picker = next(p for p in window.current_screen().findChildren(DatePicker) if p.isVisibleTo(window))
        target = next(b for b in picker.options if b.objectName() == name)
        presses = 0
        while focus() is not target:
            here = focus().mapTo(window, focus().rect().center())
            there = target.mapTo(window, target.rect().center())
            if abs(there.y() - here.y()) > focus().height() // 2:
                presses += press(Qt.Key.Key_Down if there.y() > here.y() else Qt.Key.Key_Up)
            else:
                presses += press(Qt.Key.Key_Right if there.x() > here.x() else Qt.Key.Key_Left)
            assert presses < 60, f"the arrows did not reach {name}"
        return presses + press(Qt.Key.Key_Return)

    def steps_to(day: dt.date) -> int:
        """Enter on the focused opener, then arrows and Enter to each part of ``day``."""
        press(Qt.Key.Key_Return)
        return sum(arrows_to(f"date-{value}") for value in (day.year // 10 * 10, day.year, day.month, day.day))

    def ended(day: dt.date) -> int:
        """The day the first person's insurance ended, on the 国保 sheet's review."""
        journey = window.journey
        if journey.screen is not Screen.LANGUAGE:
            window.end_session()
        journey.choose_language("ja")
        household = Household.from_dict(port.catalogue.samples["foreign_family"])
        journey.session.answers.update(household.answers)
        journey.session.members[:] = household.members
        for member_ in journey.session.members:
            member_.source = SOURCE_MANUAL
        journey.session.members_confirmed = True
        journey.acknowledge_notice()
        journey._go_review([f.id for f in journey.forms()].index("kokuho"))  # noqa: SLF001
        page = window.current_screen().page
        while page is None or not page.complete:
            fit.settle()
            page = window.current_screen().page
        opener = next(b for b in window.current_screen().findChildren(QPushButton, f"edit-0-{ENDED}")
                      if b.isVisibleTo(window))
        opener.setFocus()
        presses = steps_to(day)
        assert journey.session.form_values["kokuho"].persons[0].get(ENDED) == day
        return presses

    def choose(member: int, known: dict[int, dt.date], day: dt.date) -> int:
        journey = window.journey
        if journey.screen is not Screen.LANGUAGE:
            window.end_session()
        journey.choose_language("ja")
        journey.acknowledge_notice()
        for answer in ("move_in", dt.date.today(), "same_prefecture", "new", 3, False, False):
            journey.answer(answer)
        assert journey.screen is Screen.MEMBERS
        for i, member_ in enumerate(journey.session.members):
            journey.choose_member_source(i, SOURCE_MANUAL)
            if i in known:
                journey.session.set_member_value(member_, "person.birth_date", known[i])
        screen = window.current_screen()
        screen.refresh()
        fit.settle()
        opener = next(b for b in screen.findChildren(QPushButton, f"member{member}-birth") if b.isVisibleTo(window))
        opener.setFocus()
        presses = steps_to(day)
        assert journey.session.members[member].values.get("person.birth_date") == day
        return presses

    total = 0
    for size in args.sizes.split(","):
        width, height = (int(n) for n in size.split("x"))
        for large in (False, True):
            window.large_button.setChecked(large)
            window.resize(width, height)
            fit.settle()
            counts = [choose(member, known, day) for _case, member, known, day in CASES]
            counts.append(ended(dt.date.today()))
            total += sum(counts)
            row = ", ".join(f"{case}: {n}" for case, n in zip([c[0] for c in CASES] + ["ended today"], counts,
                                                                strict=True))
            print(f"{size} {'large' if large else 'normal'}: {row}")
    cases = len(CASES) + 1
    print(f"total key presses over {cases} cases × {len(args.sizes.split(','))} sizes × 2 text sizes: {total}")
    window.timer.stop()
    window.close()


if __name__ == "__main__":
    main()
