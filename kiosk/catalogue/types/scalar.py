"""Field types that are not text: dates, option codes, check boxes and integers."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING

from kiosk.catalogue import wareki
from kiosk.catalogue.types.base import (
    INTEGER_LIMIT,
    Choice,
    FieldType,
    QrValue,
    SampleHints,
    digits,
    is_empty,
    problem,
    refuse_invisible,
)

if TYPE_CHECKING:
    from kiosk.catalogue.model import FieldDef

JAPANESE = ("ja", "ja-easy")


def date_to_int(day: dt.date) -> int:
    """The KS1 form of a date: YYYYMMDD."""
    return day.year * 10000 + day.month * 100 + day.day


def date_from_int(value: int) -> dt.date | None:
    try:
        return dt.date(value // 10000, value // 100 % 100, value % 100)
    except ValueError:
        return None


class DateType(FieldType):
    """A day; shown and printed in 和暦 unless the field says ``era: false``; YYYYMMDD in the QR."""

    name = "date"
    keypad = "date"
    column_weight = 28
    default_wanted = "a date (YYYY-MM-DD)"

    def parse(self, fd: FieldDef, typed: str) -> object:
        text = digits(refuse_invisible(typed))
        day = date_from_int(int(text)) if re.fullmatch(r"[0-9]{8}", text) else None
        if day is None:
            raise problem("resident.bad_date", "not_a_date")
        return day

    def edit_text(self, fd: FieldDef, value: object) -> str:
        if isinstance(value, dt.date):
            return f"{value.year:04d}{value.month:02d}{value.day:02d}"
        return super().edit_text(fd, value)

    def convert(self, fd: FieldDef, raw: object) -> object:
        if isinstance(raw, str) and raw.strip():
            try:
                return dt.date.fromisoformat(raw.strip())
            except ValueError:
                return raw
        if isinstance(raw, int) and not isinstance(raw, bool):
            return date_from_int(raw) or raw
        return raw

    def validate(self, fd: FieldDef, value: object) -> object:
        if is_empty(value):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        raise problem("catalogue.not_a_date", "not_a_date")

    def _is_canonical(self, value: object) -> bool:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)

    def display(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        if not isinstance(value, dt.date):
            return super().display(fd, value, lang)
        return wareki.format_date(value) if fd.era and lang in JAPANESE else value.isoformat()

    def to_qr(self, fd: FieldDef, value: object) -> QrValue:
        if not isinstance(value, dt.date):
            raise problem("catalogue.not_a_date", "not_a_date")
        return date_to_int(value)

    def from_qr(self, fd: FieldDef, raw: object) -> object:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise problem("catalogue.not_a_date", "not_a_date")
        return self.coerce(fd, raw)

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        if hints.row is not None and hints.birth is not None and "birth" in fd.id:
            return (hints.birth,)
        return (hints.today, hints.today - dt.timedelta(days=3), hints.today + dt.timedelta(days=30))


class EnumType(FieldType):
    """One code out of the field's options; the label is shown, the code is carried."""

    name = "enum"
    keypad = "choice"
    sheet_mark = "options"
    column_weight = 14
    needs_options = True
    default_wanted = "one of the option codes"

    def convert(self, fd: FieldDef, raw: object) -> object:
        return str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw

    def validate(self, fd: FieldDef, value: object) -> object:
        if is_empty(value):
            return None
        if not isinstance(value, str):
            raise problem("catalogue.not_an_option", "not_text")
        code = unicodedata.normalize("NFC", value).strip()
        if not code:
            return None
        if code not in {o.code for o in fd.options}:
            raise problem("catalogue.not_an_option", "unknown_option")
        return code

    def choices(self, fd: FieldDef, lang: str) -> tuple[Choice, ...]:
        return tuple((o.code, fd.option_label(o.code, lang)) for o in fd.options)

    def display(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        if value is None or value == "":
            return ""
        # やさしい日本語 shows the official label: option labels carry furigana markup for the pads only
        return fd.option_label(str(value), "ja" if lang == "ja-easy" else lang)

    def from_qr(self, fd: FieldDef, raw: object) -> object:
        if not isinstance(raw, str):
            raise problem("catalogue.not_an_option", "not_text")
        return self.coerce(fd, raw)

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        codes = [o.code for o in fd.options]
        i = (hints.row or 0) % len(codes) if codes else 0
        return tuple(codes[i:] + codes[:i])


class BoolType(FieldType):
    """A check box: ticked is True, unticked is no value (nothing is printed or carried)."""

    name = "bool"
    keypad = "choice"
    sheet_mark = "check"
    column_weight = 10
    default_wanted = "bool"

    def validate(self, fd: FieldDef, value: object) -> object:
        if is_empty(value):
            return None
        if value is True:
            return True
        raise problem("catalogue.not_yes_no", "not_a_bool")

    def default_problem(self, fd: FieldDef, value: object) -> str | None:
        return None if isinstance(value, bool) else f"type mismatch: default {value!r} is not {self.default_wanted}"

    def choices(self, fd: FieldDef, lang: str) -> tuple[Choice, ...]:
        from kiosk import i18n

        return ((True, i18n.text("resident.yes", lang)), (False, i18n.text("resident.no", lang)))

    def display(self, fd: FieldDef, value: object, lang: str = "ja") -> str:
        return "✓" if value is True else ""

    def from_qr(self, fd: FieldDef, raw: object) -> object:
        if raw is not True:
            raise problem("catalogue.not_yes_no", "not_a_bool")
        return True

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        return (True,)


class IntegerType(FieldType):
    """A whole number within the field's minimum and maximum (and ±10⁹ in any case)."""

    name = "integer"
    keypad = "digits"
    default_wanted = "integer"

    def normalize(self, fd: FieldDef, value: object) -> object:
        if isinstance(value, str) and re.fullmatch(r"[0-9]{1,12}", digits(value)):
            return int(digits(value))
        return value

    def parse(self, fd: FieldDef, typed: str) -> object:
        return self.normalize(fd, refuse_invisible(typed).strip())

    def convert(self, fd: FieldDef, raw: object) -> object:
        if isinstance(raw, str) and re.fullmatch(r"[0-9]{1,12}", raw.strip()):
            return int(raw.strip())
        return raw

    def validate(self, fd: FieldDef, value: object) -> object:
        if is_empty(value):
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise problem("catalogue.not_an_integer", "not_an_integer")
        v = fd.validation
        if (v.minimum is not None and value < v.minimum) or (v.maximum is not None and value > v.maximum) \
                or abs(value) > INTEGER_LIMIT:
            raise problem("catalogue.out_of_range", "out_of_range")
        return value

    def _is_canonical(self, value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def from_qr(self, fd: FieldDef, raw: object) -> object:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise problem("catalogue.not_an_integer", "not_an_integer")
        return self.coerce(fd, raw)

    def samples(self, fd: FieldDef, hints: SampleHints) -> tuple[object, ...]:
        low = fd.validation.minimum if fd.validation.minimum is not None else 1
        return (max(low, 1), low)
