"""Verdicts at the clerk station (clerk-qr-format.md, "Keys and verification"): data is shown only
for a verified sheet; damaged, forged, expired, unknown-key and replayed codes get their verdict."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import json

import pytest
from clerk_forgery import corpus, malleable_variants
from clerk_sheets import pdf_to_png

from kiosk.clerk import station as st
from kiosk.clerk.record import sections
from kiosk.clerk.scan import decode_image
from kiosk.errors import ClerkError, ExportEncodingError
from kiosk.ks1 import dec
from kiosk.storage.models import AuditEntry


def _actions(db):
    from sqlalchemy import select

    with db.session() as s:
        return [(e.action, e.subject, e.details) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_authentic_sheet_shows_kiosk_issue_time_and_the_form_with_japanese_labels(station, make_sheet, now):
    result = station.scan(make_sheet(2).qr_strings[0], staff_id="clerk01")
    assert result.banner == st.AUTHENTIC and result.shows_data
    assert result.verdict.kiosk_id == "kiosk-01" and result.verdict.issued_at == now
    layout = sections(result.record)
    assert layout[0].title == "住民異動届"
    rows = {r.label: r.text for r in layout[0].rows}
    assert rows["異動の種別"] == "転入" and rows["新住所 郵便番号"] == "〒999-9999"
    assert rows["届出年月日"] == "令和8年4月1日"
    assert [s.title for s in layout[1:]] == ["異動する人 1", "異動する人 2"]
    assert {r.label: r.text for r in layout[2].rows}["氏名"] == "緑川 花子"


def test_sec14_verify_is_audited_with_ids_and_codes_only(station, db, make_sheet):
    sheet = make_sheet(2)
    station.scan(sheet.qr_strings[0], staff_id="clerk01")
    station.scan("KS1-0123", staff_id="clerk01")
    verifies = [(s, d) for a, s, d in _actions(db) if a == "clerk.verify"]
    assert verifies[0] == (sheet.sheet_id, {"verdict": "authentic", "station": "clerk-01", "kiosk_id": "kiosk-01",
                                            "form_id": "juminido"})
    assert verifies[1][1]["verdict"] == "damaged"
    assert "緑川" not in json.dumps(_actions(db), ensure_ascii=False)


def test_expired_sheet(station, make_sheet, now):
    old = make_sheet(issued=now - dt.timedelta(days=5), validity_days=1)
    result = station.scan(old.qr_strings[0], staff_id="clerk01")
    assert result.banner == st.EXPIRED and result.record is None


def test_unknown_key(station, make_sheet, tmp_path):
    from kiosk import keys

    keys.init_keys(tmp_path / "stranger", kiosk_id="kiosk-01")
    sheet = make_sheet(by=keys.load_signer(tmp_path / "stranger"))
    result = station.scan(sheet.qr_strings[0], staff_id="clerk01")
    assert result.banner == st.UNKNOWN_KEY and result.reason == "unknown" and result.record is None


def test_altered_digit_truncated_and_wrong_prefix_are_damaged(station, make_sheet):
    code = make_sheet().qr_strings[0]
    altered = code[:40] + ("1" if code[40] != "1" else "2") + code[41:]
    for bad in (altered, code[:-5], "KS2-" + code[4:], code + "1" * 7000):
        result = station.scan(bad, staff_id="clerk01")
        assert result.banner == st.DAMAGED and result.record is None, bad[:12]


def test_replay_in_the_same_station_is_already_used_with_when_and_where(station, make_sheet):
    sheet = make_sheet()
    first = station.scan(sheet.qr_strings[0], staff_id="clerk01")
    receipt = station.receive(first.record, staff_id="clerk01")
    assert receipt.first
    again = station.scan(sheet.qr_strings[0], staff_id="clerk01")
    assert again.banner == st.ALREADY_USED and again.record is None
    assert again.verdict.where == "clerk-01" and again.verdict.when == receipt.received_at


def test_multi_part_code_in_any_order_with_progress(station, make_sheet):
    sheet = make_sheet(6)
    parts = dec.qr_strings(dec.parse_frame(sheet.qr_strings[0]).data, 3)
    first = station.scan(parts[1], staff_id="clerk01")
    assert (first.banner, first.have, first.need) == (st.WAITING, 1, 3) and first.record is None
    second = station.scan(parts[2], staff_id="clerk01")
    assert (second.banner, second.have, second.need) == (st.WAITING, 2, 3)
    done = station.scan(parts[0], staff_id="clerk01")
    assert done.banner == st.AUTHENTIC and len(done.record.persons) == 6


def test_a_frame_from_another_message_never_completes_a_sheet(station, make_sheet):
    ours = dec.qr_strings(dec.parse_frame(make_sheet().qr_strings[0]).data, 2)
    theirs = dec.qr_strings(dec.parse_frame(make_sheet().qr_strings[0]).data, 2)
    assert station.scan(ours[0], staff_id="clerk01").banner == st.WAITING
    mixed = station.scan(theirs[1], staff_id="clerk01")
    assert mixed.banner == st.WAITING and mixed.restarted and mixed.record is None


def test_no_forged_or_damaged_code_is_ever_shown_as_authentic(station, make_sheet):
    """At least a thousand forgeries and damages, generated from real signed codes."""
    items = corpus(make_sheet(3).qr_strings[0], make_sheet(3).qr_strings[0])
    assert len(items) >= 1000
    shown = []
    verdicts = collections.Counter()
    for kind, strings in items:
        station.cancel_parts()
        result = None
        for text in strings:
            result = station.scan(text, staff_id="clerk01")
        verdicts[result.banner] += 1
        if result.banner == st.AUTHENTIC or result.record is not None:
            shown.append((kind, strings))
    assert shown == []
    assert verdicts[st.DAMAGED] > 900 and verdicts[st.UNKNOWN_KEY] >= 20


def test_a_deflate_variant_of_a_sheet_is_refused(station, make_sheet):
    """Deflate ignores a few bits (the final padding): such a variant carries the same signed bytes
    from a different string. Only the canonical string is accepted: the variant is refused as
    damaged, before the sheet is received and after."""
    sheet = make_sheet(3)
    variants = malleable_variants(sheet.qr_strings[0])
    assert variants
    for code in variants:
        result = station.scan(code, staff_id="clerk01")
        assert result.banner == st.DAMAGED and result.reason == "non_canonical" and result.record is None
    first = station.scan(sheet.qr_strings[0], staff_id="clerk01")
    assert first.banner == st.AUTHENTIC
    station.receive(first.record, staff_id="clerk01")
    for code in variants:
        result = station.scan(code, staff_id="clerk01")
        assert result.banner == st.DAMAGED and result.reason == "non_canonical"


def test_export_json_keyed_by_field_ids(station, make_sheet):
    result = station.scan(make_sheet(2).qr_strings[0], staff_id="clerk01")
    with pytest.raises(ClerkError):
        station.export(result.record, "json", staff_id="clerk01")  # not received yet
    station.receive(result.record, staff_id="clerk01")
    data = json.loads(station.export(result.record, "json", staff_id="clerk01"))
    assert data["sheet_id"] == result.record.sheet_id and data["station_id"] == "clerk-01"
    assert data["household"]["move.date"] == "2026-03-28" and data["household"]["move.kind"] == "tennyu"
    assert data["persons"][1]["person.name"] == "緑川 花子"
    assert data["received_at"]


def test_export_csv_utf8_with_bom_and_shift_jis(station, make_sheet):
    result = station.scan(make_sheet(2, name="髙橋 一郎").qr_strings[0], staff_id="clerk01")
    station.receive(result.record, staff_id="clerk01")
    utf8 = station.export(result.record, "csv", staff_id="clerk01")
    assert utf8.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(utf8.decode("utf-8-sig"))))
    assert rows[0] == ["section", "row", "field_id", "label", "value", "display"]
    assert ["person", "1", "person.name", "氏名", "髙橋 一郎", "髙橋 一郎"] in rows
    sjis = station.export(result.record, "csv", staff_id="clerk01", encoding="cp932")
    assert list(csv.reader(io.StringIO(sjis.decode("cp932")))) == rows


def test_shift_jis_export_names_the_character_that_does_not_fit(station, db, make_sheet):
    result = station.scan(make_sheet(2, name="𠮷田 一郎").qr_strings[0], staff_id="clerk01")
    station.receive(result.record, staff_id="clerk01")
    with pytest.raises(ExportEncodingError) as error:
        station.export(result.record, "csv", staff_id="clerk01", encoding="cp932")
    assert error.value.params["char"] == "𠮷" and error.value.params["codepoint"] == "U+20BB7"
    assert (error.value.params["field_id"], error.value.params["label"]) == ("filer.name", "届出人 氏名")
    from kiosk import i18n

    assert "𠮷" in i18n.text(error.value.key, "ja", **error.value.params)
    assert station.export(result.record, "csv", staff_id="clerk01").decode("utf-8-sig").count("𠮷田") == 4  # value and display, twice
    exports = [d for a, _, d in _actions(db) if a == "clerk.export"]
    assert exports[0]["refused"] == "U+20BB7" and "𠮷" not in json.dumps(exports, ensure_ascii=False)


def test_reprint_from_decoded_data_carries_the_same_code(station, make_sheet, tmp_path):
    sheet = make_sheet(4)
    result = station.scan(sheet.qr_strings[0], staff_id="clerk01")
    pdf = tmp_path / "reprint.pdf"
    station.reprint(result.record, result.strings, pdf, staff_id="clerk01", municipality="みどり町")
    assert decode_image(pdf_to_png(pdf, tmp_path / "reprint.png", 200)) == sheet.qr_strings
