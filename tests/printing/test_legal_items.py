"""Right in law: every shipped form prints the legal items that
/work/shared/reference/procedures-and-forms.md lists for its procedure (§1.1, §1.2, §1.3), each
with a print box, a QR key of its own and a label in every shipped language."""

from __future__ import annotations

import pytest

from kiosk import i18n

# Legal item (as the reference names it) → the dictionary field that carries it, per form.
LEGAL_ITEMS: dict[str, dict[str, str]] = {
    "juminido": {  # 住基法 22条 (転入)・23条 (転居)・24条 (転出)・30条の45, and §1.2
        "届出年月日": "filing.date", "異動の種別": "move.kind", "異動年月日": "move.date",
        "新住所": "address.new", "従前の住所": "address.previous", "転出先": "address.destination",
        "世帯主": "household.head_name", "氏名": "person.name", "ふりがな": "person.name_kana",
        "生年月日": "person.birth_date", "性別": "person.sex", "続柄": "person.relationship",
        "本籍": "person.honseki", "筆頭者": "person.hittosha", "国籍・地域": "person.nationality",
        "法30条の45区分": "person.residence_category", "在留資格": "person.residence_status",
        "在留期間": "person.stay_period", "在留期間の満了の日": "person.stay_expiry",
        "在留カード等番号": "person.residence_card_no", "届出人 氏名": "filer.name", "届出人 住所": "filer.address",
        "届出人 電話": "filer.phone", "本人との関係": "filer.relationship", "署名": "filer.signature",
    },
    "mynumber_card": {"氏名": "person.name", "新住所 (券面記載)": "address.new", "手続": "person.card_action"},
    "kokuho": {
        "世帯主": "household.head_name", "個人番号": "person.my_number", "異動日": "move.date",
        "異動事由": "person.insurance_reason", "前の保険者": "person.previous_insurer",
        "資格喪失日": "person.insurance_loss_date",
    },
    "nenkin": {"氏名": "person.name", "基礎年金番号": "person.basic_pension_no", "資格取得の事由": "person.pension_reason"},
    "kaigo": {"被保険者番号": "person.care_insured_no", "要介護状態区分": "person.care_level",
              "認定の有効期間": "person.cert_valid_until"},
    "jidoteate": {
        "請求者 住所": "address.new", "請求者 氏名": "filer.name", "請求者 電話": "filer.phone",
        "加入年金": "claimant.pension", "請求者 個人番号": "claimant.my_number", "口座 (請求者名義)": "bank.account_holder_kana",
        "児童 氏名": "person.name", "児童 生年月日": "person.birth_date", "児童 続柄": "person.relationship",
        "同居・別居": "person.living_together", "請求者 生年月日": "claimant.birth_date", "請求者 性別": "claimant.sex",
        "配偶者の状況": "spouse.status", "配偶者の職業": "spouse.occupation", "監護": "person.custody",
        "生計": "person.livelihood",
    },
    "kodomo_iryo": {"子ども": "person.name", "保護者": "filer.name", "子どもの健康保険": "person.insurance_kind"},
    "gakko": {"子ども": "person.name", "学校": "person.school_type", "学年": "person.grade", "前の学校": "person.school_prev"},
    "inkan": {
        "住所": "address.new", "氏名": "person.name", "ふりがな": "person.name_kana", "生年月日": "person.birth_date",
        "印影": "person.seal_impression", "本人確認の方法": "person.id_document",
    },
    "juminhyo": {
        "請求者": "filer.name", "必要な人 (世帯全員・一部)": "request.scope", "通数": "request.copies",
        "本籍・筆頭者の記載": "request.include_honseki", "続柄の記載": "request.include_relationship",
        "使いみち": "request.purpose",
    },
}
# Items the reference lists that no form of the kiosk prints, and why.
NOT_ON_THE_KIOSK_SHEET = {
    "住民票コード": "staff / 住基ネット; never in the code (clerk-qr-format.md, Never in the QR)",
    "本人確認書類 (住民異動届)": "the counter checks the physical card (requirements.md)",
    "事務処理欄": "office use: the kiosk leaves it blank",
}


@pytest.fixture(scope="module")
def catalogue():
    from kiosk.catalogue.loader import load_catalogue

    return load_catalogue()


def test_every_shipped_form_is_checked(catalogue) -> None:
    assert set(LEGAL_ITEMS) == set(catalogue.forms)
    assert NOT_ON_THE_KIOSK_SHEET


@pytest.mark.parametrize("form_id", sorted(LEGAL_ITEMS))
def test_form_carries_its_legal_items_with_box_key_and_labels(catalogue, form_id) -> None:
    form = catalogue.forms[form_id]
    fields = {f.id: f for f in form.all_fields()}
    languages = i18n.languages()
    missing = [item for item, field_id in LEGAL_ITEMS[form_id].items() if field_id not in fields]
    assert not missing, f"{form_id} lacks {missing}"
    keys = [f.qr_key for f in form.all_fields()]
    assert len(keys) == len(set(keys)) and not set(keys) & set(form.retired_qr_keys)
    for field_id in LEGAL_ITEMS[form_id].values():
        ff = fields[field_id]
        assert ff.box is not None, field_id
        assert all(ff.field.label.get(lang) for lang in languages), field_id


def test_juminido_prints_stay_period_and_filer_address(catalogue, signer) -> None:
    """在留期間 for foreign residents and 届出人の住所 for a filer outside the household (a proxy)."""
    import datetime as dt

    import readback
    from sample_forms import NOW

    from kiosk.ks1 import encode_sheet
    from kiosk.sheets import render_sheet
    from kiosk.sheets.specimen import specimen_values

    form = catalogue.forms["juminido"]
    values = specimen_values(form, persons=2)
    values.household["filer.relationship"] = "proxy"
    values.household["filer.address"] = "架空県あおば市本町一丁目2番3号"
    values.persons[1]["person.stay_period"] = "3年"
    sheet = encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-01", now=NOW,
                         validity=dt.timedelta(days=30))
    text = readback.squeeze(readback.text(render_sheet(form, sheet, municipality="みどり町").pdf))
    assert "届出人の住所架空県あおば市本町一丁目2番3号" in text
    assert "在留期間3年" in text


@pytest.mark.parametrize("form_id", sorted(LEGAL_ITEMS))
def test_print_boxes_leave_the_code_band_free_and_labels_fit_at_7pt(catalogue, form_id) -> None:
    """The band for the largest symbol a form can need (version 25) is reserved on every form,
    even with the most person rows; every box stays 5 mm inside the paper and its label fits."""
    from kiosk.sheets.draw import LARGEST_SYMBOL, use_fonts
    from printing import boxes, fonts

    use_fonts()
    form = catalogue.forms[form_id]
    band = boxes.band_top(LARGEST_SYMBOL)
    assert 250 <= band < 252
    rows = form.persons.max_rows if form.persons else 0
    placed = [(f, f.box, 0.0) for f in form.fields]
    if form.persons:
        placed += [(f, f.box, r * form.persons.row_pitch) for f in form.persons.fields for r in range(rows)]
    for ff, box, dy in placed:
        assert box is not None, ff.id
        assert box.x >= 5 and box.x + box.width <= 205 and box.y >= 30, ff.id
        assert box.y + dy + box.height <= band, f"{ff.id} reaches {box.y + dy + box.height} mm"
        label = ff.field.label["ja"]
        assert fonts.width(label, fonts.chain("ja"), 7.0) <= (box.width - 1.6) * 72 / 25.4, ff.id
