"""ゆうちょ銀行 accounts by their 記号・番号: Japan Post Bank's rule for 振込用の店名・口座番号.

A ゆうちょ passbook shows a 記号 (5 digits) and a 番号 (up to 8 digits), not the 店番 and 口座番号 a
transfer needs. The bank publishes the conversion:

- 記号 starting with 1 (通常貯金): 店番 = the 2nd and 3rd digits of the 記号 followed by 8 (記号
  10530 → 店番 058, 店名 〇五八); 口座番号 = the 番号 without its last digit (always 1), zero-padded
  to 7 digits (番号 12345671 → 1234567); 預金種目 普通.
- 記号 starting with 0 (振替口座): 店番 = the 2nd and 3rd digits followed by 9 (00530 → 059);
  口座番号 = the 番号 zero-padded to 7 digits; 預金種目 当座.

The branch is the one the 全銀 data (:mod:`kiosk.banks`) holds for that 店番: a computed 店番 the
data does not list is refused. Every refusal is a :class:`~kiosk.errors.ValidationError` whose key
is the message the resident reads. Qt-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk import banks
from kiosk.errors import ValidationError

BANK = "9900"  # ゆうちょ銀行's 金融機関コード
ORDINARY = "ordinary"  # 預金種目 codes of the field dictionary (bank.account_type)
CURRENT = "current"
ACCOUNT_TYPE_FIELD = "bank.account_type"  # the 預金種目 field a form may carry beside the account
KIGO = re.compile(r"[01][0-9]{4}")
BANGO = re.compile(r"[0-9]{1,8}")


class YuchoKigoInvalid(ValidationError):
    """The 記号 is not 5 digits starting with 1 (通常貯金) or 0 (振替口座)."""

    key = "catalogue.yucho_kigo"


class YuchoBangoInvalid(ValidationError):
    """The 番号 is not up to 8 digits, or (通常貯金) does not end in 1, or does not fit 7 digits."""

    key = "catalogue.yucho_bango"


class YuchoBranchUnknown(ValidationError):
    """The 店番 the 記号 gives is not a branch of ゆうちょ銀行 in the 全銀 data."""

    key = "catalogue.yucho_branch"


@dataclass(frozen=True, slots=True)
class YuchoAccount:
    """The transfer form of a passbook's 記号・番号."""

    branch: banks.Branch  # from the data: its 店番 and 店名 (e.g. 058, 〇五八)
    number: str  # 口座番号, 7 digits
    account_type: str  # ORDINARY (通常貯金) or CURRENT (振替口座)

    @property
    def branch_value(self) -> str:
        """The bank_branch field's value: the bank's code and the 店番."""
        return self.branch.bank + self.branch.code


def is_yucho(bank: object) -> bool:
    """Whether a bank field's value is ゆうちょ銀行."""
    return bank == BANK


def check_kigo(kigo: str) -> str:
    """The 記号, checked: 5 digits starting with 0 or 1 (raises :class:`YuchoKigoInvalid`)."""
    if not KIGO.fullmatch(kigo):
        raise YuchoKigoInvalid("the symbol is not 5 digits starting with 0 or 1")
    return kigo


def branch_of_kigo(kigo: str, index: banks.BankIndex) -> banks.Branch:
    """The ゆうちょ branch of a 記号, from the data (raises on a bad 記号 or an unlisted 店番)."""
    check_kigo(kigo)
    code = kigo[1:3] + ("8" if kigo[0] == "1" else "9")
    branch = index.branch(BANK, code)
    if branch is None:
        raise YuchoBranchUnknown(f"branch {code} is not in the bank data")
    return branch


def account_number(kigo: str, bango: str) -> str:
    """The 7-digit 口座番号 of a 番号 (raises :class:`YuchoBangoInvalid`)."""
    check_kigo(kigo)
    if not BANGO.fullmatch(bango):
        raise YuchoBangoInvalid("the number is not 1 to 8 digits")
    if kigo[0] == "1":
        if len(bango) < 2 or not bango.endswith("1"):
            raise YuchoBangoInvalid("an ordinary savings number ends in 1")
        bango = bango[:-1]
    if len(bango) > 7:
        raise YuchoBangoInvalid("a transfer account number has at most 7 digits")
    return bango.zfill(7)


def convert(kigo: str, bango: str, index: banks.BankIndex) -> YuchoAccount:
    """記号・番号 → branch, 口座番号 and 預金種目 (raises a typed ValidationError with its message key)."""
    branch = branch_of_kigo(kigo, index)
    number = account_number(kigo, bango)
    return YuchoAccount(branch, number, ORDINARY if kigo[0] == "1" else CURRENT)
