"""Cells that go on by themselves (自動改行, issue #17): a value the clerk types goes in and the
cursor moves on without Enter or Tab once it is whole and valid and no longer input could be meant;
in doubt, it waits for the clerk's key. The rules are the field types' (review table) and the
birth-date cell's (members table), and the clerk's window lists them."""

from __future__ import annotations

import datetime as dt

import pytest
from counter_helpers import at_review_cell, review_row, to_form, to_members, to_review, type_keys
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.catalogue.types.textual import phone_length
from kiosk.counter import CounterController
from kiosk.counter.typed_dates import birth_date_complete, typed_date
from kiosk.ui.counter.household_table import BIRTH, NAME, SEX, SOURCE


# The rules, Qt-free --------------------------------------------------------------------------------
@pytest.mark.parametrize(("start", "length"), [
    ("090", 11), ("080", 11), ("070", 11), ("060", 11), ("050", 11),
    ("020", None),  # M2M: 11 or 14 digits
    ("0800", 11),  # free dial 0800: 11 digits, as 080 says
    ("0120", 10), ("0570", 10), ("03", None), ("031", 10), ("011", 10), ("0466", 10),
    ("010", None),  # the international prefix: any length
    ("030", None), ("040", None), ("00", None), ("0", None), ("", None),
])
def test_the_numbering_plan_decides_a_phone_numbers_length(start, length) -> None:
    assert phone_length(start) == length


@pytest.mark.parametrize(("typed", "whole"), [
    ("09099990000", True), ("0909999000", False),  # a mobile number: 11 digits
    ("090-9999-0000", True),  # hyphens as the clerk may type them
    ("0312345678", True), ("031234567", False),  # a fixed line with its area code: 10
    ("0120123456", True),
    ("0800123456", False), ("08001234567", True),  # 0800: not at 10, at 11
    ("0101234567", False), ("01012345678", False),  # international: the clerk's Enter decides
    ("0401234567", False),  # unassigned: in doubt, no
    ("02012345678", False),  # M2M numbers may have 14 digits
])
def test_a_phone_number_is_whole_once_its_prefix_length_is_typed(catalogue_port, typed, whole) -> None:
    phone = catalogue_port.catalogue.fields["filer.phone"]
    assert phone.kind.typed_complete(phone, typed, {}) is whole


def test_codes_are_whole_at_their_length_and_never_at_yucho(catalogue_port) -> None:
    fields = catalogue_port.catalogue.fields
    postal, bank, branch, account = (fields[f] for f in ("address.new_postal_code", "bank.name", "bank.branch",
                                                          "bank.account_number"))
    assert postal.kind.typed_complete(postal, "1000001", {})
    assert not postal.kind.typed_complete(postal, "100000", {})
    assert not postal.kind.typed_complete(postal, "chiyo", {})  # an area's name may go on
    assert bank.kind.typed_complete(bank, "0001", {})
    assert not bank.kind.typed_complete(bank, "1", {})  # a code typed short: 1 may be 10 or 100
    assert branch.kind.typed_complete(branch, "210", {"bank": "0001"})
    assert not branch.kind.typed_complete(branch, "21", {"bank": "0001"})
    assert not branch.kind.typed_complete(branch, "210", {})  # no bank yet
    assert not branch.kind.typed_complete(branch, "000", {"bank": "0001"})  # the bank's 0001… may be coming
    assert branch.kind.typed_complete(branch, "0001210", {"bank": "0001"})
    assert account.kind.typed_complete(account, "7654321", {"bank": "0001"})
    assert not account.kind.typed_complete(account, "765432", {"bank": "0001"})
    # ゆうちょ銀行: the passbook's 記号 (5 digits) and 番号 (up to 8) may be typed: never by itself.
    assert not branch.kind.typed_complete(branch, "408", {"bank": "9900"})
    assert not account.kind.typed_complete(account, "8765432", {"bank": "9900"})


TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize(("typed", "whole"), [
    ("210920", True),  # no year 2109: 2021-09-20
    ("161108", True),  # no birth date in 1611: 2016-11-08
    ("910203", True),
    ("200503", False),  # 2020-05-03, or the start of 2005-03-…: waits for Tab
    ("200513", True),  # no month 13 in 2005: 2020-05-13
    ("190512", False),  # 1919-05-12 or 1905-12-…
    ("191231", True),
    ("261201", True),  # 1926-12-01 (not after today); no year 2612
    ("261130", True),  # today
    ("201200", False),  # no such day
    ("2005031", False), ("20050312", True), ("19121231", True), ("20051340", False),
])
def test_a_birth_date_is_whole_when_no_longer_date_could_begin_with_it(typed, whole) -> None:
    assert birth_date_complete(typed, TODAY) is whole
    if whole:
        assert typed_date(typed, TODAY) is not None


# Through the clerk's window ----------------------------------------------------------------------------
def test_the_birth_date_goes_on_to_the_sex_cell_unless_it_could_be_yyyymmdd(qtbot, counter) -> None:
    c: CounterController = counter.controller
    to_members(c)
    table = counter.clerk.table
    help_text = counter.clerk.keys_help.text()
    assert "6桁で次の欄へ" in help_text and "YYYYMMDD" in help_text  # the rule, on the clerk's screen

    def at() -> tuple[int, int]:
        return table.currentIndex().row(), table.currentIndex().column()

    table.setCurrentIndex(counter.clerk.household.index(0, SOURCE))
    type_keys("210920")  # the first digit makes the person typed by hand
    assert at() == (0, SEX) and table.state() is not table.State.EditingState
    assert c.session.members[0].birth_date == dt.date(2021, 9, 20)
    qtbot.keyClick(table, Qt.Key.Key_Tab)  # the Tab a clerk's hands still press: already done, not a second move
    assert at() == (0, SEX)
    type_keys("2")
    assert at() == (0, NAME)
    table.setCurrentIndex(counter.clerk.household.index(1, SOURCE))
    type_keys("200503")  # 2020-05-03, or the start of 2005-03-…
    assert at() == (1, BIRTH) and table.state() is table.State.EditingState  # waits: more may come
    type_keys("12")  # the clerk meant 2005-03-12: the eight digits are whole
    assert at() == (1, SEX) and c.session.members[1].birth_date == dt.date(2005, 3, 12)


def _enter(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    QApplication.processEvents()  # the editor commits on the next turn of the event loop


@pytest.mark.parametrize(("typed", "waits_at"), [
    ("09099990000", "0909999000"),
    ("0312345678", "031234567"),
    ("08001234567", "0800123456"),  # 0800 free dial: 10 digits are not yet whole
])
def test_the_phone_goes_on_once_its_prefix_length_is_typed(qtbot, counter, typed, waits_at) -> None:
    c: CounterController = counter.controller
    review, phone = at_review_cell(counter, "filer.phone")
    type_keys(waits_at)
    assert review.currentRow() == phone and review.state() is review.State.EditingState
    assert c.values().household.get("filer.phone") in (None, "")
    type_keys(typed[len(waits_at):])
    assert c.values().household["filer.phone"] == typed
    assert review.state() is not review.State.EditingState
    assert review.currentRow() == review_row(review, "filer.address")  # the next row still empty
    _enter(qtbot)  # the Enter a clerk's hands still press: nothing more happens
    assert review.currentRow() == review_row(review, "filer.address") and c.values().household["filer.phone"] == typed
    assert not c.values().household.get("filer.address")


def test_enter_passes_over_the_signature_written_by_hand(qtbot, counter) -> None:
    c: CounterController = counter.controller
    to_review(c)
    review = counter.clerk.review
    filer, signature = review_row(review, "filer.address"), review_row(review, "filer.signature")
    assert review.rows[signature][0].handwrite and signature == filer + 1  # the row after, never typed
    review.setCurrentCell(filer, 1)
    type_keys("1-2-3")
    _enter(qtbot)
    assert c.values().household["filer.address"] == "1-2-3"
    landed = review.currentRow()
    assert landed > signature and not review.rows[landed][0].handwrite
    ff, person = review.rows[landed]
    assert c.values().persons[person].get(ff.id) in (None, "")  # the next row still to fill


def test_an_international_number_waits_for_enter(qtbot, counter) -> None:
    c: CounterController = counter.controller
    review, phone = at_review_cell(counter, "filer.phone")
    type_keys("010441234567")
    assert review.currentRow() == phone and review.state() is review.State.EditingState
    _enter(qtbot)
    assert c.values().household["filer.phone"] == "010441234567" and review.currentRow() != phone


def test_the_account_number_goes_on_at_seven_digits_but_not_at_yucho(qtbot, counter) -> None:
    c: CounterController = counter.controller
    to_review(c, public_account=False)  # the account typed, not the 公金受取口座
    to_form(qtbot, counter, "jidoteate")
    review = counter.clerk.review
    bank, account = review_row(review, "bank.name"), review_row(review, "bank.account_number")
    review.setCurrentCell(bank, 1)
    type_keys("0001")  # four digits: a known bank, taken
    assert c.values().household["bank.name"] == "0001" and review.state() is not review.State.EditingState
    review.setCurrentCell(account, 1)
    type_keys("7654321")
    assert c.values().household["bank.account_number"] == "7654321" and review.currentRow() != account
    review.setCurrentCell(bank, 1)
    type_keys("9900")
    assert c.values().household["bank.name"] == "9900"  # ゆうちょ銀行
    review.setCurrentCell(account, 1)
    type_keys("8765432")  # may be the start of the passbook's 8-digit 番号: waits for the clerk
    assert review.currentRow() == account and review.state() is review.State.EditingState
