"""Personal names: kanji chosen from candidates, Latin or kana as typed, or the 窓口で確認 marker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.catalogue.types.textual import TextType
from kiosk.kanji import COUNTER_CHECK

if TYPE_CHECKING:
    from kiosk.catalogue.model import FieldDef


class NameType(TextType):
    """A person's name. Edited with the kana pad and kanji candidates (keypad ``name``); when the
    resident cannot find the kanji the value is :data:`COUNTER_CHECK`, printed as 窓口で確認 so the
    field is never blank and the clerk knows to confirm it."""

    name = "name"
    keypad = "name"

    def is_counter_check(self, value: object) -> bool:
        return value == COUNTER_CHECK

    def print_text(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        if self.is_counter_check(value):
            return COUNTER_CHECK  # official Japanese on the sheet whatever the screen language
        return super().print_text(fd, value, lang)
