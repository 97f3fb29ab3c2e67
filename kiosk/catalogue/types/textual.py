"""Text-like field types: free text, readings, addresses, phone numbers, postal codes and the 個人番号."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, ClassVar

import jaconv

from kiosk import i18n
from kiosk.catalogue.types.base import (
    DEFAULT_TEXT_CAP,
    REFUSED_CATEGORIES,
    FieldType,
    QrValue,
    SampleHints,
    digits,
    is_empty,
    my_number_valid,
    problem,
    to_katakana,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from kiosk.catalogue.model import FieldDef



class TextType(FieldType):
    """Free text, bounded by ``max_length`` (or 200 characters)."""

    name = "text"
    column_weight = 30
    pattern_key: ClassVar[str] = "catalogue.pattern"

    def canonical(self, text: str) -> str:
        """NFC, surrounding white space removed."""
        return unicodedata.normalize("NFC", text).strip()

    def check_text(self, fd: FieldDef, text: str) -> None:
        """Type-specific checks of the canonical text (raise the problem)."""

    def convert(self, fd: FieldDef, raw: object) -> object:
        return str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw

    def validate(self, fd: FieldDef, value: object) -> object:
        if is_empty(value):
            return None
        if not isinstance(value, str):
            raise problem(self.pattern_key, "not_text")
        text = self.canonical(value)
        if not text:
            return None
        if any(unicodedata.category(c) in REFUSED_CATEGORIES for c in text):
            raise problem("catalogue.control_character", "control_character")
        self.check_text(fd, text)
        if len(text) > (fd.validation.max_length or DEFAULT_TEXT_CAP):
            raise problem("catalogue.too_long", "too_long")
        if fd.validation.pattern and not re.fullmatch(fd.validation.pattern, text):
            raise problem(self.pattern_key, "pattern")
        return text

    def from_qr(self, fd: FieldDef, raw: object) -> object:
        if not isinstance(raw, str):
            raise problem(self.pattern_key, "not_text")
        return self.coerce(fd, raw)

    def to_qr(self, fd: FieldDef, value: object) -> QrValue:
        if not isinstance(value, str):
            raise problem(self.pattern_key, "not_text")
        return value

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        return hints.names if "name" in fd.id else hints.notes


class AddressType(TextType):
    """An address, kept exactly as the card gives it (ML-08); a known postal code fills its town."""

    name = "address"
    column_weight = 40
    fills_town = True

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        old = any(word in fd.id for word in ("prev", "old", "from"))
        first = hints.old_address if old and hints.old_address else hints.address
        return tuple(a for a in (first, hints.short_address) if a)


class KanaType(TextType):
    """A reading (フリガナ) in full-width katakana."""

    name = "kana"
    keypad = "kana"
    column_weight = 30
    pattern_key = "catalogue.kana"

    def normalize(self, fd: FieldDef, value: object) -> object:
        return to_katakana(value) if isinstance(value, str) else value

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        return (hints.kana, hints.kana.replace(" ", "　"))


# Japan's numbering plan (電気通信番号計画): 050 (IP), 060 (FMC and mobile), 070/080/090 (mobile) and
# 0800 free dial have 11 digits; a number whose first three digits are 0, 1–9, 1–9 (fixed lines with
# their area code, 0120 and 0570 among them) has 10. Other starts decide nothing: 00… (carriers),
# 010 (international), 020 (M2M: 11 or 14 digits), unassigned 030/040.
ELEVEN_DIGIT_PREFIXES = ("050", "060", "070", "080", "090")


def phone_length(number: str) -> int | None:
    """The number of digits a Japanese phone number starting with ``number`` (digits) has, once
    its first three digits decide it; None while they do not."""
    if number[:3] in ELEVEN_DIGIT_PREFIXES:
        return 11
    if re.match(r"0[1-9][1-9]", number):
        return 10
    return None


def grouped_phone(number: str) -> str:
    """A phone number of digits grouped as the numbering plan groups it (090-9999-0000,
    03-1234-5678, 0466-12-3456, 01267-1-2345, 0120-123-456), the 市外局番 of a fixed line as the
    ``phonenumbers`` package (libphonenumber's data, kept from the official plan) knows them.
    Anything else is shown as it was typed, never regrouped or cut: a number the plan does not
    know as valid (an unusual length, an unassigned start), one typed with its own hyphens, an
    international number."""
    if not re.fullmatch(r"0[0-9]{8,12}", number):
        return number
    import phonenumbers  # not at start-up: imported when first needed, or by warm_up_numbering_plan

    try:
        parsed = phonenumbers.parse(number, "JP")
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_valid_number_for_region(parsed, "JP"):
        return number
    grouped = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return grouped if re.fullmatch(r"[0-9]+(-[0-9]+)+", grouped) and grouped.replace("-", "") == number else number


def warm_up_numbering_plan() -> None:
    """Import the numbering plan and load Japan's part of it (for a worker thread once the kiosk
    is up, so that the first review shown does not pay for it on the GUI thread)."""
    grouped_phone("0312345678")


class PhoneType(TextType):
    """Digits (and hyphens if the resident types them), kept as typed; shown and printed grouped
    (:func:`grouped_phone`), while the KS1 code carries the digits as they are."""

    name = "phone"
    keypad = "phone"
    pattern_key = "catalogue.phone"

    def typed_complete(self, fd: FieldDef, typed: str, beside: Mapping[str, object]) -> bool:
        """All the digits its prefix gives it (:func:`phone_length`): 090… at 11, 03… at 10."""
        number = digits(typed)
        return number.isascii() and len(number) == phone_length(number) and self._valid_typed(fd, typed, beside)

    def normalize(self, fd: FieldDef, value: object) -> object:
        if not isinstance(value, str):
            return value
        return str(jaconv.z2h(value, kana=False, ascii=True, digit=True)).strip()

    def display(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        """Grouped: 090-9999-0000 (the printed sheet's text too)."""
        return grouped_phone(value) if isinstance(value, str) else super().display(fd, value, lang)

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        return hints.phones


def postal_text(code: str, mark: str = "〒") -> str:
    """A postal code of 7 digits as Japanese forms write it, 〒123-4567 (``mark=""`` where the label
    beside it already says 郵便番号); anything else as it is."""
    return f"{mark}{code[:3]}-{code[3:]}" if re.fullmatch(r"[0-9]{7}", code) else code


class PostalCodeType(TextType):
    """Seven digits, kept and carried in the KS1 code as such; shown as 123-4567 beside its label
    and printed as 〒123-4567."""

    name = "postal_code"
    keypad = "postal_code"
    looks_up_town = True
    default_wanted = "a postal code of 7 digits"

    def normalize(self, fd: FieldDef, value: object) -> object:
        return digits(value) if isinstance(value, str) else value

    def typed_complete(self, fd: FieldDef, typed: str, beside: Mapping[str, object]) -> bool:
        """Seven digits (an area's name never: it may go on)."""
        return bool(re.fullmatch(r"[0-9]{7}", digits(typed))) and self._valid_typed(fd, typed, beside)

    def offers_town_areas(self, fd: FieldDef) -> bool:
        """``within_town``: an address inside the town, whose postal area is chosen from a list."""
        return fd.within_town

    def within_town_problem(self, fd: FieldDef) -> str | None:
        return None

    def check_text(self, fd: FieldDef, text: str) -> None:
        if not re.fullmatch(r"[0-9]{7}", text):
            raise problem("catalogue.postal_code", "not_a_postal_code")

    def edit_text(self, fd: FieldDef, value: object) -> str:
        return super().edit_text(fd, value).replace("-", "")

    def display(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        return postal_text(value, mark="") if isinstance(value, str) else super().display(fd, value, lang)

    def print_text(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        return postal_text(value) if isinstance(value, str) else super().print_text(fd, value, lang)

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        return hints.postal_codes


MASK = "●"  # a hidden digit of the 個人番号 on screen


class MyNumberType(TextType):
    """個人番号: checked on review (check digit), shown masked, never printed and never in the QR."""

    name = "my_number"
    keypad = "digits"
    sheet_mark = "my_number"
    is_my_number = True
    pattern_key = "catalogue.my_number"
    default_wanted = "allowed: a 個人番号 field cannot have a default"

    def normalize(self, fd: FieldDef, value: object) -> object:
        return digits(value) if isinstance(value, str) else value

    def check_text(self, fd: FieldDef, text: str) -> None:
        if not my_number_valid(text):
            raise problem("catalogue.my_number", "my_number")

    def edit_text(self, fd: FieldDef, value: object) -> str:
        return super().edit_text(fd, value).replace("-", "")

    def display(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        """Masked but for the last four digits, in the card's groups of four (PRIV-12): the whole
        number shows only in the editor the resident opens with 修正 (:meth:`edit_text`)."""
        if not isinstance(value, str) or not value:
            return super().display(fd, value, lang)
        shown = MASK * max(len(value) - 4, 0) + value[-4:]
        return " ".join(shown[i:i + 4] for i in range(0, len(shown), 4))

    def spoken(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        """Only the last four digits, one by one, said as such (the masked ones are not read out)."""
        if not isinstance(value, str) or not value:
            return super().spoken(fd, value, lang)
        return i18n.plain(i18n.text("speech.my_number_last4", lang, digits=" ".join(value[-4:])))

    def default_problem(self, fd: FieldDef, value: object) -> str | None:
        return "a 個人番号 field cannot have a default"

    def to_qr(self, fd: FieldDef, value: object) -> QrValue:
        raise problem("catalogue.my_number", "my_number")

    def from_qr(self, fd: FieldDef, raw: object) -> object:
        raise problem("catalogue.my_number", "my_number")

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        return ()
