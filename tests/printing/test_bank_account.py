"""The reference household's 児童手当 sheet with a bank account chosen on the kiosk: the sheet
prints the bank and branch names with their codes, the account number and the 名義 in 全銀 kana,
and the signed KS1 code carries the codes exactly as printed (PRIV-11)."""

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


def _jidoteate() -> tuple[Any, FormValues]:
    household = Household.from_dict(CATALOGUE.samples["family_of_four"])
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
