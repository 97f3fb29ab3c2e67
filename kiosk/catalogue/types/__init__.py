"""One home for each field type of the catalogue.

Every type of the field dictionary (``forms/fields.yaml`` ``type:``) is one class here that owns
parsing what the resident typed, normalisation, the one validator (with its message key), display
text, the printed form, the KS1 encoding and decoding and the keypad that edits it. Everything else
asks the field's type object (:attr:`kiosk.catalogue.model.FieldDef.kind`) instead of switching on
the type name.
"""

from __future__ import annotations

from kiosk.catalogue.types.bank import AccountKanaType, AccountNumberType, BankType, BranchType
from kiosk.catalogue.types.base import (
    DEFAULT_TEXT_CAP,
    INTEGER_LIMIT,
    KEYPADS,
    SHEET_MARKS,
    Choice,
    FieldType,
    QrValue,
    SampleHints,
    digits,
    my_number_valid,
    to_katakana,
)
from kiosk.catalogue.types.names import NameType
from kiosk.catalogue.types.scalar import BoolType, DateType, EnumType, IntegerType, date_from_int, date_to_int
from kiosk.catalogue.types.textual import (
    AddressType,
    KanaType,
    MyNumberType,
    PhoneType,
    PostalCodeType,
    TextType,
)
from kiosk.errors import CatalogueError

__all__ = [
    "DEFAULT_TEXT_CAP", "INTEGER_LIMIT", "KEYPADS", "MESSAGE_KEYS", "REGISTRY", "SHEET_MARKS", "Choice", "FieldType",
    "QrValue", "SampleHints", "date_from_int", "date_to_int", "digits", "field_type", "my_number_valid",
    "to_katakana",
]

REGISTRY: dict[str, FieldType] = {
    kind.name: kind
    for kind in (
        TextType(), NameType(), KanaType(), DateType(), EnumType(), BoolType(), IntegerType(), PostalCodeType(), PhoneType(),
        AddressType(), MyNumberType(), BankType(), BranchType(), AccountNumberType(), AccountKanaType(),
    )
}

# Message keys a field value can be refused with (each has a text in every shipped language).
MESSAGE_KEYS = (
    "catalogue.too_long", "catalogue.pattern", "catalogue.not_a_date", "catalogue.not_an_integer",
    "catalogue.out_of_range", "catalogue.not_an_option", "catalogue.not_yes_no", "catalogue.postal_code",
    "catalogue.phone", "catalogue.kana", "catalogue.my_number", "catalogue.control_character",
    "catalogue.bank", "catalogue.bank_branch", "catalogue.account_number", "catalogue.account_kana",
    "catalogue.yucho_kigo", "catalogue.yucho_bango", "catalogue.yucho_branch",
)


def field_type(name: str) -> FieldType:
    """The type object of a type name; CatalogueError for a name the catalogue does not know."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise CatalogueError(f"unknown field type {name!r} (known: {', '.join(REGISTRY)})") from None
