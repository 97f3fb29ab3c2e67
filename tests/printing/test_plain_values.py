"""The printing package on its own: a sheet described in plain values (no form, no catalogue, no
signer) prints its labels, values, choices and QR code, and a character no font has prints as 〓
and is reported."""

from __future__ import annotations

from dataclasses import replace

import qrcode
import readback

from printing.fonts import GETA
from printing.model import Box, Choice, Code, Column, Entry, PersonTable, Sheet
from printing.sheet import render_sheet

MISSING = "\U000f0000"  # a private-use character no installed font draws


def _code(text: str) -> Code:
    qr = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    qr.make(fit=True)
    return Code(tuple(tuple(bool(m) for m in row) for row in qr.get_matrix()))


def _sheet() -> Sheet:
    return Sheet(
        title="見本届", municipality="みどり町", sheet_id="ABCD-0123", subject="sheet abcd0123",
        issued="令和8年4月1日 09:30", kiosk_id="kiosk-01", form_line="様式 mihon 第1版", codes=(_code("MIHON-12345"),),
        fields=(
            Entry("氏名", "緑川 一郎"),
            Entry("続柄", "世帯主", "choices", (Choice("世帯主", True), Choice("妻", False))),
            Entry("備考", f"田{MISSING}です"),
        ),
        persons=PersonTable("対象となる人", (Column("氏名", 30), Column("生年月日", 28)),
                            (("緑川 花子", "昭和61年11月3日"),)),
        notes=("見本の注意書き",),
    )


def test_flowing_sheet_prints_the_plain_values_and_its_code() -> None:
    result = render_sheet(_sheet())
    text = readback.squeeze(readback.text(result.pdf))
    for expected in ("見本届", "みどり町長様", "緑川一郎", "世帯主", "妻", "緑川花子", "昭和61年11月3日",
                     "シートIDABCD-0123", "発行令和8年4月1日09:30", "見本の注意書き", f"田{GETA}です"):
        assert expected in text, expected
    assert result.missing_glyphs == [MISSING]
    assert "印字できなかった文字" in text
    assert readback.qr_strings(result.pdf) == ["MIHON-12345"]


def test_boxed_sheet_prints_each_entry_in_its_box() -> None:
    fields = (
        Entry("氏名", "緑川 一郎", box=Box(10, 40, 90, 10)),
        Entry("個人番号", "窓口でカードにより確認", "my_number", box=Box(105, 40, 95, 10)),
        Entry("署名", kind="signature", box=Box(10, 60, 190, 14)),
    )
    result = render_sheet(replace(_sheet(), fields=fields, persons=None, boxed=True))
    text = readback.squeeze(readback.text(result.pdf))
    for expected in ("緑川一郎", "窓口でカードにより確認", "ご本人が署名してください", "見本の注意書き"):
        assert expected in text, expected
    assert result.pages == 1 and result.missing_glyphs == []
    assert readback.qr_strings(result.pdf) == ["MIHON-12345"]
