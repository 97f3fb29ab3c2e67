"""Derivations, pre-filling from the card and validation for the review screen and the sheet."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.catalogue import derive
from kiosk.catalogue.model import FormValues
from kiosk.catalogue.navigator import Household

# Invented personas; the 個人番号 is fake (valid check digit only).
CARD_HEAD = {"name": "緑川 一郎", "address": "大阪府大阪市北区梅田一丁目1番1号", "birth_date": dt.date(1989, 6, 15), "sex": "male", "my_number": "123456789018"}
CARD_CHILD = {"name": "緑川 𠮷太", "address": "大阪府大阪市北区梅田一丁目1番1号", "birth_date": dt.date(2016, 11, 8), "sex": "male"}


@pytest.fixture
def family(catalogue):
    return Household.from_dict(catalogue.samples["family_of_four"])


def test_age_and_wareki():
    assert derive.age_at(dt.date(1990, 4, 2), dt.date(2026, 4, 1)) == 35
    assert derive.age_at(dt.date(1990, 4, 1), dt.date(2026, 4, 1)) == 36
    assert derive.to_wareki(dt.date(2019, 4, 30)) == "平成31年4月30日"
    assert derive.to_wareki(dt.date(2019, 5, 1)) == "令和元年5月1日"
    assert derive.to_wareki(dt.date(1989, 1, 7)) == "昭和64年1月7日"
    assert derive.to_wareki(dt.date(2026, 4, 1)) == "令和8年4月1日"


@pytest.mark.parametrize("code", ["1000001", "100-0001", "１００－０００１", " 100 0001 "])
def test_postal_code_lookup(code):
    assert derive.lookup_postal_code(code) == ("東京都", "千代田区", "千代田")


def test_postal_code_lookup_unknown_or_malformed():
    assert derive.lookup_postal_code("9999999") is None
    assert derive.lookup_postal_code("12345") is None
    assert derive.lookup_postal_code("0600000") == ("北海道", "札幌市中央区", "")


def test_kana_and_width_normalisation():
    assert derive.to_katakana("みどりかわ いちろう") == "ミドリカワ イチロウ"
    assert derive.to_katakana("ﾐﾄﾞﾘｶﾜ") == "ミドリカワ"
    assert derive.digits("０９０－１２３４－５６７８") == "09012345678"


def test_prefill_from_card_answers_and_derivations(catalogue, family):
    values = derive.prefill(catalogue, catalogue.forms["juminido"], family, [CARD_HEAD, None, None, CARD_CHILD])
    h = values.household
    assert h["move.kind"] == "move_in" and h["move.date"] == dt.date(2026, 4, 1)
    assert h["address.previous"] == CARD_HEAD["address"], "at 転入 the card's old address is the 従前の住所"
    assert "address.current" not in h and "address.destination" not in h, "転出 fields hidden at 転入"
    assert h["household.head_name"] == "緑川 一郎" and h["filer.name"] == "緑川 一郎"
    assert h["filer.relationship"] == "self"  # the field's default
    assert len(values.persons) == 4
    assert values.persons[3]["person.name"] == "緑川 𠮷太", "names kept exactly as read (ML-08)"
    assert values.persons[1]["person.birth_date"] == dt.date(1991, 2, 3), "from the household when no card"
    assert values.persons[1]["person.relationship"] == "spouse"
    assert "household:filer.name" in values.from_card and "person3:person.name" in values.from_card
    assert "person1:person.name" not in values.from_card


def test_new_address_is_derived_from_the_postal_code(catalogue, family):
    form = catalogue.forms["juminido"]
    values = derive.prefill(catalogue, form, family, [CARD_HEAD])
    assert values.household["address.new"] is None
    values.household["address.new_postal_code"] = "1000001"  # typed by the resident
    assert derive.update_derived(catalogue, form, family, values) == ["address.new"]
    assert values.household["address.new"] == "東京都千代田区千代田"
    values.household["address.new"] = "東京都千代田区千代田1番1号"
    # the typed address is kept; the filer's address (a member filing) follows the whole address
    assert derive.update_derived(catalogue, form, family, values) == ["filer.address"]
    assert values.household["address.new"] == values.household["filer.address"] == "東京都千代田区千代田1番1号"
    assert derive.update_derived(catalogue, form, family, values) == [], "nothing changes twice"


def test_grade_is_derived_for_school_children(catalogue, family):
    values = derive.prefill(catalogue, catalogue.forms["gakko"], family, [CARD_HEAD, None, None, CARD_CHILD])
    assert values.persons == [values.persons[0]] and values.persons[0]["person.grade"] == 4
    assert values.persons[0]["person.school_type"] == "elementary"


def test_my_number_is_off_by_default(catalogue, family):
    """PRIV-02: the 個人番号 only when the kiosk enables it and the form records its legal basis."""
    form = catalogue.forms["kokuho"]
    off = derive.prefill(catalogue, form, family, [CARD_HEAD])
    assert all("person.my_number" not in p for p in off.persons)
    on = derive.prefill(catalogue, form, family, [CARD_HEAD], my_number_enabled=True)
    assert on.persons[0]["person.my_number"] == "123456789018"
    no_basis = derive.prefill(catalogue, catalogue.forms["juminido"], family, [CARD_HEAD], my_number_enabled=True)
    assert not any("my_number" in k for p in no_basis.persons for k in p)


def test_forms_with_my_number_record_the_legal_basis(catalogue):
    for form in catalogue.forms.values():
        has = any(f.field.type == "my_number" for f in form.all_fields())
        assert has == form.requires_my_number
        if has:
            assert form.my_number_basis.startswith("番号法")
    assert {f.id for f in catalogue.forms.values() if f.requires_my_number} == {"kokuho", "nenkin", "jidoteate", "kaigo"}


def test_validate_reports_field_row_and_message_key(catalogue, family):
    form = catalogue.forms["juminido"]
    values = derive.prefill(catalogue, form, family, [CARD_HEAD, None, None, CARD_CHILD])
    problems = derive.validate(form, values)
    assert ("address.new", None, "catalogue.required") in problems
    assert ("person.name", 1, "catalogue.required") in problems
    values.household.update({"address.new": "東京都千代田区千代田1-1", "address.new_postal_code": "100-0001", "filer.phone": "03-1234-5678"})
    values.persons[0]["person.name_kana"] = "みどりかわ"
    problems = derive.validate(form, values)
    assert ("address.new_postal_code", None, "catalogue.postal_code") in problems
    assert ("person.name_kana", 0, "catalogue.kana") in problems
    assert not any(p[0] in ("address.new", "filer.phone") for p in problems)


@pytest.mark.parametrize(
    "field_id, value, key",
    [
        ("request.copies", 0, "catalogue.out_of_range"),
        ("request.copies", "two", "catalogue.not_an_integer"),
        ("request.scope", "everyone", "catalogue.not_an_option"),
        ("request.include_honseki", "yes", "catalogue.not_yes_no"),
        ("filing.date", "2026-04-01", "catalogue.not_a_date"),
        ("filer.phone", "call me", "catalogue.phone"),
        ("filer.name", "x" * 61, "catalogue.too_long"),
        ("request.copies", 2, None),
    ],
)
def test_check_value(catalogue, field_id, value, key):
    form = catalogue.forms["juminhyo"]
    ff = next(f for f in form.all_fields() if f.id == field_id)
    assert derive.check_value(ff, value) == key


def test_my_number_check_digit(catalogue):
    assert derive.my_number_valid("123456789018")
    assert not derive.my_number_valid("123456789012")
    ff = next(f for f in catalogue.forms["kokuho"].all_fields() if f.id == "person.my_number")
    assert derive.check_value(ff, "123456789012") == "catalogue.my_number"


def test_too_many_persons(catalogue):
    form = catalogue.forms["juminhyo"]
    values = FormValues("juminhyo", persons=[{} for _ in range(7)])
    assert ("juminhyo", None, "catalogue.too_many_persons") in derive.validate(form, values)


def test_move_out_uses_the_card_address_as_current(catalogue):
    home = Household.from_dict(catalogue.samples["move_out"])
    values = derive.prefill(catalogue, catalogue.forms["juminido"], home, [CARD_HEAD])
    assert values.household["address.current"] == CARD_HEAD["address"]
    assert "address.previous" not in values.household and "address.new" not in values.household
    assert "household:address.current" in values.from_card
