"""What a session's sheets print, measured: blanks, the characters the paper forms would need,
names in kana where the law wants kanji, and a keystroke-level (KLM) estimate of the resident's
time. Qt-free; the reference-journey benchmark (``bench/journey.py``) and the tests use it.

A printed field is *blank* when the sheet prints "—" or nothing for it. What may stay blank:

* what the law wants handwritten (signature, seal: ``handwrite`` on the form),
* what the resident chose to leave to the counter (the value :data:`~kiosk.kanji.COUNTER_CHECK`,
  printed as 窓口で確認, so not blank at all),

and nothing else the navigator asked or the card holds.

KLM operators (Card, Moran & Newell 1980; touch-screen values as commonly used):
K = 0.28 s per keystroke or tap on a pad (an average non-secretarial typist), P = 1.1 s to
point at a target on the screen, H = 0.4 s to move the hand to the screen or pad, M = 1.35 s of
mental preparation. Each tap on a button is M + P (decide, then reach it); each typed character
is K + P/2 (pads are compact: half a pointing movement); each screen adds one H (the hand comes
back to the screen after reading).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.catalogue.model import Form, FormField, FormValues
from kiosk.kanji import COUNTER_CHECK
from kiosk.sheets.draw import EMPTY, MY_NUMBER_TEXT, applies, printed_text

KLM_K = 0.28  # s, keystroke / tap on a pad key
KLM_P = 1.1  # s, point at a target
KLM_H = 0.4  # s, hand to the screen
KLM_M = 1.35  # s, mental preparation
MY_NUMBER_DIGITS = 12
# Items neither the navigator asks nor the card holds: written at the counter from the papers the
# resident brings (none has a card binding or a derivation; the tests check it).
# (filer.address is derived from the household's address; person.school_prev and spouse.occupation
# are printed 窓口で確認 by their ``counter_check`` flag: none of them is excused.)
NOT_ASKED = frozenset({
    "person.basic_pension_no",  # 基礎年金番号: not on the card
    "person.care_insured_no", "person.care_level", "person.cert_valid_until",  # from the 受給資格証明書
})  # what the paper form wants written for a 個人番号 box

# Fields that hold a person's name: the law (住民基本台帳法7条1号) wants it as registered, in kanji
# for a Japanese national.
NAME_FIELDS = frozenset({"person.name", "filer.name", "household.head_name"})
_KANA_OR_LATIN = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3000 A-Za-z'.\-]+")


@dataclass(frozen=True)
class Printed:
    """One field as a sheet prints it."""

    form_id: str
    field_id: str
    row: int | None  # person row, or None for a household field
    text: str
    handwrite: bool
    mark: str  # the field type's sheet mark: text, options, check, my_number
    missing: bool = False  # no value at all (a check box left unticked is an answer, not a blank)

    @property
    def blank(self) -> bool:
        """Printed "—" or nothing (the 個人番号 is printed as checked at the counter by card, PRIV-02)."""
        if self.handwrite or self.mark == "my_number":
            return False
        return self.missing or (self.mark == "text" and self.text.strip() in ("", EMPTY))

    @property
    def counter_check(self) -> bool:
        return self.text == COUNTER_CHECK

    @property
    def paper_characters(self) -> int:
        """Characters (or marks) the paper form would need the resident to write here."""
        if self.mark == "my_number":
            return MY_NUMBER_DIGITS
        if self.handwrite or self.blank or self.counter_check:
            return 0  # 窓口で確認: the clerk writes it, not the resident
        if self.mark in ("options", "check"):
            return 1  # one circle or tick
        return len("".join(self.text.split()))

    def where(self) -> str:
        return f"{self.form_id}:{self.field_id}" + ("" if self.row is None else f"[{self.row}]")


def _printed(form: Form, ff: FormField, value: Any, row: int | None) -> Printed:
    mark = ff.field.kind.sheet_mark
    text = MY_NUMBER_TEXT if mark == "my_number" else printed_text(ff, value)
    return Printed(form.id, ff.id, row, text, ff.handwrite, mark, value is None or value == "")


def printed_fields(form: Form, values: FormValues) -> list[Printed]:
    """Every field the sheet of ``form`` prints for ``values`` (what :func:`kiosk.sheets.draw.sheet_model`
    draws: a conditional field without a value is left off the sheet)."""
    out = [_printed(form, ff, values.household.get(ff.id), None)
           for ff in form.fields if applies(ff, values.household.get(ff.id))]
    if form.persons is not None:
        for row, person in enumerate(values.persons):
            for ff in form.persons.fields:
                value = person.get(ff.id)
                if value is None and ff.when and not ff.field.kind.is_my_number:
                    continue
                out.append(_printed(form, ff, value, row))
    return out


def session_fields(items: Iterable[tuple[Form, FormValues]]) -> list[Printed]:
    return [p for form, values in items for p in printed_fields(form, values)]


def blanks(printed: Iterable[Printed], pending: Iterable[str] = ()) -> list[Printed]:
    """Printed fields left blank, except the field ids in ``pending``."""
    waiting = set(pending)
    return [p for p in printed if p.blank and p.field_id not in waiting]


def kana_names(printed: Iterable[Printed], kanji_names: Mapping[int, bool] | None = None) -> list[Printed]:
    """Name fields printed in kana or Latin letters. ``kanji_names``: per person row, whether the
    law wants that person's name in kanji (a Japanese national); by default everyone."""
    out = []
    for p in printed:
        if p.field_id not in NAME_FIELDS or p.blank or p.counter_check:
            continue
        wants_kanji = True if kanji_names is None or p.row is None else kanji_names.get(p.row, True)
        if wants_kanji and _KANA_OR_LATIN.fullmatch(p.text):
            out.append(p)
    return out


def paper_characters(printed: Iterable[Printed]) -> int:
    return sum(p.paper_characters for p in printed)


@dataclass(frozen=True)
class Effort:
    """What the resident did at the kiosk."""

    taps: int
    typed: int
    screens: int

    def klm_seconds(self) -> float:
        """Keystroke-level estimate of the resident's time (operators above)."""
        return self.taps * (KLM_M + KLM_P) + self.typed * (KLM_K + KLM_P / 2) + self.screens * KLM_H
