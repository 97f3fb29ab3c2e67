"""The base of every field type: what one kind of value (a date, a postal code, ...) means from the
resident's keypad to the printed sheet and the KS1 code.

One validator per type (:meth:`FieldType.coerce`) serves the review screen and the sheet alike, so a
value the review screen accepts can always be printed and encoded. A problem is a
:class:`~kiosk.errors.ValidationError` whose ``key`` is the message the resident reads and whose
``reason`` parameter is the short code the sheet reports (``print.invalid_value``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import jaconv

from kiosk.errors import ValidationError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from kiosk.catalogue.model import FieldDef

QrValue = int | str | bool  # what a field contributes to the KS1 payload (dates as YYYYMMDD)
Choice = tuple[object, str]  # (value, label) of a choice keypad

DEFAULT_TEXT_CAP = 200  # no unbounded free text on a sheet or in the QR
INTEGER_LIMIT = 10**9  # integers are counts and years: bounded, whatever the field says
KEYPADS = ("text", "name", "kana", "digits", "date", "postal_code", "phone", "choice", "bank", "bank_branch")
SHEET_MARKS = ("text", "options", "check", "my_number")


# Characters a sheet cannot show as what the QR carries: controls (incl. line breaks and tabs), lone
# surrogates (not encodable in the QR's UTF-8), invisible format characters (e.g. bidirectional
# overrides, zero-width spaces) and line/paragraph separators. Private-use 外字 stay: the sheet
# prints 〓 and a note.
REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Cf", "Zl", "Zp"})


def refuse_invisible(typed: str) -> str:
    """``typed`` unchanged, or the control-character problem: what a resident types never hides an
    invisible or direction-control character, whatever the type would make of the rest."""
    if any(unicodedata.category(c) in REFUSED_CATEGORIES for c in typed.strip(" \t\r\n\u3000")):
        raise problem("catalogue.control_character", "control_character")
    return typed


def problem(key: str, reason: str) -> ValidationError:
    """A value problem: ``key`` for the resident, ``reason`` for the sheet's error."""
    return ValidationError(reason, key=key, reason=reason)


def is_empty(raw: object) -> bool:
    """None, the empty text and an unticked box are "no value" for every type."""
    return raw is None or raw is False or (isinstance(raw, str) and raw == "")


def digits(text: str) -> str:
    """Full-width digits and hyphens made ASCII; spaces and hyphens removed."""
    text = jaconv.z2h(unicodedata.normalize("NFC", text), kana=False, ascii=True, digit=True)
    return re.sub(r"[\s\-‐－ー−]", "", text)


def to_katakana(text: str) -> str:
    """A reading in full-width katakana: hiragana and half-width kana converted, NFC."""
    text = jaconv.h2z(unicodedata.normalize("NFC", text), kana=True, ascii=False, digit=False)
    return unicodedata.normalize("NFC", jaconv.hira2kata(text)).strip()


def my_number_valid(number: str) -> bool:
    """12 digits with a correct check digit (番号法施行令8条)."""
    if not re.fullmatch(r"[0-9]{12}", number):
        return False
    body = [int(c) for c in number[:11]][::-1]
    total = sum(d * (n + 1 if n <= 6 else n - 5) for n, d in enumerate(body, start=1))
    rest = total % 11
    check = 0 if rest <= 1 else 11 - rest
    return check == int(number[11])


@dataclass(frozen=True)
class SampleHints:
    """Invented values a type draws its sample values from (admin preview, specimen sheets)."""

    today: dt.date
    row: int | None = None  # person row, None for household fields
    names: tuple[str, ...] = ("見本",)
    kana: str = "ミホン"
    birth: dt.date | None = None
    address: str = "見本県見本市見本町1番1号"
    old_address: str = ""
    short_address: str = ""
    notes: tuple[str, ...] = ("見本",)
    phones: tuple[str, ...] = ("0000000000",)
    postal_codes: tuple[str, ...] = ("1000001",)


class FieldType:
    """One type of the field dictionary. Subclasses set the class attributes and override what differs."""

    name: ClassVar[str]
    keypad: ClassVar[str] = "text"  # which on-screen pad edits it (one of KEYPADS)
    sheet_mark: ClassVar[str] = "text"  # how the sheet draws it (one of SHEET_MARKS)
    column_weight: ClassVar[int] = 22  # relative width of its column in the per-person table
    is_my_number: ClassVar[bool] = False  # 個人番号: never printed, never in the QR (PRIV-02, PRIV-11)
    needs_options: ClassVar[bool] = False  # the dictionary must list options
    fills_town: ClassVar[bool] = False  # a known postal code fills prefecture and town into it
    looks_up_town: ClassVar[bool] = False  # its value is looked up to fill the town
    yucho_entry: ClassVar[bool] = False  # with ゆうちょ銀行 chosen, entered as the passbook's 記号・番号
    default_wanted: ClassVar[str] = "text"  # what a default must be, for the loader's message

    # -- input --------------------------------------------------------------------------------

    def normalize(self, fd: FieldDef, value: object) -> object:
        """A read or derived value in the type's canonical form (names and addresses untouched, ML-08)."""
        return value

    def parse(self, fd: FieldDef, typed: str) -> object:
        """The value of what the resident typed on the keypad (raises ValidationError if it is none)."""
        return self.normalize(fd, unicodedata.normalize("NFC", refuse_invisible(typed)).strip())

    def parse_typed(self, fd: FieldDef, typed: str, beside: Mapping[str, object]) -> object:
        """The value of what a clerk typed on a keyboard (the counter's review table): as
        :meth:`parse` unless the type reads short forms; ``beside`` holds the values of the same
        group (household or person row) keyed by their type's name (a branch's bank)."""
        return self.parse(fd, typed)

    def typed_complete(self, fd: FieldDef, typed: str, beside: Mapping[str, object]) -> bool:
        """Whether what a clerk typed is a whole, valid value that no longer input could be meant
        to extend (the counter's review then goes on by itself, 自動改行: a 7-digit postal code, a
        mobile number's 11 digits). Never for a type that does not say so: in doubt, the clerk's
        Enter decides."""
        return False

    def _valid_typed(self, fd: FieldDef, typed: str, beside: Mapping[str, object]) -> bool:
        """What :meth:`parse_typed` makes of ``typed`` passes the one validator."""
        try:
            return self.validate(fd, self.parse_typed(fd, typed, beside)) is not None
        except ValidationError:
            return False

    def edit_text(self, fd: FieldDef, value: object) -> str:
        """What the keypad starts with when the resident edits ``value``."""
        return "" if value is None else str(value)

    def choices(self, fd: FieldDef, lang: str) -> tuple[Choice, ...]:
        """The values a choice keypad offers, with their labels in ``lang``."""
        return ()

    # -- validation ---------------------------------------------------------------------------

    def convert(self, fd: FieldDef, raw: object) -> object:
        """A value from outside the kiosk (a values file, a decoded payload) in the type's Python
        form (e.g. an ISO date text as a date); anything else is returned unchanged."""
        return raw

    def validate(self, fd: FieldDef, value: object) -> object:
        """The one validator: the checked value (NFC text), or None when empty. Raises
        ValidationError (message key, and ``reason`` for the sheet)."""
        raise NotImplementedError

    def coerce(self, fd: FieldDef, raw: object) -> object:
        """:meth:`convert`, then :meth:`validate`: what the printed sheet and the KS1 code accept."""
        return self.validate(fd, self.convert(fd, raw))

    def check(self, fd: FieldDef, value: object) -> str | None:
        """The message key of the problem with ``value``, or None (an empty value is no problem here)."""
        try:
            self.validate(fd, value)
        except ValidationError as exc:
            return exc.key
        return None

    def offers_town_areas(self, fd: FieldDef) -> bool:
        """Whether the value is chosen from the town's postal areas (a postal code inside the town)."""
        return False

    def within_town_problem(self, fd: FieldDef) -> str | None:
        """The loader's message when ``within_town`` is set on a type that has no town areas."""
        return f"within_town is only for a postal_code field, not {self.name}" if fd.within_town else None

    def default_problem(self, fd: FieldDef, value: object) -> str | None:
        """None when ``value`` is a fitting constant default, else the loader's message."""
        if self.check(fd, value) is not None or is_empty(value) or not self._is_canonical(value):
            return f"type mismatch: default {value!r} is not {self.default_wanted}"
        return None

    def _is_canonical(self, value: object) -> bool:
        return isinstance(value, str)

    # -- output -------------------------------------------------------------------------------

    def display(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        """Display text of a checked value on screen (empty for no value)."""
        return "" if value is None or value == "" else str(value)

    def spoken(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        """What the review read-out says for a checked value: what the screen shows, unless the
        type hides part of it there."""
        return self.display(fd, value, lang)

    def print_text(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        """The text printed on the sheet (also what a clerk compares the QR against); labels in ``lang``."""
        return self.display(fd, value, lang)

    def to_qr(self, fd: FieldDef, value: object) -> QrValue:
        """The KS1 payload form of a checked value."""
        if isinstance(value, bool | int | str):
            return value
        raise problem("catalogue.pattern", "not_text")

    def from_qr(self, fd: FieldDef, raw: object) -> object:
        """The value back from the KS1 payload, checked (raises ValidationError)."""
        return self.coerce(fd, raw)

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        """Candidate sample values, best first (the caller keeps the first that passes)."""
        return hints.notes
