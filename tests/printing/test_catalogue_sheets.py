"""Every shipped form: a 6-person household with every field filled fits one KS1 symbol of
version ≤ 25 at level M or better, prints on one A4 page (and a continuation sheet for what does not
fit its box at 7 pt), and reads back value for value."""

from __future__ import annotations

import datetime as dt

import pytest
import readback
from sample_forms import NOW

from kiosk.ks1 import Authentic, encode_sheet, verify
from kiosk.ks1.symbol import MAX_VERSION
from kiosk.sheets import display_value, render_sheet
from kiosk.sheets.specimen import specimen_values
from printing import fonts

SHIPPED = ("juminido", "kokuho", "nenkin", "jidoteate", "kodomo_iryo", "inkan", "juminhyo", "mynumber_card", "gakko",
           "kaigo")


@pytest.fixture(scope="module")
def catalogue():
    from kiosk.catalogue.loader import load_catalogue

    return load_catalogue()


@pytest.mark.parametrize("form_id", SHIPPED)
def test_priv11_shipped_form_six_persons_one_symbol_and_reads_back(catalogue, signer, trust, form_id) -> None:
    form = catalogue.forms[form_id]
    values = specimen_values(form, persons=6)
    sheet = encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-01", now=NOW,
                         validity=dt.timedelta(days=30))
    assert len(sheet.symbols) == 1, f"{form_id}: {sheet.blob_size} bytes need {len(sheet.symbols)} symbols"
    assert sheet.versions[0] <= MAX_VERSION and sheet.levels[0] in ("M", "Q", "H")
    result = render_sheet(form, sheet, municipality="みどり町")
    # every field filled with long specimen text: what does not fit a box at 7 pt goes on one continuation sheet
    assert result.pages <= 2 and result.missing_glyphs == []
    codes = readback.qr_strings(result.pdf)
    verdict = verify(codes, trust=trust, now=NOW, catalogue=catalogue)
    assert isinstance(verdict, Authentic), verdict
    text = readback.squeeze(readback.text(result.pdf))
    fields = {f.id: f for f in form.all_fields()}
    for group in [verdict.household, *verdict.persons]:
        for key, value in group.items():
            assert readback.squeeze(display_value(fields[key], value)) in text, (form_id, key)
    assert "受付用コード(1/1)" in text
    if form.requires_my_number:
        assert verdict.confirm_my_number and "窓口でカードにより確認" in text


def test_missing_glyph_on_a_shipped_form_is_marked(catalogue, signer) -> None:
    form = catalogue.forms["juminido"]
    values = specimen_values(form, persons=2)
    values.persons[1]["person.name"] = "𠮷田 花子"
    sheet = encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-01", now=NOW,
                         validity=dt.timedelta(days=30))
    result = render_sheet(form, sheet, municipality="みどり町")
    assert result.missing_glyphs == ["𠮷"]
    text = readback.squeeze(readback.text(result.pdf))
    assert f"{fonts.GETA}田花子" in text and "印字できなかった文字" in text


@pytest.mark.cups
@pytest.mark.parametrize("form_id", SHIPPED)
def test_priv11_shipped_form_printed_through_cups_reads_back(catalogue, signer, trust, printer_queue, pdf_dir,
                                                             form_id) -> None:
    """The done-criterion: print on the cups-pdf queue, rasterise the spooled PDF, decode the QR
    (zxing-cpp, bytes, QR only), verify it and find every value in the sheet's text.

    cups-pdf turns the job into PostScript and back, which drops the Unicode map of some glyphs
    from the spooled file's text layer (the print itself is unchanged). So the text is read from
    the PDF that was sent, and the spooled PDF must look the same when rasterised."""
    from kiosk.print_queue import PrintQueue

    form = catalogue.forms[form_id]
    sheet = encode_sheet(form, specimen_values(form, persons=6), signer=signer, iss=999991, kiosk_id="kiosk-01",
                         now=NOW, validity=dt.timedelta(days=30))
    result = render_sheet(form, sheet, municipality="みどり町")
    before = set(pdf_dir.glob("*.pdf"))
    PrintQueue(printer_queue, timeout=60, poll_seconds=0.2).print_pdf(result.pdf, title=f"sheet-{form_id}")
    printed = readback.wait_for_pdf(pdf_dir, before)
    verdict = verify(readback.qr_strings(printed), trust=trust, now=NOW, catalogue=catalogue)
    assert isinstance(verdict, Authentic) and verdict.sheet_id == sheet.sheet_id
    assert readback.raster_difference(printed, result.pdf) < 0.01
    text = readback.squeeze(readback.text(result.pdf))
    fields = {f.id: f for f in form.all_fields()}
    for group in [verdict.household, *verdict.persons]:
        for key, value in group.items():
            assert readback.squeeze(display_value(fields[key], value)) in text, (form_id, key)
