"""One home for each field type: what the resident types, the one validator (review = print = QR),
the text shown and printed, the KS1 form and back, and the keypad — per type of the dictionary."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from catalogue_helpers import replace_text

from kiosk import i18n, paths
from kiosk.catalogue import derive, types
from kiosk.catalogue.loader import check_catalogue
from kiosk.catalogue.model import (
    FIELD_TYPES,
    FieldDef,
    FormField,
    Option,
    Validation,
    format_value,
)
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.errors import CatalogueError, ValidationError
from kiosk.ks1 import values as ks1_values


def _field(type_: str, *, fid: str = "x.item", options: tuple[Option, ...] = (), era: bool = True,
           **validation: object) -> FieldDef:
    return FieldDef(id=fid, type=type_, label={"ja": "項目"}, validation=Validation(**validation),  # type: ignore[arg-type]
                    options=options, era=era)


SEX = (Option("male", {"ja": "男", "en": "Male", "ja-easy": "{男|おとこ}"}), Option("female", {"ja": "女", "en": "Female"}))


def _round_trip(fd: FieldDef, value: object) -> object:
    kind = fd.kind
    checked = kind.validate(fd, value)
    return kind.from_qr(fd, kind.to_qr(fd, checked))


def test_every_dictionary_type_has_one_class_and_the_schema_lists_the_same_names():
    schema = json.loads((paths.FORMS_DIR / "schema" / "fields.schema.json").read_text(encoding="utf-8"))
    assert tuple(_find_type_enum(schema)) == FIELD_TYPES == tuple(types.REGISTRY)
    for name, kind in types.REGISTRY.items():
        assert kind.name == name and kind.keypad in types.KEYPADS and kind.sheet_mark in types.SHEET_MARKS
    with pytest.raises(CatalogueError):
        types.field_type("colour")


def _find_type_enum(node: object) -> list[str]:
    if isinstance(node, dict):
        if "type" in node and isinstance(node["type"], dict) and "enum" in node["type"]:
            return list(node["type"]["enum"])
        for value in node.values():
            found = _find_type_enum(value)
            if found:
                return found
    if isinstance(node, list):
        for value in node:
            found = _find_type_enum(value)
            if found:
                return found
    return []


def test_the_loader_refuses_an_unknown_type_with_a_located_message(forms_copy):
    replace_text(forms_copy / "fields.yaml", "  type: text\n", "  type: textt\n")
    problems = check_catalogue(forms_copy)
    assert any(re.match(r"^forms/fields\.yaml:\d+ fields\[\d+\]\.type: .*textt", p) for p in problems), problems


@pytest.mark.parametrize(("type_", "keypad"), [
    ("text", "text"), ("address", "text"), ("kana", "kana"), ("date", "date"), ("enum", "choice"), ("bool", "choice"),
    ("integer", "digits"), ("postal_code", "postal_code"), ("phone", "phone"), ("my_number", "digits"),
])
def test_each_type_names_its_keypad(type_, keypad):
    assert _field(type_, options=SEX).kind.keypad == keypad


def test_text_parse_validate_print_and_qr():
    fd = _field("text", max_length=5)
    kind = fd.kind
    assert kind.parse(fd, "  ｶﾞ　 ") == "ｶﾞ"  # NFC and trimmed; the width of names is kept (ML-08)
    assert kind.check(fd, "緑川") is None and _round_trip(fd, "緑川") == "緑川"
    assert kind.check(fd, "緑川\n花子") == "catalogue.control_character"
    assert kind.check(fd, "a\u202eb") == "catalogue.control_character"  # a bidirectional override prints as something else
    assert kind.check(fd, "abcdef") == "catalogue.too_long"
    assert kind.check(fd, 12) == "catalogue.pattern"
    assert kind.print_text(fd, "緑川") == "緑川"
    assert kind.check(_field("text"), "x" * 201) == "catalogue.too_long"  # no unbounded text on a sheet
    assert kind.check(fd, "\ue000") is None  # a 外字 from the card stays; the sheet prints 〓 and a note


def test_kana_is_made_katakana_and_checked_against_the_pattern():
    fd = _field("kana", pattern="[ァ-ヶー　 ]+")
    assert fd.kind.parse(fd, "みどりかわ ﾊﾅｺ") == "ミドリカワ ハナコ"
    assert fd.kind.check(fd, "緑川") == "catalogue.kana"
    assert fd.kind.check(fd, "ミドリカワ") is None


def test_postal_code_typed_in_full_width_is_seven_digits_and_printed_with_the_mark():
    fd = _field("postal_code")
    value = fd.kind.parse(fd, "１００－０００１")
    assert value == "1000001" and fd.kind.check(fd, value) is None
    assert fd.kind.check(fd, "100-0001") == "catalogue.postal_code"
    assert fd.kind.check(fd, "١٠٠٠٠٠١") == "catalogue.postal_code"  # only ASCII digits
    assert fd.kind.display(fd, value) == "100-0001" and fd.kind.print_text(fd, value) == "〒100-0001"
    assert _round_trip(fd, value) == "1000001"
    assert fd.kind.looks_up_town and _field("address").kind.fills_town


def test_phone_is_half_width_and_refused_by_its_pattern_with_its_own_key():
    fd = _field("phone", pattern="0[0-9-]{9,12}")
    assert fd.kind.parse(fd, "０３－１２３４－５６７８") == "03-1234-5678"
    assert fd.kind.check(fd, "call me") == "catalogue.phone"


def test_date_parse_display_in_wareki_and_qr_as_yyyymmdd():
    fd = _field("date")
    kind = fd.kind
    day = kind.parse(fd, "20190501")
    assert day == dt.date(2019, 5, 1)
    with pytest.raises(ValidationError) as info:
        kind.parse(fd, "20190230")
    assert info.value.key == "resident.bad_date"
    assert kind.edit_text(fd, dt.date(1, 2, 3)) == "00010203"
    assert kind.display(fd, day, "ja") == "令和元年5月1日" and kind.display(fd, day, "en") == "2019-05-01"
    assert _field("date", era=False).kind.display(fd := _field("date", era=False), day, "ja") == "2019-05-01"
    assert kind.to_qr(fd, day) == 20190501 and kind.from_qr(fd, 20190501) == day
    for edge in (dt.date.min, dt.date.max, dt.date(1873, 1, 1), dt.date(1872, 12, 31)):
        assert _round_trip(fd, edge) == edge and kind.print_text(fd, edge)
    assert kind.check(fd, "2026-04-01") == "catalogue.not_a_date"  # review holds dates, not text
    assert kind.coerce(fd, "2026-04-01") == dt.date(2026, 4, 1)  # a values file may write ISO dates
    with pytest.raises(ValidationError) as info:
        kind.from_qr(fd, "20260401")
    assert info.value.params["reason"] == "not_a_date"


def test_enum_labels_choices_and_codes():
    fd = _field("enum", options=SEX)
    kind = fd.kind
    assert kind.choices(fd, "en") == (("male", "Male"), ("female", "Female"))
    assert kind.display(fd, "male", "en") == "Male" and kind.display(fd, "male", "ja-easy") == "男"
    assert format_value(fd, "female", "ja") == "女"
    assert kind.check(fd, "other") == "catalogue.not_an_option"
    assert _round_trip(fd, "male") == "male" and kind.to_qr(fd, "male") == "male"
    assert kind.sheet_mark == "options" and kind.needs_options


def test_bool_is_a_tick_or_nothing():
    fd = _field("bool")
    kind = fd.kind
    assert [label for _, label in kind.choices(fd, "en")] == [i18n.text("resident.yes", "en"), i18n.text("resident.no", "en")]
    assert kind.display(fd, True) == "✓" and kind.display(fd, False) == ""
    assert kind.check(fd, "yes") == "catalogue.not_yes_no"
    assert kind.validate(fd, False) is None and _round_trip(fd, True) is True
    with pytest.raises(ValidationError):
        kind.from_qr(fd, 1)


def test_integer_parse_range_and_hard_limit():
    fd = _field("integer", minimum=1, maximum=10)
    kind = fd.kind
    assert kind.parse(fd, "３") == 3 and kind.parse(fd, "two") == "two"
    assert kind.check(fd, 0) == "catalogue.out_of_range" and kind.check(fd, "two") == "catalogue.not_an_integer"
    assert kind.check(fd, True) == "catalogue.not_an_integer"
    assert kind.check(_field("integer"), 10**12) == "catalogue.out_of_range"
    assert _round_trip(fd, 7) == 7 and kind.display(fd, 7) == "7"


def test_my_number_is_checked_on_review_but_never_printed_nor_encoded():
    fd = _field("my_number")
    kind = fd.kind
    assert kind.is_my_number and kind.sheet_mark == "my_number"
    assert kind.parse(fd, "1234 5678 9018") == "123456789018"  # fake number, valid check digit only
    assert kind.check(fd, "123456789018") is None and kind.check(fd, "123456789012") == "catalogue.my_number"
    with pytest.raises(ValidationError):
        kind.to_qr(fd, "123456789018")
    assert kind.default_problem(fd, "123456789018") == "a 個人番号 field cannot have a default"


def test_every_refusal_key_has_a_text_in_every_shipped_language():
    for key in (*derive.MESSAGE_KEYS, "resident.bad_date"):
        for lang in SHIPPED_LANGUAGES:
            text = i18n.text(key, lang)
            assert text and text != key, (key, lang)


def test_req_regression_control_character_in_katagaki_is_refused_on_review_in_the_residents_language(catalogue):
    """A control character in 方書 used to pass review and fail only at print (print.invalid_value),
    leaving the resident a retry that could never succeed. Now review refuses it, in their language."""
    form = catalogue.forms["juminido"]
    ff = next(f for f in form.all_fields() if f.id == "address.new_katagaki")
    from kiosk.sheets.specimen import specimen_values

    values = specimen_values(form, persons=1)
    values.household["address.new_katagaki"] = "みどりハイツ\x0b205号室"
    problems = derive.validate(form, values)
    assert ("address.new_katagaki", None, "catalogue.control_character") in problems
    texts = {lang: i18n.plain(i18n.text("catalogue.control_character", lang)) for lang in SHIPPED_LANGUAGES}
    assert len(set(texts.values())) == len(SHIPPED_LANGUAGES)  # each language its own text
    assert "character" in texts["en"] and "文字" in texts["ja"]
    with pytest.raises(ValidationError) as info:  # the sheet refuses it for the same reason
        ks1_values.check_values(form, values)
    assert info.value.params["reason"] == "control_character"
    typed = ff.field.kind.parse(ff.field, "みどりハイツ205号室")
    assert derive.check_value(ff, typed) is None


def test_admin_preview_and_specimen_samples_come_from_the_type(catalogue):
    from kiosk.admin.preview import sample_values
    from kiosk.sheets.specimen import specimen_values

    form = catalogue.forms["juminido"]
    preview = sample_values(form, {}, rows=2, today=dt.date(2026, 4, 1))
    specimen = specimen_values(form, persons=2)
    for values in (preview, specimen):
        assert values.household and all(values.persons)
        ks1_values.check_values(form, values)  # what they fill can be printed
    postal = next(f for f in form.all_fields() if f.field.kind.looks_up_town)
    assert specimen.household[postal.id] == "9999999"
    my_number = [f.id for f in form.all_fields() if f.field.kind.is_my_number]
    assert not any(fid in preview.household for fid in my_number)


def test_field_def_kind_comes_from_the_registry():
    ff = FormField(_field("postal_code"), qr_key=1)
    assert ff.field.kind is types.REGISTRY["postal_code"]
