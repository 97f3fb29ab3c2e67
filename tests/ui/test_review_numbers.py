"""The kiosk's review shows the resident's phone number and postal code grouped, as they would
read them on paper (090-9999-0000, 100-0001 beside the label 郵便番号); correcting one starts the
keypad from the digits, and what is kept (and encoded in the KS1 code) stays the digits typed. A
number the numbering plan cannot group is shown as it was typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.journey import CataloguePort, Screen
from kiosk.ui.operations import runner

from .helpers import fill_sample, tap

PHONE, POSTAL = "09099990000", "1000001"  # invented


def _review(qtbot, kiosk_window, lang: str, phone: str):
    port = CataloguePort.load()
    window = kiosk_window(catalogue=port, size=(1280, 900))
    assert runner().wait_idle(10_000)
    fill_sample(window, port, "single_adult", lang)
    session = window.journey.session
    for values in port.prefill_all(session):  # as the resident typed them earlier in the review
        if "filer.phone" in values.household:
            values.household["filer.phone"] = phone
        if "address.new_postal_code" in values.household:
            values.household["address.new_postal_code"] = POSTAL
        session.store_form(values)
    window.journey.acknowledge_notice()
    assert window.journey.screen is Screen.REVIEW
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.page is not None and screen.page.complete, timeout=10_000)
    form = window.journey.current_form()
    assert form is not None and form.id == "juminido"  # the move-in notification: both numbers on it
    return window, screen, form


def _shown(screen, field_id: str) -> str:
    label, _mark = screen.page.values[(field_id, None)]
    return label.text()


def test_the_review_shows_the_phone_and_postal_code_grouped_and_keeps_the_digits(qtbot, kiosk_window) -> None:
    window, screen, form = _review(qtbot, kiosk_window, "ja", PHONE)
    assert _shown(screen, "filer.phone") == "090-9999-0000"
    assert _shown(screen, "address.new_postal_code") == "100-0001"
    edit = screen.page.findChild(QPushButton, "edit-h-filer.phone")
    assert edit is not None
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    pad = screen.editor.pad
    assert pad.value == PHONE  # correcting starts from the digits typed, not the grouped text
    pad.backspace()
    tap(qtbot, pad, "1")
    qtbot.mouseClick(pad.ok, Qt.MouseButton.LeftButton)
    stored = window.journey.session.form_values[form.id].household["filer.phone"]
    assert stored == "09099990001"  # kept as typed: no hyphen enters the value or its code
    qtbot.waitUntil(lambda: screen.page is not None and screen.page.complete, timeout=10_000)
    assert _shown(screen, "filer.phone") == "090-9999-0001"
    window.end_session()


def test_a_phone_number_that_cannot_be_grouped_is_shown_as_typed(qtbot, kiosk_window) -> None:
    window, screen, _form = _review(qtbot, kiosk_window, "pt-BR", "0800123456")  # 0800 has 11 digits
    assert _shown(screen, "filer.phone") == "0800123456"
    assert _shown(screen, "address.new_postal_code") == "100-0001"  # in every language
    window.end_session()
