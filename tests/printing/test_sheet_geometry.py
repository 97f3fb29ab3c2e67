"""Right on paper: every form of every sample household, and a six-person household with long
names, prints with every mark at least 5 mm from the paper edges, no text under 7 pt, titles clear
of the header box, a clean 4-module quiet zone round every code (also with 2–4 codes), and the code
read back from a 150, 200 and 300 dpi raster equals the printed text field by field (PRIV-11)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import readback
from sample_forms import NOW

from kiosk.catalogue import derive, navigator
from kiosk.catalogue.model import Form, FormValues
from kiosk.household import Household
from kiosk.ks1 import Authentic, EncodedSheet, encode_sheet, verify
from kiosk.sheets import render_sheet
from kiosk.sheets.draw import foreign_row, printed_text
from kiosk.sheets.specimen import specimen_values

EDGE_MM = 5.0
MIN_PT = 7.0
BANNER_LEFT_MM = 100.0
DPIS = (150, 200, 300)
# An invented household of six with long names (no real persons).
LONG_NAMES = ("勅使河原 左衛門三郎太", "勅使河原 美智代子", "ウィリアムソン＝マッケンジー アレクサンドラ",
              "勅使河原 健之介次郎", "勅使河原 さくらこ", "NGUYEN THI THANH HUONG")
LONG_KANA = ("テシガワラ サエモンサブロウタ", "テシガワラ ミチヨコ", "ウィリアムソンマッケンジー アレクサンドラ",
             "テシガワラ ケンノスケジロウ", "テシガワラ サクラコ", "グエン ティ タイン フオン")


@pytest.fixture(scope="module")
def catalogue():
    from kiosk.catalogue.loader import load_catalogue

    return load_catalogue()


# What residents of the samples type where the card and the answers give nothing (invented).
TYPED = {
    "person.honseki": "架空県あおば市本町一丁目2番地", "person.hittosha": "緑川 一郎", "person.nationality": "ベトナム",
    "person.residence_status": "技術・人文知識・国際業務", "person.stay_period": "5年", "person.school_prev": "あおば市立本町小学校",
"person.previous_insurer": "あおば健康保険組合", "bank.name": "0001",
    "bank.branch": "0001210", "address.new_katagaki": "みどりハイツ205号室",
}


def _fill(form: Form, prefilled: FormValues) -> FormValues:
    """The prefilled values with the gaps (what the resident would type) from TYPED or the specimen."""
    spec = specimen_values(form, persons=max(1, len(prefilled.persons)))
    handwritten = {f.id for f in form.all_fields() if f.handwrite}

    def merge(pre: dict[str, Any], filler: dict[str, Any]) -> dict[str, Any]:
        return {k: (v if v is not None else TYPED.get(k, filler.get(k))) for k, v in pre.items() if k not in handwritten}

    return FormValues(form.id, merge(prefilled.household, spec.household),
                      [merge(p, spec.persons[i] if i < len(spec.persons) else {}) for i, p in enumerate(prefilled.persons)])


def _encode(form: Form, values: FormValues, signer, **kw: Any) -> EncodedSheet:
    return encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-01", now=NOW,
                        validity=dt.timedelta(days=30), **kw)


def sample_cases(catalogue) -> list[tuple[str, Form, FormValues]]:
    cases = []
    for name, raw in sorted(catalogue.samples.items()):
        household = Household.from_dict(raw)
        for form in navigator.forms_for(catalogue, household):
            cases.append((name, form, _fill(form, derive.prefill(catalogue, form, household))))
    return cases


def long_names_household(catalogue) -> FormValues:
    form = catalogue.forms["juminido"]
    values = specimen_values(form, persons=6)
    for i, person in enumerate(values.persons):
        person["person.name"], person["person.name_kana"] = LONG_NAMES[i], LONG_KANA[i]
        person["person.honseki"] = "架空県あおば市本町一丁目2番地"
        person["person.hittosha"] = LONG_NAMES[0]
        person["person.nationality"] = "ベトナム" if i == 5 else None
    values.persons[5]["person.residence_status"] = "技術・人文知識・国際業務"
    values.persons[5]["person.stay_period"] = "5年"
    for i in range(5):
        for key in ("person.nationality", "person.residence_category", "person.residence_status",
                    "person.stay_period", "person.stay_expiry", "person.residence_card_no"):
            values.persons[i].pop(key, None)
    values.household["household.head_name"] = LONG_NAMES[0]
    values.household["filer.name"] = LONG_NAMES[0]
    return values


def assert_on_paper(form: Form, sheet: EncodedSheet, pdf: bytes, trust, catalogue, where: str) -> None:
    """The done-criterion for one printed sheet."""
    for page, box in enumerate(readback.ink_boxes(pdf)):
        assert box is not None, f"{where}: page {page + 1} is blank"
        left, top, right, bottom = box
        assert min(left, top, 210 - right, 297 - bottom) >= EDGE_MM, f"{where}: page {page + 1} ink at {box}"
    drawn = readback.chars(pdf)
    small = [c for c in drawn if c.size < MIN_PT - 0.01]
    assert not small, f"{where}: text under {MIN_PT} pt: {''.join(c.text for c in small)[:40]} ({small[0].size} pt)"
    title = form.title["ja"]
    title_chars = [c for c in drawn if c.page == 0 and c.top < 20 and c.size >= 11 and c.text in title]
    assert title_chars and max(c.right for c in title_chars) < BANNER_LEFT_MM, f"{where}: title runs into the header box"
    text = readback.squeeze(readback.text(pdf))
    for dpi in DPIS:
        found = readback.symbols(pdf, dpi)
        assert sorted(s.text for s in found) == sorted(sheet.qr_strings), f"{where}: codes at {dpi} dpi"
        assert all(s.quiet_zone_clean for s in found), f"{where}: a mark in a quiet zone at {dpi} dpi"
        verdict = verify([s.text for s in found], trust=trust, now=NOW, catalogue=catalogue)
        assert isinstance(verdict, Authentic), (where, verdict)
        fields = {f.id: f for f in form.all_fields()}
        for key, value in verdict.household.items():
            assert readback.squeeze(printed_text(fields[key], value)) in text, (where, key)
        for person in verdict.persons:
            for key, value in person.items():
                printed = printed_text(fields[key], value, foreign=foreign_row(person))
                assert readback.squeeze(printed) in text, (where, key, printed)
    n = len(sheet.qr_strings)
    for i in range(1, n + 1):
        assert f"受付用コード({i}/{n})" in text, where
    grouped = sheet.sheet_id.upper()
    assert text.count(grouped[:4] + "-" + grouped[4:8]) >= n + 1, f"{where}: the sheet id beside each code"


def test_priv11_every_form_of_every_sample_is_right_on_paper(catalogue, signer, trust) -> None:
    cases = sample_cases(catalogue)
    assert {name for name, _f, _v in cases} == set(catalogue.samples)
    for name, form, values in cases:
        sheet = _encode(form, values, signer)
        result = render_sheet(form, sheet, municipality="みどり町")
        assert result.pages == 1, f"{name}/{form.id}: {result.pages} pages"
        assert_on_paper(form, sheet, result.pdf, trust, catalogue, f"{name}/{form.id}")


def test_six_person_household_with_long_names_is_right_on_paper(catalogue, signer, trust) -> None:
    form = catalogue.forms["juminido"]
    sheet = _encode(form, long_names_household(catalogue), signer)
    assert len(sheet.symbols) == 1
    result = render_sheet(form, sheet, municipality="みどり町")
    assert_on_paper(form, sheet, result.pdf, trust, catalogue, "juminido/six long names")
    text = readback.squeeze(readback.text(result.pdf))
    assert "ウィリアムソン＝マッケンジーアレクサンドラ" in text


@pytest.mark.parametrize("parts", [2, 3, 4])
def test_sheets_with_several_codes_keep_quiet_zones_and_edges(catalogue, signer, trust, parts) -> None:
    form = catalogue.forms["juminido"]
    values = long_names_household(catalogue)
    for version in range(25, 1, -1):
        sheet = _encode(form, values, signer, max_version=version)
        if len(sheet.symbols) >= parts:
            break
    assert len(sheet.symbols) == parts
    result = render_sheet(form, sheet, municipality="みどり町")
    assert_on_paper(form, sheet, result.pdf, trust, catalogue, f"juminido/{parts} codes")
    text = readback.squeeze(readback.text(result.pdf))
    assert "個人番号" not in text or "窓口でマイナンバーカード" in text


def test_long_values_wrap_in_their_box_or_continue_on_a_continuation_sheet(catalogue, signer, trust) -> None:
    form = catalogue.forms["juminido"]
    values = long_names_household(catalogue)
    address = ("架空県あおば市みどり台中央五丁目二十三番地の四十五 グランドメゾンみどり台"
               "ガーデンコート東棟 十二階一二〇五号室 みどり台サービス付き高齢者向け住宅 管理棟 内")
    address = (address * 2)[:100]
    values.household["address.new"] = address
    honseki = "架空県あおば市本町一丁目二番地 以下余白 旧あおば郡みどり村大字みどり字中ノ島三千百二十三番地"
    values.persons[0]["person.honseki"] = honseki
    values.persons[0]["person.hittosha"] = "勅使河原 左衛門三郎太夫之助右衛門"
    sheet = _encode(form, values, signer)
    result = render_sheet(form, sheet, municipality="みどり町")
    assert_on_paper(form, sheet, result.pdf, trust, catalogue, "juminido/long values")
    drawn = readback.chars(result.pdf)
    box = next(f.box for f in form.fields if f.id == "address.new")
    assert box is not None
    inside = [c for c in drawn if c.page == 0 and box.x <= c.left and c.right <= box.x + box.width
              and box.y <= c.top and c.bottom <= box.y + box.height]
    assert readback.squeeze(address) in readback.squeeze("".join(c.text for c in inside)), "the address wraps in its box"
    # 本籍 and 筆頭者 do not fit their 7 mm boxes at 7 pt: the boxes point to the continuation sheet,
    # which carries the sheet id and the full values
    assert result.pages == 2
    continuation = "".join(c.text for c in drawn if c.page == 1)
    assert sheet.sheet_id.upper()[:4] in continuation and "続紙" in continuation
    assert readback.squeeze(honseki) in readback.squeeze(continuation)
    first = "".join(c.text for c in drawn if c.page == 0)
    assert "続紙※1に記載" in first


def test_seal_box_asks_for_the_seal_inside_the_box(catalogue, signer) -> None:
    form = catalogue.forms["inkan"]
    sheet = _encode(form, specimen_values(form, persons=1), signer)
    result = render_sheet(form, sheet, municipality="みどり町")
    drawn = [c for c in readback.chars(result.pdf) if c.page == 0]
    box = next(f.box for f in form.persons.fields if f.handwrite)
    inside = "".join(c.text for c in drawn if box.x <= c.left and c.right <= box.x + box.width
                     and box.y <= c.top and c.bottom <= box.y + box.height)
    assert "登録する印鑑をこの枠内に押してください" in inside
    assert "署名" not in readback.text(result.pdf)


def test_foreign_resident_birth_date_prints_western_date_beside_wareki(catalogue, signer) -> None:
    form = catalogue.forms["juminido"]
    values = long_names_household(catalogue)
    values.persons[5]["person.birth_date"] = dt.date(1985, 1, 20)
    values.persons[0]["person.birth_date"] = dt.date(1984, 5, 12)
    sheet = _encode(form, values, signer)
    text = readback.squeeze(readback.text(render_sheet(form, sheet, municipality="みどり町").pdf))
    assert "昭和60年1月20日（1985-01-20）" in text
    assert "昭和59年5月12日" in text and "1984-05-12" not in text
