"""The printed sheet writes a phone number and a postal code as Japanese forms do (0466-12-3456,
〒100-0001: each sits in a free text box of the form's layout, not a grid of one box per digit),
while its KS1 code carries the digits as they were typed (clerk-qr-format.md: the clerk's system
receives the data unchanged)."""

from __future__ import annotations

import datetime as dt

import pytest
import readback
from sample_forms import NOW

from kiosk.ks1 import Authentic, encode_sheet, verify
from kiosk.ks1.values import to_qr
from kiosk.sheets import render_sheet
from kiosk.sheets.draw import uses_boxes
from kiosk.sheets.specimen import specimen_values

PHONE, POSTAL = "0466123456", "1000001"  # invented


@pytest.fixture(scope="module")
def catalogue():
    from kiosk.catalogue.loader import load_catalogue

    return load_catalogue()


@pytest.mark.parametrize(("form_id", "printed"), [
    ("juminido", ("0466-12-3456", "〒100-0001")),
    ("jidoteate", ("0466-12-3456",)),
])
def test_the_sheet_prints_the_numbers_grouped_and_its_code_carries_the_digits(catalogue, signer, trust, form_id,
                                                                              printed) -> None:
    form = catalogue.forms[form_id]
    assert uses_boxes(form)  # drawn on the form's own layout: each value in its text box
    values = specimen_values(form, persons=2)
    values.household["filer.phone"] = PHONE
    if "address.new_postal_code" in values.household:
        values.household["address.new_postal_code"] = POSTAL
    sheet = encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-01", now=NOW,
                         validity=dt.timedelta(days=30))
    fields = {f.id: f for f in form.all_fields()}
    household, _persons = to_qr(form, sheet.values)
    assert household[fields["filer.phone"].qr_key] == PHONE  # the payload: digits as typed
    result = render_sheet(form, sheet, municipality="みどり町")
    text = readback.squeeze(readback.text(result.pdf))
    for grouped in printed:
        assert grouped in text, grouped
    assert PHONE not in text and f"〒{POSTAL}" not in text
    verdict = verify(readback.qr_strings(result.pdf), trust=trust, now=NOW, catalogue=catalogue)
    assert isinstance(verdict, Authentic), verdict
    assert verdict.household["filer.phone"] == PHONE  # read back from the printed code, unchanged
    if "address.new_postal_code" in values.household:
        assert household[fields["address.new_postal_code"].qr_key] == POSTAL
        assert verdict.household["address.new_postal_code"] == POSTAL
