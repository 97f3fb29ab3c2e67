"""Phone numbers and postal codes are read, not typed, by the people who check them: the field
types show them grouped as Japanese forms write them (090-9999-0000, 〒100-0001), the phone's
groups from the numbering plan's kept data (the ``phonenumbers`` package), while the stored value,
what a keypad starts with and the KS1 code keep the digits as typed (clerk-qr-format.md: the
clerk's system receives the data unchanged). A number the plan cannot group is shown as typed."""

from __future__ import annotations

import pytest

from kiosk.catalogue.model import FieldDef, Validation
from kiosk.catalogue.types.textual import grouped_phone, postal_text


def _field(type_: str, **validation: object) -> FieldDef:
    return FieldDef(id="x.item", type=type_, label={"ja": "項目"}, validation=Validation(**validation))  # type: ignore[arg-type]


PHONE = _field("phone", pattern="0[0-9-]{9,12}")  # as forms/fields.yaml defines filer.phone
POSTAL = _field("postal_code", pattern="[0-9]{7}")


@pytest.mark.parametrize(("typed", "shown"), [
    ("09099990000", "090-9999-0000"),  # mobile
    ("08012345678", "080-1234-5678"),
    ("05012345678", "050-1234-5678"),  # IP phone
    ("0120123456", "0120-123-456"),  # free dial
    ("08001234567", "0800-123-4567"),
    ("0312345678", "03-1234-5678"),  # area codes of 2 to 5 digits (市外局番)
    ("0612345678", "06-1234-5678"),
    ("0451234567", "045-123-4567"),
    ("0466123456", "0466-12-3456"),
    ("0126712345", "01267-1-2345"),
])
def test_a_phone_number_is_shown_and_printed_grouped_but_kept_and_encoded_as_typed(typed, shown) -> None:
    kind = PHONE.kind
    value = kind.validate(PHONE, kind.parse(PHONE, typed))
    assert value == typed
    assert kind.display(PHONE, value) == shown and kind.display(PHONE, value, "en") == shown
    assert kind.print_text(PHONE, value) == shown
    assert kind.to_qr(PHONE, value) == typed  # the KS1 payload: the digits, unchanged
    assert kind.from_qr(PHONE, kind.to_qr(PHONE, value)) == typed
    assert kind.edit_text(PHONE, value) == typed  # the keypad starts with what was typed


@pytest.mark.parametrize("typed", [
    "0800123456",  # 0800 has 11 digits: ten are not a number the plan knows
    "0909999000",  # a mobile number one digit short
    "090999900001",  # one digit long
    "010441234567",  # an international call (010 + country code): not a Japanese number
    "0000000000",  # no such number
    "03-1234-567",  # typed with the resident's own hyphens: kept as they are
    "0312-34-5678",
])
def test_a_phone_number_the_plan_cannot_group_is_shown_as_typed_not_mangled(typed) -> None:
    kind = PHONE.kind
    value = kind.validate(PHONE, kind.parse(PHONE, typed))
    assert value == typed
    assert kind.display(PHONE, value) == typed and kind.print_text(PHONE, value) == typed
    assert kind.to_qr(PHONE, value) == typed


def test_grouping_never_adds_or_drops_a_digit() -> None:
    for number in ("0" + f"{n:09d}" for n in range(0, 10**9, 7_654_321)):
        grouped = grouped_phone(number)
        assert grouped.replace("-", "") == number
        assert grouped == number or grouped.count("-") == 2


def test_a_postal_code_is_shown_beside_its_label_as_123_4567_and_printed_with_the_mark() -> None:
    kind = POSTAL.kind
    value = kind.validate(POSTAL, kind.parse(POSTAL, "100-0001"))  # typed with a hyphen: still 7 digits
    assert value == "1000001"
    assert kind.display(POSTAL, value) == "100-0001" and kind.display(POSTAL, value, "vi") == "100-0001"
    assert kind.print_text(POSTAL, value) == "〒100-0001"
    assert kind.to_qr(POSTAL, value) == "1000001" and kind.edit_text(POSTAL, value) == "1000001"
    assert kind.display(POSTAL, None) == "" and kind.print_text(POSTAL, None) == ""
    assert postal_text("10000") == "10000" and postal_text("〒1000001") == "〒1000001"  # not 7 digits: as it is
