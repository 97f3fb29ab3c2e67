"""PRIV-12: with the 個人番号 read (kiosk.my_number_enabled, a form with a legal basis: 年金), the
review shows it masked but for its last four digits; the whole number is on no label or button
of the window until the resident taps 修正 on its row, which opens the editor on the digits; the
read-out says the last four digits only."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.card.persona import load_persona
from kiosk.card.records import BasicInfo
from kiosk.journey import CataloguePort, Screen
from kiosk.session import SOURCE_CARD
from kiosk.speech.spoken import review_readout
from kiosk.speech.voices import table
from kiosk.ui.operations import runner

from .helpers import fill_sample, screen_text

FAKE_NUMBER = load_persona("adult").my_number  # fake: a valid check digit only
BASIC = BasicInfo(name="緑川　架空", address="みどり町一丁目1番1号", birth_date=dt.date(1985, 1, 20), sex="1")


def test_priv12_the_review_masks_the_my_number_but_its_last_four_digits(qtbot, kiosk_window) -> None:
    loaded = CataloguePort.load()
    port = CataloguePort(loaded.catalogue, my_number_enabled=True)
    window = kiosk_window(catalogue=port, size=(1280, 900))
    assert runner().wait_idle(10_000)
    fill_sample(window, port, "foreign_family", "ja")
    journey = window.journey
    head = journey.session.members[0]
    head.source = SOURCE_CARD
    journey.session.record_card(head, BASIC, my_number=FAKE_NUMBER)  # as the card screen's read gives it
    journey.acknowledge_notice()
    journey._go_review([f.id for f in journey.forms()].index("nenkin"))  # noqa: SLF001 - straight to 年金
    assert journey.screen is Screen.REVIEW
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.page is not None and screen.page.complete
                    and screen.page.values.get(("person.my_number", 0)) is not None, timeout=10_000)
    label, _mark = screen.page.values[("person.my_number", 0)]
    assert label.text() == "●●●● ●●●● " + FAKE_NUMBER[-4:]
    assert FAKE_NUMBER not in screen_text(window) and FAKE_NUMBER[:8] not in screen_text(window)
    assert journey.session.form_values["nenkin"].persons[0]["person.my_number"] == FAKE_NUMBER  # kept whole
    said = review_readout(journey, table()).text()  # the read-out, asked for: the last four digits only
    assert " ".join(FAKE_NUMBER[-4:]) in said and FAKE_NUMBER[:8] not in said.replace(" ", "")
    assert "●" not in said

    edit = screen.page.findChild(QPushButton, "edit-0-person.my_number")
    assert edit is not None
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert screen.editor.pad.value == FAKE_NUMBER  # shown whole in the editor the resident opened
