"""The reference household's 児童手当 sheet with a bank account chosen on the kiosk (the claimant
not using a 公金受取口座): the sheet prints the bank and branch names with their codes, the account
number and the 名義 in 全銀 kana, and the signed KS1 code carries the codes exactly as printed
(PRIV-11). With the 公金受取口座, no account at all."""

from __future__ import annotations

import datetime as dt
from typing import Any

import readback
from sample_forms import NOW
from test_sheets import assert_sheet_matches_code

from kiosk.catalogue import derive, navigator
from kiosk.catalogue.loader import load_catalogue
from kiosk.catalogue.model import FormValues
from kiosk.household import Household, sex_option
from kiosk.ks1 import encode_sheet
from kiosk.sheets import render_sheet
from kiosk.sheets.specimen import specimen_values

CATALOGUE = load_catalogue()
# What the first parent's card gave (invented persona; the card holds no reading).
CARD = {"name": "森山　大輔", "address": "架空県みどり町本町1番1号",
        "birth_date": dt.date(1989, 6, 15), "sex": sex_option("1")}
CHOSEN = {"bank.name": "0001", "bank.branch": "0001210", "bank.account_number": "7654321"}


def _jidoteate(*, public_account: bool = False) -> tuple[Any, FormValues]:
    household = Household.from_dict(CATALOGUE.samples["family_of_four"])
    household.answers["public_account"] = public_account
    form = CATALOGUE.forms["jidoteate"]
    assert form in navigator.forms_for(CATALOGUE, household)
    household.members[0].values["person.name_kana"] = "もりやま　だいすけ"  # confirmed after the card read
    records: list[dict[str, Any] | None] = [CARD] + [None] * (len(household.members) - 1)
    values = derive.prefill(CATALOGUE, form, household, records)
    spec = specimen_values(form, persons=len(values.persons))
    for key, value in list(values.household.items()):  # what the resident would type elsewhere on the form
        if value is None and key not in CHOSEN:
            values.household[key] = spec.household.get(key)
    for i, person in enumerate(values.persons):
        for key, value in list(person.items()):
            if value is None:
                person[key] = spec.persons[i].get(key)
    if not public_account:
        values.household.update(CHOSEN)
    return form, values


def test_the_holder_name_is_derived_from_the_reading_in_zengin_kana() -> None:
    _form, values = _jidoteate()
    assert values.household["bank.account_holder_kana"] == "モリヤマ\u3000ダイスケ"


def test_the_jidoteate_sheet_prints_the_chosen_bank_and_branch_and_the_code_carries_them(signer, trust) -> None:
    form, values = _jidoteate()
    sheet = encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-01", now=NOW,
                         validity=dt.timedelta(days=30))
    result = render_sheet(form, sheet, municipality="みどり町")
    text = readback.squeeze(readback.text(result.pdf))
    for printed in ("みずほ(0001)", "渋谷(210)", "7654321", "モリヤマダイスケ", "金融機関名", "支店名", "口座番号"):
        assert printed in text, printed
    verdict = assert_sheet_matches_code(result.pdf, form, trust, catalogue=CATALOGUE)
    assert {k: verdict.household[k] for k in CHOSEN} == CHOSEN  # codes, not labels, in the code
    assert verdict.household["bank.account_holder_kana"] == "モリヤマ\u3000ダイスケ"


def test_with_the_public_benefit_account_no_account_is_printed_or_carried_and_the_box_is_ticked(signer, trust) -> None:
    """公金受取口座登録法9条: the town asks for the registered account; the sheet says so instead."""
    form, values = _jidoteate(public_account=True)
    assert values.household["bank.public_account"] is True
    assert not any(key in values.household for key in (*CHOSEN, "bank.account_type", "bank.account_holder_kana"))
    sheet = encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-01", now=NOW,
                         validity=dt.timedelta(days=30))
    result = render_sheet(form, sheet, municipality="みどり町")
    text = readback.squeeze(readback.text(result.pdf))
    assert "公金受取口座の利用" in text
    for absent in ("金融機関名", "支店名", "口座番号", "口座名義", "預金種目"):
        assert absent not in text, absent
    verdict = assert_sheet_matches_code(result.pdf, form, trust, catalogue=CATALOGUE)
    assert verdict.household["bank.public_account"] is True
    assert not any(key.startswith("bank.") and key != "bank.public_account" for key in verdict.household)


def test_a_typed_account_prints_no_public_benefit_account_box(signer, trust) -> None:
    form, values = _jidoteate()
    assert "bank.public_account" not in values.household
    sheet = encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-01", now=NOW,
                         validity=dt.timedelta(days=30))
    text = readback.squeeze(readback.text(render_sheet(form, sheet, municipality="みどり町").pdf))
    assert "公金受取口座" not in text
