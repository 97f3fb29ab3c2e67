"""A kiosk that stays up for days (REL-) keeps what it built for the first resident and holds
nothing more after the next one: the reference journey played twice in one process through the
real widgets, the virtual card (pcscd + vpcd) and the cups-pdf queue (bench/soak.py plays it
hundreds of times and prints the figures).

What grew before: the card screen had no reset, so it was destroyed at every session end and
built again for the next resident; its new page scroller registered a new touch gesture type,
which PySide keeps for good as one more ``Qt.GestureType`` value. And every review page built
its rows anew (some 150 a session, where 41 now serve every page), each Qt object made from Python leaving PySide 6.11.3 with
references to None it never gives back; the rows are now kept, wiped, for the next pages.
PRIV-08 still holds: what is kept shows nothing of the resident who left."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from kiosk.journey import Screen
from kiosk.ui import reference
from kiosk.ui.operations import runner
from kiosk.ui.review_rows import ReviewRow

pytestmark = pytest.mark.gui


def _gesture_types() -> int:
    """The ``Qt.GestureType`` values alive: one more for every touch gesture type Qt registered."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is Qt.GestureType)


def _after_a_session(setup: reference.Setup) -> tuple[dict[Screen, object], int, int, set[ReviewRow]]:
    played = reference.play(setup, "ja", None)
    assert played.sheets, "the session printed nothing"
    assert runner().wait_idle(60_000)
    window = setup.kiosk.window
    rows = set(window.screens[Screen.REVIEW].findChildren(ReviewRow))
    return dict(window.screens), len(QApplication.allWidgets()), _gesture_types(), rows


def test_a_second_session_builds_nothing_that_stays(kiosk_setup) -> None:
    """Every screen built for the first resident is the same widget after the second, and so is
    every review row; the widgets alive and the gesture types Qt registered are as many as after
    the first; the card screen and the rows kept show nothing of the last resident."""
    first_screens, first_widgets, first_gestures, first_rows = _after_a_session(kiosk_setup)
    kept = {Screen.CARD, Screen.REVIEW, Screen.RESULT} - set(first_screens)
    assert kept == set(), f"destroyed at the session's end, to be built again: {sorted(k.value for k in kept)}"
    second_screens, second_widgets, second_gestures, second_rows = _after_a_session(kiosk_setup)

    rebuilt = sorted(key.value for key, screen in second_screens.items() if first_screens.get(key) is not screen)
    assert rebuilt == []
    assert second_widgets == first_widgets
    assert second_gestures == first_gestures
    # The rows of the longest page serve every page: the second review on the first's rows.
    assert len(first_rows) >= 20
    assert second_rows == first_rows

    # PRIV-08 for the rows kept: no label, value or button name of the last resident's forms.
    assert [(r.ja.text(), r.shown.text(), r.edit.objectName()) for r in second_rows
            if r.ja.text() or r.shown.text() or r.edit.objectName() or r.target is not None] == []

    # PRIV-08 for the kept card screen: nothing of the resident who left (name, reading, PIN
    # digit); the next resident starts at "place your card".
    card = kiosk_setup.kiosk.window.screens[Screen.CARD]
    needles = [c.persona.name for c in kiosk_setup.cards] + [c.persona.name_kana or "" for c in kiosk_setup.cards]
    widgets = card.findChildren(QLabel) + card.findChildren(QAbstractButton)
    shown = "\n".join(w.text() + w.accessibleName() for w in widgets) + card.instruction.text()
    assert [n for n in needles if n and (n in shown or n.replace("\u3000", "") in shown)] == []
    assert card.result is None and card.reading.value is None and card.reading.candidates == []
    assert card.reading.pad.value == "" and card.pin.length == 0
    assert card.state == "place"
