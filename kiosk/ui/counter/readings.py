"""The likeliest reading (フリガナ) of a name at the counter, worked out off the GUI thread (the SKK
dictionaries reversed and Open JTalk, :func:`kiosk.ui.reading_picker.find_readings`) and put in the
household table's ふりがな where nothing is there yet: a card name (the card holds no reading) or a
name the clerk typed in kanji. The clerk corrects it in place; the resident confirms it on review."""

from __future__ import annotations

from PySide6.QtCore import QObject

from kiosk.counter import CounterController
from kiosk.ui.operations import runner
from kiosk.ui.reading_picker import find_readings

READING_FIELD = "person.name_kana"


def offer_reading(controller: CounterController, member: int, name: str, *, owner: QObject) -> None:
    def found(readings: list[str]) -> None:
        members = controller.session.members
        if readings and member < len(members) and not members[member].values.get(READING_FIELD):
            controller.set_member_text(member, READING_FIELD, readings[0])

    runner().run(lambda: find_readings(name), found, lambda _error: None, owner=owner)
