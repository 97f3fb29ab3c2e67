"""Every answer the kiosk asked, and everything the card holds, reaches each sheet whose field means
it (issue #15 item 4), for every reference household in ``forms/samples``: the members with a
card have it read (invented names) and their reading confirmed, the others have their name chosen
on the review screen, and the resident types what the review screen asks (phone, new address).

A printed field may be blank only when the law wants it handwritten (signature, seal), when the
resident left it to the counter (printed 窓口で確認), or when neither the navigator asks it
nor the card holds it (``measures.NOT_ASKED``: checked to have no card binding and no derivation).
The same walk through the real widgets: tests/ui/test_every_answer_printed.py."""

from __future__ import annotations

import pytest
import yaml

from kiosk import measures, paths
from kiosk.catalogue import derive, navigator
from kiosk.catalogue.loader import load_catalogue
from kiosk.catalogue.model import Catalogue
from kiosk.household import Household

SAMPLES = sorted((paths.FORMS_DIR / "samples").glob("*.yaml"))
# What the review screen asks the resident to type (set on every form that has it, as the
# review screen does).
TYPED = {"filer.phone": "09099990000", "address.new_postal_code": "1000001",
         "address.new": "東京都千代田区千代田1-2-3", "address.destination": "架空県みどり市中町4-5",
         "request.purpose": "work",
         # the 児童手当 bank account, chosen on review (bank and branch by code, then the number)
         "bank.name": "0001", "bank.branch": "0001210", "bank.account_number": "7654321"}
GIVEN = ("一郎", "花子", "次郎", "桃子", "三郎", "梅子")
GIVEN_KANA = ("イチロウ", "ハナコ", "ジロウ", "モモコ", "サブロウ", "ウメコ")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _household(sample) -> Household:
    household = Household.from_dict(yaml.safe_load(sample.read_text(encoding="utf-8")))
    for i, member in enumerate(household.members):
        name, kana = f"架空\u3000{GIVEN[i]}", f"カクウ\u3000{GIVEN_KANA[i]}"  # invented persons
        if member.answers.get("has_card"):
            member.card = {"name": name, "address": "架空県あおば市本町一丁目2番3号",
                           "birth_date": member.birth_date, "sex": "1" if member.sex == "male" else "2"}
        else:
            member.values["person.name"] = name  # chosen among the kanji candidates on review
        member.values["person.name_kana"] = kana  # confirmed after the card read, or with the name
    return household


def test_the_excused_items_are_ones_the_kiosk_has_no_way_to_fill(catalogue: Catalogue) -> None:
    for field_id in measures.NOT_ASKED:
        field = catalogue.fields[field_id]
        assert field.card is None and field.derive is None, field_id


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_no_sheet_prints_a_blank_the_navigator_asked_or_the_card_holds(catalogue: Catalogue, sample) -> None:
    household = _household(sample)
    items = []
    for form in navigator.forms_for(catalogue, household):
        values = derive.prefill(catalogue, form, household)
        for field_id, text in TYPED.items():
            if field_id in values.household:
                values.household[field_id] = text
        derive.update_derived(catalogue, form, household, values)  # as the journey carries them
        items.append((form, values))
    assert items
    printed = measures.session_fields(items)
    blank = measures.blanks(printed, measures.NOT_ASKED)
    assert [p.where() for p in blank] == []
    assert measures.kana_names(printed) == []
    for p in printed:  # every フリガナ is the confirmed reading, and every name the card's or chosen
        if p.field_id == "person.name_kana":
            assert p.text.startswith("カクウ\u3000"), p.where()
        if p.field_id in ("person.name", "filer.name"):
            assert p.text.startswith("架空\u3000"), p.where()


def test_the_pension_answer_reaches_the_child_allowance_sheet(catalogue: Catalogue) -> None:
    household = _household(paths.FORMS_DIR / "samples" / "family_of_four.yaml")
    form = next(f for f in navigator.forms_for(catalogue, household) if f.id == "jidoteate")
    assert derive.prefill(catalogue, form, household).household["claimant.pension"] == "national_pension"
    household.members[0].answers["pension"] = "employee"
    assert derive.prefill(catalogue, form, household).household["claimant.pension"] == "employee_pension"
