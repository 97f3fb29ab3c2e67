"""A bank account for a payment (児童手当 and the like): 金融機関, 支店, 口座番号 and 口座名義 (カナ).

Bank and branch are chosen from the 全銀 codes of the ``zengin-code`` data (:mod:`kiosk.banks`);
the KS1 code carries the codes and the sheet prints the name with its code, e.g. ``みずほ (0001)``.
A branch value is the bank's 4 digits followed by the 3-digit 店番 (``0001001``), so it is checked
against the bank it belongs to. ゆうちょ銀行's branch and account are entered as the passbook's
記号・番号 and stored converted (:mod:`kiosk.yucho`; the types say so with ``yucho_entry``). The
account holder's name is in 全銀 kana (:func:`zengin_kana`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, ClassVar

import jaconv

from kiosk import banks, yucho
from kiosk.catalogue.types.base import SampleHints, digits, problem, to_katakana
from kiosk.catalogue.types.textual import TextType

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from kiosk.catalogue.model import FieldDef

# 全銀 kana: large katakana (voiced too), Latin capitals, digits, space and （）．－／ — here in
# full width as the sheet prints them. Small kana are written large and the long vowel as －.
_ZENGIN_SMALL = str.maketrans("ァィゥェォッャュョヮヵヶヰヱ", "アイウエオツヤユヨワカケイエ")
_ZENGIN_HYPHEN = re.compile("[ー‐−–—-]")
ZENGIN_ALLOWED = re.compile("[ア-ンヴＡ-Ｚ０-９（）．－／　]+")


def zengin_kana(text: str) -> str:
    """An account holder's name as 全銀 kana: katakana, small kana large, long vowels and hyphens as
    －, Latin letters upper case, all in full width, one full-width space between words."""
    text = to_katakana(text)
    text = unicodedata.normalize("NFKC", text.replace("ー", "-")).upper()
    text = jaconv.h2z(text, kana=True, ascii=True, digit=True)
    text = _ZENGIN_HYPHEN.sub("－", text.replace("－", "-")).translate(_ZENGIN_SMALL)
    return re.sub("[ 　]+", "　", text).strip("　")


class BankType(TextType):
    """金融機関: the 4-digit 全銀 code, chosen by a few kana of the name or the code."""

    name = "bank"
    keypad = "bank"
    pattern_key = "catalogue.bank"
    default_wanted = "a bank code of 4 digits"

    def normalize(self, fd: FieldDef, value: object) -> object:
        return digits(value) if isinstance(value, str) else value

    def check_text(self, fd: FieldDef, text: str) -> None:
        bank = banks.load_index().bank(text) if banks.BANK_CODE.fullmatch(text) else None
        if bank is None:
            raise problem("catalogue.bank", "unknown_bank")

    def parse_typed(self, fd: FieldDef, typed: str, beside: Mapping[str, object]) -> object:
        """A clerk's short forms: the code without its leading zeros (``1`` → ``0001``), or the
        first bank a few romaji or kana of its name find (``mizuho`` → みずほ)."""
        return self.parse(fd, typed_code(typed, 4, banks.load_index().search_banks))

    def typed_complete(self, fd: FieldDef, typed: str, beside: Mapping[str, object]) -> bool:
        """A known bank's four digits (a code typed short waits for Enter: ``1`` may be ``10``)."""
        return bool(banks.BANK_CODE.fullmatch(typed.strip())) and self._valid_typed(fd, typed, beside)

    def display(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        bank = banks.load_index().bank(value) if isinstance(value, str) else None
        return f"{bank.name} ({bank.code})" if bank is not None else super().display(fd, value, lang)

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        return ("0001",)


class BranchType(TextType):
    """支店: the bank's 4 digits and the 3-digit 店番 (``0001001``), chosen within the chosen bank."""

    name = "bank_branch"
    keypad = "bank_branch"
    yucho_entry = True  # with ゆうちょ銀行: the 店番 of the passbook's 記号
    pattern_key = "catalogue.bank_branch"
    default_wanted = "a bank and branch code of 7 digits"

    def normalize(self, fd: FieldDef, value: object) -> object:
        return digits(value) if isinstance(value, str) else value

    def check_text(self, fd: FieldDef, text: str) -> None:
        if branch_of(text) is None:
            raise problem("catalogue.bank_branch", "unknown_branch")

    def parse_typed(self, fd: FieldDef, typed: str, beside: Mapping[str, object]) -> object:
        """Once the bank is known (``beside``): the 3-digit 店番 alone, or the first of the bank's
        branches a few romaji or kana of its name find; the 7 digits still work."""
        bank = beside.get(BankType.name)
        if not isinstance(bank, str) or not banks.BANK_CODE.fullmatch(bank):
            return self.parse(fd, typed)

        def search(query: str) -> list[banks.Branch]:
            return banks.load_index().search_branches(bank, query)

        found = typed_code(typed, 3, search)
        return self.parse(fd, bank + found if banks.BRANCH_CODE.fullmatch(found) else found)

    def typed_complete(self, fd: FieldDef, typed: str, beside: Mapping[str, object]) -> bool:
        """Once the bank is known, a 店番 of its three digits (unless they begin the bank's own code:
        then the seven digits of bank and branch may be coming); the seven digits in any case."""
        text, bank = typed.strip(), beside.get(BankType.name)
        if yucho.is_yucho(bank):
            return False  # a passbook's 記号 may be typed: the clerk's Enter decides
        short = isinstance(bank, str) and banks.BRANCH_CODE.fullmatch(text) is not None and not bank.startswith(text)
        whole = re.fullmatch(r"[0-9]{7}", text) is not None
        return (short or whole) and self._valid_typed(fd, typed, beside)

    def display(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        branch = branch_of(value) if isinstance(value, str) else None
        return f"{branch.name} ({branch.code})" if branch is not None else super().display(fd, value, lang)

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        return ("0001001",)


def typed_code(typed: str, width: int, search: Callable[[str], Sequence[banks.Bank | banks.Branch]]) -> str:
    """A code typed short (digits without the leading zeros, padded to ``width``) or the code of the
    first entry a few romaji or kana of the name find; otherwise the text as typed."""
    text = unicodedata.normalize("NFKC", typed).strip()
    if text.isdigit() and text.isascii():
        return text.zfill(width) if len(text) < width else text
    kana = jaconv.alphabet2kana(text.lower()) if text.isascii() else text
    found = search(kana) if kana and not any(c.isascii() and c.isalpha() for c in kana) else []
    return found[0].code if found else typed


def branch_of(value: str) -> banks.Branch | None:
    """The branch a 7-digit branch value names, or None."""
    if not re.fullmatch(r"[0-9]{7}", value):
        return None
    return banks.load_index().branch(value[:4], value[4:])


def branch_value(branch: banks.Branch) -> str:
    """The field value of a chosen branch."""
    return branch.bank + branch.code


class AccountNumberType(TextType):
    """口座番号: 7 digits, typed on the number pad."""

    name = "account_number"
    keypad = "digits"
    yucho_entry = True  # with ゆうちょ銀行: the 口座番号 of the passbook's 記号・番号
    pattern_key = "catalogue.account_number"
    default_wanted = "an account number of 7 digits"

    def typed_complete(self, fd: FieldDef, typed: str, beside: Mapping[str, object]) -> bool:
        """Its seven digits (at ゆうちょ銀行 never: the passbook's 番号 has eight)."""
        if yucho.is_yucho(beside.get(BankType.name)):
            return False
        return bool(re.fullmatch(r"[0-9]{7}", typed.strip())) and self._valid_typed(fd, typed, beside)

    def normalize(self, fd: FieldDef, value: object) -> object:
        return digits(value) if isinstance(value, str) else value

    def check_text(self, fd: FieldDef, text: str) -> None:
        if not re.fullmatch(r"[0-9]{7}", text):
            raise problem("catalogue.account_number", "not_an_account_number")

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        return ("1234567",)


class AccountKanaType(TextType):
    """口座名義 (カナ): the holder's reading in 全銀 kana; derived from the name's reading, editable."""

    name = "account_kana"
    keypad = "kana"
    column_weight = 30
    pattern_key: ClassVar[str] = "catalogue.account_kana"

    def normalize(self, fd: FieldDef, value: object) -> object:
        return zengin_kana(value) if isinstance(value, str) else value

    def canonical(self, text: str) -> str:
        return zengin_kana(unicodedata.normalize("NFC", text))

    def check_text(self, fd: FieldDef, text: str) -> None:
        if not ZENGIN_ALLOWED.fullmatch(text):
            raise problem("catalogue.account_kana", "not_zengin_kana")

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        return (zengin_kana(hints.kana),)
