"""A name chosen as kanji prints as chosen, and a name left to the counter prints 窓口で確認
(never blank); both travel in the signed code as printed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import readback
import sample_forms
from sample_forms import NOW
from test_sheets import assert_sheet_matches_code

from kiosk.kanji import COUNTER_CHECK
from kiosk.ks1 import encode_sheet
from kiosk.sheets import render_sheet


def _with_name_type(form):
    """The sample 住民異動届 with its name field of the catalogue's ``name`` type."""
    assert form.persons is not None
    fields = tuple(dataclasses.replace(ff, field=dataclasses.replace(ff.field, type="name"))
                   if ff.id == "person.name" else ff for ff in form.persons.fields)
    return dataclasses.replace(form, persons=dataclasses.replace(form.persons, fields=fields))


def test_chosen_kanji_and_the_counter_marker_are_printed(signer, trust) -> None:
    form = _with_name_type(sample_forms.juminido())
    values = sample_forms.juminido_values(3)
    values.persons[1]["person.name"] = "森山\u3000颯太"
    values.persons[1]["person.name_kana"] = "モリヤマ\u3000ソウタ"
    values.persons[2]["person.name"] = COUNTER_CHECK
    sheet = encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-01", now=NOW,
                         validity=dt.timedelta(days=30))
    result = render_sheet(form, sheet, municipality="みどり町")
    text = readback.squeeze(readback.text(result.pdf))
    assert "森山颯太" in text and "窓口で確認" in text
    catalogue = type("Catalogue", (), {"forms": {"juminido": form}})()
    verdict = assert_sheet_matches_code(result.pdf, form, trust, catalogue=catalogue)
    assert verdict.persons[2]["person.name"] == COUNTER_CHECK
