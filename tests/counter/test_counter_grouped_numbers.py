"""At the counter the clerk types a phone number and a postal code as digits (the cell goes on by
itself once the value is whole) and both people then read them grouped: the clerk's review table
and the resident's review window show 090-9999-0000 and 100-0001. Correcting a value in place
starts from its digits, so the value kept (and encoded in the KS1 code) stays digits."""

from __future__ import annotations

from counter_helpers import at_review_cell, review_row, to_review, type_keys
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from kiosk import i18n
from kiosk.counter import CounterController
from kiosk.ui import fit


def _resident_shows(counter, field_id: str) -> str:
    fit.settle()
    form = counter.controller.form()
    label = i18n.plain(next(ff for ff in form.fields if ff.id == field_id).field.label["ja"])
    return dict(row for row in counter.resident.review.household.texts())[label]


def test_the_clerk_and_the_resident_read_the_numbers_grouped(qtbot, counter) -> None:
    c: CounterController = counter.controller
    to_review(c)
    review = counter.clerk.review
    phone, postal = review_row(review, "filer.phone"), review_row(review, "address.new_postal_code")
    review.setCurrentCell(postal, 1)
    type_keys("1000001")  # seven digits: taken without Enter
    review.setCurrentCell(phone, 1)
    type_keys("09099990000")  # eleven for 090: taken without Enter
    household = c.values().household
    assert household["filer.phone"] == "09099990000" and household["address.new_postal_code"] == "1000001"
    assert review.item(phone, 1).text() == "090-9999-0000"
    assert review.item(postal, 1).text() == "100-0001"
    assert _resident_shows(counter, "filer.phone") == "090-9999-0000"
    assert _resident_shows(counter, "address.new_postal_code") == "100-0001"

    review.setCurrentCell(phone, 1)
    qtbot.keyClick(review, Qt.Key.Key_F2)  # edit in place: the editor holds the digits, not the groups
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "09099990000"
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    type_keys("1")  # whole again: taken
    assert c.values().household["filer.phone"] == "09099990001"
    assert review.item(phone, 1).text() == "090-9999-0001"


def test_a_number_the_plan_cannot_group_is_shown_as_the_clerk_typed_it(qtbot, counter) -> None:
    c: CounterController = counter.controller
    review, phone = at_review_cell(counter, "filer.phone")
    type_keys("010441234567")  # an international number: Enter decides
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    QApplication.processEvents()
    assert c.values().household["filer.phone"] == "010441234567"
    assert review.item(phone, 1).text() == "010441234567"
    assert _resident_shows(counter, "filer.phone") == "010441234567"
