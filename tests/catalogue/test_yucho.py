"""ゆうちょ銀行 accounts by their 記号・番号: Japan Post Bank's rule for 振込用の店名・口座番号 (both
kinds), the branch taken from the 全銀 data, and each refusal with its message in every shipped
language. The numbers are invented."""

from __future__ import annotations

import pytest

from kiosk import banks, i18n, yucho
from kiosk.catalogue import types
from kiosk.catalogue.model import FieldDef
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.errors import ValidationError

INDEX = banks.load_index()


def test_ordinary_savings_branch_is_digits_two_and_three_then_8_and_the_number_drops_its_final_1() -> None:
    account = yucho.convert("10530", "12345671", INDEX)
    assert (account.branch.code, account.branch.name, account.branch.kana) == ("058", "〇五八", "ゼロゴハチ")
    assert account.branch is INDEX.branch("9900", "058")  # the branch the data holds
    assert account.number == "1234567" and account.account_type == yucho.ORDINARY
    assert account.branch_value == "9900058"


def test_a_short_ordinary_number_is_zero_padded_to_7_digits() -> None:
    assert yucho.convert("12340", "45671", INDEX).number == "0004567"
    assert yucho.convert("12340", "21", INDEX).number == "0000002"


def test_a_transfer_account_branch_ends_in_9_the_number_is_padded_whole_and_the_type_is_current() -> None:
    account = yucho.convert("00530", "76543", INDEX)
    assert (account.branch.code, account.branch.name) == ("059", "〇五九")
    assert account.number == "0076543" and account.account_type == yucho.CURRENT
    assert yucho.convert("01940", "1234567", INDEX).number == "1234567"  # 7 digits: kept whole


@pytest.mark.parametrize("kigo", ["1053", "105301", "20530", "90530", "1O530", "", "１０５３０"])
def test_a_symbol_not_of_5_digits_starting_with_0_or_1_is_refused(kigo: str) -> None:
    with pytest.raises(yucho.YuchoKigoInvalid) as caught:
        yucho.convert(kigo, "12345671", INDEX)
    assert caught.value.key == "catalogue.yucho_kigo"


@pytest.mark.parametrize(("kigo", "bango"), [
    ("10530", "12345678"),  # 通常貯金: the last digit is always 1
    ("10530", "123456781"),  # longer than 8 digits
    ("10530", "1"),  # nothing left once the final 1 is dropped
    ("10530", ""),
    ("10530", "1234-671"),
    ("00530", "12345678"),  # 振替: 8 digits do not fit the 7-digit 口座番号
])
def test_a_number_that_breaks_the_rule_is_refused(kigo: str, bango: str) -> None:
    with pytest.raises(yucho.YuchoBangoInvalid) as caught:
        yucho.convert(kigo, bango, INDEX)
    assert caught.value.key == "catalogue.yucho_bango"


def test_a_branch_the_data_does_not_hold_is_refused() -> None:
    assert INDEX.branch("9900", "009") is None
    with pytest.raises(yucho.YuchoBranchUnknown) as caught:
        yucho.convert("00030", "1234", INDEX)  # 店番 009
    assert caught.value.key == "catalogue.yucho_branch"


def test_every_refusal_is_a_validation_error_with_a_message_in_every_shipped_language() -> None:
    for error in (yucho.YuchoKigoInvalid, yucho.YuchoBangoInvalid, yucho.YuchoBranchUnknown):
        assert issubclass(error, ValidationError) and error.key in types.MESSAGE_KEYS
        for lang in SHIPPED_LANGUAGES:
            assert i18n.text(error.key, lang) != error.key, (error.key, lang)
    for key in ("resident.yucho_hint", "resident.yucho_kigo", "resident.yucho_bango", "resident.yucho_converted"):
        for lang in SHIPPED_LANGUAGES:
            assert i18n.text(key, lang) != key, (key, lang)


def test_the_converted_values_are_what_the_bank_field_types_accept_and_print() -> None:
    account = yucho.convert("10530", "12345671", INDEX)
    bank = FieldDef(id="b", type="bank", label={"ja": "金融機関名"})
    branch = FieldDef(id="br", type="bank_branch", label={"ja": "支店名"})
    number = FieldDef(id="n", type="account_number", label={"ja": "口座番号"})
    assert bank.kind.check(bank, yucho.BANK) is None and bank.kind.print_text(bank, yucho.BANK) == "ゆうちょ (9900)"
    assert branch.kind.check(branch, account.branch_value) is None
    assert branch.kind.print_text(branch, account.branch_value) == "〇五八 (058)"
    assert number.kind.check(number, account.number) is None
    assert branch.kind.yucho_entry and number.kind.yucho_entry and not bank.kind.yucho_entry
