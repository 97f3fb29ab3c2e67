"""Printed sheets read back: the QR decodes, verifies, and carries exactly what the sheet prints
(PRIV-11). Through the real cups-pdf queue where script/with-services provides it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import readback
import sample_forms
from reportlab.lib.units import mm
from sample_forms import NOW

from kiosk.catalogue.model import Counter, Procedure
from kiosk.ks1 import AlreadyUsed, Authentic, Seen, encode_sheet, format_sheet_id, verify
from kiosk.print_queue import PrintQueue
from kiosk.sheets import build_bundle, display_value, render_guide, render_sheet, render_ticket
from printing import fonts, qrdraw

DAYS30 = dt.timedelta(days=30)
CATALOGUE = type("Catalogue", (), {"forms": {"juminido": sample_forms.juminido(), "kokuho": sample_forms.kokuho()}})()
PROCEDURES = [
    Procedure("tennyu", {"ja": "転入届", "en": "Moving-in notification", "vi": "Thông báo chuyển đến"}, "shiminka",
              ("juminido",), bring={"ja": "マイナンバーカード", "en": "My Number card", "vi": "Thẻ My Number"},
              deadline={"ja": "引っ越してから14日以内", "en": "Within 14 days of moving", "vi": "Trong vòng 14 ngày"}),
    Procedure("kokuho", {"ja": "国民健康保険", "en": "National Health Insurance"}, "kokuho", ("kokuho",)),
]
COUNTERS = {"shiminka": Counter("shiminka", {"ja": "市民課 1番窓口", "en": "Residents Section, counter 1"}),
            "kokuho": Counter("kokuho", {"ja": "保険年金課 3番窓口", "en": "Insurance and Pension, counter 3"})}


def _expected_texts(form, values, missing: list[str]) -> list[str]:
    fields = {f.id: f for f in form.all_fields()}
    out = []
    for group in [values.household, *values.persons]:
        for key, value in group.items():
            text = display_value(fields[key], value)
            for char in missing:
                text = text.replace(char, fonts.GETA)
            out.append(text)
    return out


def assert_sheet_matches_code(pdf, form, trust, catalogue=CATALOGUE, missing=(), sent=None) -> Authentic:
    """The code on ``pdf`` verifies and every decoded value is printed on the sheet. ``sent``: the
    PDF given to the printer, whose text is compared when ``pdf`` came back through cups-pdf
    (its PostScript round trip drops the Unicode map of some glyphs; the print looks the same)."""
    codes = readback.qr_strings(pdf)
    assert codes, "no QR code found on the sheet"
    verdict = verify(codes, trust=trust, now=NOW + dt.timedelta(minutes=5), catalogue=catalogue)
    assert isinstance(verdict, Authentic), verdict
    page_text = readback.squeeze(readback.text(sent if sent is not None else pdf))
    if sent is not None:
        assert readback.raster_difference(pdf, sent) < 0.01
    decoded = type("V", (), {"household": verdict.household, "persons": verdict.persons})
    for expected in _expected_texts(form, decoded, list(missing)):
        assert readback.squeeze(expected) in page_text, expected
    assert format_sheet_id(verdict.sheet_id) in page_text
    assert f"受付用コード(1/{len(codes)})" in page_text
    return verdict


def _sheet(signer, people=4, form=None, values=None):
    form = form or sample_forms.juminido()
    values = values or sample_forms.juminido_values(people)
    return form, encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-01", now=NOW, validity=DAYS30)


@pytest.mark.parametrize("people", [1, 4, 6])
def test_priv11_sheet_code_verifies_and_matches_printed_text(signer, trust, people) -> None:
    form, sheet = _sheet(signer, people)
    result = render_sheet(form, sheet, municipality="みどり町", counter_name="市民課")
    verdict = assert_sheet_matches_code(result.pdf, form, trust)
    assert len(verdict.persons) == people
    assert sheet.versions[0] <= 25 and sheet.levels[0] in ("M", "Q", "H")


def test_priv11_form_with_my_number_prints_only_the_confirmation_note(signer, trust) -> None:
    values = sample_forms.kokuho_values()
    values.persons[0]["person.my_number"] = "123456789018"
    form, sheet = _sheet(signer, form=sample_forms.kokuho(), values=values)
    result = render_sheet(form, sheet, municipality="みどり町")
    text = readback.text(result.pdf)
    assert "123456789018" not in readback.squeeze(text)
    assert "個人番号は窓口でマイナンバーカードにより確認します" in readback.squeeze(text)
    verdict = assert_sheet_matches_code(result.pdf, form, trust)
    assert verdict.confirm_my_number


def test_missing_glyph_is_marked_and_reported_not_dropped(signer, trust) -> None:
    values = sample_forms.juminido_values(3)
    values.persons[2]["person.name"] = "𠮷田 健太"
    form, sheet = _sheet(signer, values=values)
    result = render_sheet(form, sheet, municipality="みどり町")
    assert result.missing_glyphs == ["𠮷"]
    text = readback.squeeze(readback.text(result.pdf))
    assert "〓田健太" in text and "印字できなかった文字" in text
    verdict = assert_sheet_matches_code(result.pdf, form, trust, missing=["𠮷"])
    assert verdict.persons[2]["person.name"] == "𠮷田 健太"  # the code keeps the true character


def test_signature_line_only_where_the_form_wants_handwriting(signer) -> None:
    form, sheet = _sheet(signer, 2)
    text = readback.squeeze(readback.text(render_sheet(form, sheet, municipality="みどり町").pdf))
    assert "記入不要" in text and text.count("署名してください") == 1


def test_modules_are_whole_printer_dots_and_at_least_0_33_mm() -> None:
    side = qrdraw.module_points()
    assert side >= 0.33 * mm
    assert abs(side / (72 / 600) - round(side / (72 / 600))) < 1e-9
    with pytest.raises(ValueError):
        qrdraw.module_points(600, 7)


@pytest.mark.parametrize("paper", ["a4", "80mm"])
def test_ticket_carries_every_code_of_the_session(signer, trust, paper) -> None:
    items = [_sheet(signer, 6), _sheet(signer, form=sample_forms.kokuho(), values=sample_forms.kokuho_values())]
    result = render_ticket(items, PROCEDURES, COUNTERS, municipality="みどり町", issued_at=NOW, paper=paper, lang="en")
    codes = readback.qr_strings(result.pdf)
    assert len(codes) == 2
    verdicts = [verify([c], trust=trust, now=NOW, catalogue=CATALOGUE) for c in codes]
    assert {v.form_id for v in verdicts if isinstance(v, Authentic)} == {"juminido", "kokuho"}
    text = readback.squeeze(readback.text(result.pdf))
    assert "受付票" in text and "市民課1番窓口" in text and "Moving-innotification" in text
    if paper == "80mm":
        import pypdfium2 as pdfium

        width, _height = pdfium.PdfDocument(result.pdf)[0].get_size()
        assert abs(width - 80 * mm) < 0.5


@pytest.mark.parametrize("lang", ["ja", "ja-easy", "en", "vi", "pt-BR", "zh-Hans", "ko", "ne"])
def test_guide_slip_in_the_residents_language_loses_no_character(lang) -> None:
    result = render_guide(PROCEDURES, COUNTERS, lang=lang, municipality="みどり町", issued_at=NOW)
    text = readback.text(result.pdf)
    from kiosk import i18n

    title = i18n.plain(i18n.text("print.guide_title", lang))
    for char in set(title) - {" "}:
        assert char in text or char in result.missing_glyphs, (lang, char)
    if lang in ("ja", "en", "vi", "pt-BR"):
        assert result.missing_glyphs == []
        assert readback.squeeze(title) in readback.squeeze(text)


def test_output_mode_per_town(signer) -> None:
    items = [(sample_forms.juminido(), sample_forms.juminido_values(2)),
             (sample_forms.kokuho(), sample_forms.kokuho_values())]
    common = dict(signer=signer, iss=999991, kiosk_id="kiosk-01", municipality="みどり町", now=NOW, validity=DAYS30,
                  procedures=PROCEDURES, counters=COUNTERS, lang="en")
    sheets = build_bundle(items, mode="sheets", **common)
    assert [d.kind for d in sheets.documents] == ["sheet", "sheet", "guide"]
    ticket = build_bundle(items, mode="ticket", ticket_paper="80mm", **common)
    assert [d.kind for d in ticket.documents] == ["ticket"]
    from kiosk.config import from_mapping
    from kiosk.sheets import bundle_from_config

    town = from_mapping({"kiosk": {"output_mode": "ticket", "ticket_paper": "a4"}})
    configured = bundle_from_config(town, items, signer=signer, now=NOW, procedures=PROCEDURES, counters=COUNTERS)
    assert configured.mode == "ticket" and [d.kind for d in configured.documents] == ["ticket"]
    assert all("緑川" not in d.title for d in sheets.documents + ticket.documents)


@pytest.mark.cups
def test_priv11_real_print_read_back_and_second_scan_flagged(signer, trust, printer_queue, pdf_dir: Path) -> None:
    """Print through cups-pdf, read the spooled PDF back, verify, compare; scan twice."""
    form, sheet = _sheet(signer, 6)
    result = render_sheet(form, sheet, municipality="みどり町", counter_name="市民課")
    before = set(pdf_dir.glob("*.pdf"))
    outcome = PrintQueue(printer_queue, timeout=60, poll_seconds=0.2).print_pdf(result.pdf, title="sheet-juminido")
    assert outcome.state == "completed"
    printed = readback.wait_for_pdf(pdf_dir, before)
    verdict = assert_sheet_matches_code(printed, form, trust, sent=result.pdf)
    assert verdict.sheet_id == sheet.sheet_id
    received = {bytes.fromhex(verdict.sheet_id): Seen(NOW, "clerk-01")}
    again = verify(readback.qr_strings(printed), trust=trust, now=NOW, seen=received.get, catalogue=CATALOGUE)
    assert isinstance(again, AlreadyUsed) and again.where == "clerk-01"


@pytest.mark.cups
def test_ticket_printed_on_the_real_queue_reads_back(signer, trust, printer_queue, pdf_dir: Path) -> None:
    items = [_sheet(signer, 4), _sheet(signer, form=sample_forms.kokuho(), values=sample_forms.kokuho_values())]
    result = render_ticket(items, PROCEDURES, COUNTERS, municipality="みどり町", issued_at=NOW, paper="a4")
    before = set(pdf_dir.glob("*.pdf"))
    PrintQueue(printer_queue, timeout=60, poll_seconds=0.2).print_pdf(result.pdf, title="ticket")
    codes = readback.qr_strings(readback.wait_for_pdf(pdf_dir, before))
    assert sorted(verify([c], trust=trust, now=NOW).code for c in codes) == ["authentic", "authentic"]
