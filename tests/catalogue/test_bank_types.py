"""Bank accounts by choosing: the index of the zengin-code data (search by kana or code, ranked)
and the four field types (金融機関, 支店, 口座番号, 口座名義) — validation with a message in every
language, print text, and the KS1 value through the encoder and verifier."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import banks, i18n
from kiosk.catalogue import types
from kiosk.catalogue.model import FieldDef, Form, FormField, FormValues
from kiosk.catalogue.types.bank import zengin_kana
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.errors import ValidationError
from kiosk.ks1 import Authentic, MemoryTrustStore, Signer, TrustEntry, encode_sheet, verify

INDEX = banks.load_index()
NOW = dt.datetime(2026, 4, 1, 1, 2, 3, tzinfo=dt.UTC)


def _names(found: list[banks.Bank] | list[banks.Branch]) -> list[str]:
    return [f"{e.name} {e.code}" for e in found]


def test_the_index_holds_the_package_data() -> None:
    assert len(INDEX.banks) > 1000 and sum(len(b) for b in INDEX.branches.values()) > 20000
    assert INDEX.bank("0001") == banks.Bank("0001", "みずほ", "ミズホ")
    assert INDEX.branch("0001", "210") is not None and INDEX.branch("0001", "210").name == "渋谷"


@pytest.mark.parametrize("typed", ["みずほ", "ミズホ", "みすほ", "ﾐｽﾞﾎ", "みず"])
def test_a_few_kana_in_hiragana_or_katakana_voiced_or_not_find_the_bank_first(typed) -> None:
    assert _names(INDEX.search_banks(typed))[0] == "みずほ 0001"


def test_ranking_exact_code_then_name_prefix_then_contains() -> None:
    assert _names(INDEX.search_banks("0005")) == ["三菱ＵＦＪ 0005"]
    assert _names(INDEX.search_banks("000"))[:3] == ["みずほ 0001", "三菱ＵＦＪ 0005", "三井住友 0009"]
    chiba = _names(INDEX.search_banks("ちば"))
    assert chiba[:2] == ["千葉 0134", "千葉興業 0135"]  # the exact reading first, then longer names
    assert "ちば東葛農協 4975" in chiba
    found = INDEX.search_banks("みつびし", limit=50)
    assert _names(found)[0] == "三菱ＵＦＪ 0005"
    contains = [b for b in found if not banks.fold(b.kana).startswith(banks.fold("みつびし"))]
    assert contains and found.index(contains[0]) > found.index(INDEX.banks["0005"])  # contains after prefix
    assert INDEX.search_banks("") == [] and INDEX.search_banks("ぬぬぬぬ") == []


def test_branches_are_searched_within_their_bank_only() -> None:
    assert _names(INDEX.search_branches("0001", "しぶや")) == ["渋谷 210", "渋谷中央 162"]
    assert _names(INDEX.search_branches("0001", "210")) == ["渋谷 210"]
    assert all(b.bank == "0009" for b in INDEX.search_branches("0009", "ぎんざ"))
    assert INDEX.search_branches("0000", "しぶや") == []


def test_yucho_is_in_the_data_with_branches_named_by_digits() -> None:
    yucho = INDEX.search_banks("ゆうちょ")[0]
    assert yucho.code == "9900"
    assert INDEX.search_branches("9900", "018")[0].name == "〇一八"  # 店名 of digits, not 記号・番号


def test_zengin_kana_small_kana_large_long_vowel_as_hyphen() -> None:
    assert zengin_kana("もりやま　じょうじ") == "モリヤマ\u3000ジヨウジ"
    assert zengin_kana("ﾕｰｺ  abc") == "ユ－コ\u3000ＡＢＣ"
    assert zengin_kana("ヴァン") == "ヴアン"


def _fd(type_: str, key: int = 1) -> FormField:
    return FormField(field=FieldDef(id=f"bank.{type_}", type=type_, label={"ja": type_}), qr_key=key)


def test_bank_and_branch_validate_print_and_refuse_with_a_message() -> None:
    bank, branch = _fd("bank").field, _fd("bank_branch").field
    assert bank.kind.parse(bank, "０００１") == "0001"
    assert bank.kind.print_text(bank, "0001") == "みずほ (0001)"
    assert bank.kind.check(bank, "0001") is None
    assert bank.kind.check(bank, "1234") == "catalogue.bank"
    assert bank.kind.check(bank, "みずほ") == "catalogue.bank"
    assert bank.kind.check(bank, "9900") is None  # ゆうちょ: entered by 記号・番号 (tests/catalogue/test_yucho.py)
    assert branch.kind.print_text(branch, "0001210") == "渋谷 (210)"
    assert branch.kind.check(branch, "0001210") is None
    elsewhere = next(code for code in INDEX.branches["0001"] if code not in INDEX.branches["0005"])
    assert branch.kind.check(branch, "0005" + elsewhere) == "catalogue.bank_branch"  # みずほ's 店番, not 三菱ＵＦＪ's
    assert branch.kind.check(branch, "0001999") == "catalogue.bank_branch"
    assert branch.kind.check(branch, "210") == "catalogue.bank_branch"  # a branch names its bank


def test_account_number_and_holder() -> None:
    number, holder = _fd("account_number").field, _fd("account_kana").field
    assert number.kind.keypad == "digits" and holder.kind.keypad == "kana"
    assert number.kind.parse(number, "１２３ ４５６７") == "1234567"
    assert number.kind.check(number, "123456") == "catalogue.account_number"
    assert number.kind.check(number, "12345678") == "catalogue.account_number"
    assert holder.kind.parse(holder, "もりやま だいすけ") == "モリヤマ\u3000ダイスケ"
    assert holder.kind.check(holder, "森山") == "catalogue.account_kana"
    with pytest.raises(ValidationError):
        holder.kind.parse(holder, "モリヤマ\u202eダイスケ")


def test_every_bank_message_has_a_text_in_every_shipped_language() -> None:
    keys = ("catalogue.bank", "catalogue.bank_branch", "catalogue.account_number", "catalogue.account_kana",
            "catalogue.yucho_kigo", "resident.bank_candidates", "resident.branch_candidates",
            "resident.bank_first", "catalogue.bank_data_missing")
    assert set(keys[:5]) <= set(types.MESSAGE_KEYS)
    for key in keys:
        for lang in SHIPPED_LANGUAGES:
            assert i18n.text(key, lang) != key, (key, lang)


def test_the_bank_fields_travel_through_a_signed_code_as_codes() -> None:
    from cryptography.hazmat.primitives.asymmetric import ed25519

    form = Form(id="bank_test", version=1, title={"ja": "口座"}, legal_basis="", counter="",
                fields=(_fd("bank", 1), _fd("bank_branch", 2), _fd("account_number", 3), _fd("account_kana", 4)))
    values = {"bank.bank": "0134", "bank.bank_branch": "0134001", "bank.account_number": "0000001",
              "bank.account_kana": "ちば　はなこ"}
    signer = Signer(ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
    trust = MemoryTrustStore([TrustEntry(signer.kid, "EdDSA", signer.private_key.public_key(), "kiosk-01",
                                         NOW - dt.timedelta(days=1))])
    sheet = encode_sheet(form, FormValues(form.id, dict(values)), signer=signer, iss=999991, kiosk_id="kiosk-01",
                         now=NOW, validity=dt.timedelta(days=30))
    catalogue = type("Catalogue", (), {"forms": {form.id: form}})()
    verdict = verify(list(sheet.qr_strings), trust=trust, now=NOW, catalogue=catalogue)
    assert isinstance(verdict, Authentic), verdict
    assert verdict.household == {**values, "bank.account_kana": "チバ\u3000ハナコ"}
    bad = dict(values, **{"bank.bank": "0000"})  # no bank has this code
    with pytest.raises(ValidationError):
        encode_sheet(form, FormValues(form.id, bad), signer=signer, iss=999991, kiosk_id="kiosk-01", now=NOW,
                     validity=dt.timedelta(days=30))


def test_a_folder_without_the_data_is_a_typed_error_with_a_message(tmp_path) -> None:
    with pytest.raises(banks.BankDataMissing) as caught:
        banks.build_index(tmp_path)
    assert caught.value.key == "catalogue.bank_data_missing"
