"""A character the printer fonts lack (𠮷) or a name with a variation selector: the review screen's
domain function names the field before printing, the sheet marks the field itself and explains the
mark where the clerk reads the notes, a variation selector never prints as an extra character, and
the code carries the exact characters (PRIV-11)."""

from __future__ import annotations

import datetime as dt

import pytest
import readback
from sample_forms import NOW

from kiosk import i18n
from kiosk.ks1 import Authentic, encode_sheet, verify
from kiosk.sheets import render_sheet
from kiosk.sheets.glyphs import review_notice, unprintable, unprintable_characters
from kiosk.sheets.specimen import specimen_values
from printing import fonts

YOSHI = "𠮷田 花子"  # U+20BB7: not in BIZ UD Gothic
KATSURAGI = "葛\U000E0100城 太郎"  # 葛 with an ideographic variation selector


@pytest.fixture(scope="module")
def catalogue():
    from kiosk.catalogue.loader import load_catalogue

    return load_catalogue()


@pytest.fixture
def values(catalogue):
    form = catalogue.forms["juminido"]
    values = specimen_values(form, persons=3)
    values.persons[1]["person.name"] = YOSHI
    values.persons[2]["person.name"] = KATSURAGI
    return values


def test_domain_function_finds_the_characters_before_printing(catalogue, values) -> None:
    assert unprintable_characters("緑川 一郎") == []
    assert unprintable_characters(YOSHI) == ["𠮷"]
    assert unprintable_characters(KATSURAGI) == ["葛\U000E0100"]
    found = unprintable(catalogue.forms["juminido"], values)
    assert [(u.field_id, u.row, u.characters) for u in found] == [
        ("person.name", 1, ("𠮷",)), ("person.name", 2, ("葛\U000E0100",))]


def test_review_notice_names_field_and_character_in_every_language(catalogue, values) -> None:
    form = catalogue.forms["juminido"]
    for lang in i18n.languages():
        notice = review_notice(form, values, lang)
        assert "氏名" in notice and "𠮷" in notice, lang
    assert review_notice(form, specimen_values(form, persons=1), "ja") == ""


def test_sheet_marks_the_field_and_the_code_carries_the_exact_text(catalogue, values, signer, trust) -> None:
    form = catalogue.forms["juminido"]
    sheet = encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-01", now=NOW,
                         validity=dt.timedelta(days=30))
    result = render_sheet(form, sheet, municipality="みどり町")
    assert result.missing_glyphs == ["𠮷", "葛\U000E0100"]
    text = readback.squeeze(readback.text(result.pdf))
    assert f"{fonts.GETA}田花子" in text
    assert "葛城太郎" in text and f"葛{fonts.GETA}" not in text  # the selector adds no character
    assert "印字できなかった文字" in text and "U+20BB7" in text and "U+E0100" in text
    # the mark sits in the name box of each affected row
    drawn = [c for c in readback.chars(result.pdf) if c.page == 0]
    name = next(f for f in form.persons.fields if f.id == "person.name")
    assert name.box is not None
    for row in (1, 2):
        top = name.box.y + row * form.persons.row_pitch
        inside = "".join(c.text for c in drawn if name.box.x <= c.left and c.right <= name.box.x + name.box.width
                         and top <= c.top and c.bottom <= top + name.box.height)
        assert "※字形" in inside, row
    verdict = verify(readback.qr_strings(result.pdf), trust=trust, now=NOW, catalogue=catalogue)
    assert isinstance(verdict, Authentic)
    assert [p["person.name"] for p in verdict.persons[1:]] == [YOSHI, KATSURAGI]
