"""An invented form, catalogue and household for clerk station tests (no real personal data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kiosk.catalogue.model import FieldDef, Form, FormField, FormValues, Option, PersonGroup, Validation


def _f(id_, type_, ja, key, *, max_length=None, options=(), required=False, handwrite=False):
    fd = FieldDef(id=id_, type=type_, label={"ja": ja, "en": id_},
                  validation=Validation(required=required, max_length=max_length),
                  options=tuple(Option(code, {"ja": label}) for code, label in options))
    return FormField(field=fd, qr_key=key, handwrite=handwrite)


def juminido() -> Form:
    return Form(
        id="juminido", version=3, title={"ja": "住民異動届", "en": "Notification of change of address"},
        legal_basis="住民基本台帳法第22条", counter="shiminka",
        fields=(
            _f("notice.date", "date", "届出年月日", 1, required=True),
            _f("move.kind", "enum", "異動の種別", 2, options=(("tennyu", "転入"), ("tenkyo", "転居")), required=True),
            _f("move.date", "date", "異動年月日", 3, required=True),
            _f("address.new_postal", "postal_code", "新住所 郵便番号", 4),
            _f("address.new", "address", "新住所", 5, max_length=80, required=True),
            _f("filer.name", "text", "届出人 氏名", 9, max_length=40),
            _f("filer.phone", "phone", "届出人 電話番号", 10, max_length=20),
            _f("filer.signature", "text", "届出人 署名", 11, handwrite=True),
        ),
        persons=PersonGroup(label={"ja": "異動する人"}, max_rows=6, fields=(
            _f("person.name", "text", "氏名", 20, max_length=40, required=True),
            _f("person.name_kana", "kana", "ふりがな", 21, max_length=60),
            _f("person.birth_date", "date", "生年月日", 22),
            _f("person.sex", "enum", "性別", 23, options=(("1", "男"), ("2", "女"))),
            _f("person.my_number", "my_number", "個人番号", 25),
        )),
    )


@dataclass
class SmallCatalogue:
    forms: dict[str, Form] = field(default_factory=lambda: {"juminido": juminido()})


PEOPLE = (
    ("緑川 一郎", "みどりかわ いちろう", dt.date(1984, 5, 12), "1"),
    ("緑川 花子", "みどりかわ はなこ", dt.date(1986, 11, 3), "2"),
    ("緑川 健太", "みどりかわ けんた", dt.date(2014, 4, 20), "1"),
    ("緑川 さくら", "みどりかわ さくら", dt.date(2017, 8, 8), "2"),
    ("緑川 大輔", "みどりかわ だいすけ", dt.date(1956, 2, 29), "1"),
    ("緑川 和子", "みどりかわ かずこ", dt.date(1958, 7, 1), "2"),
)


def household(people: int = 2, *, name: str | None = None) -> FormValues:
    persons = [{"person.name": n, "person.name_kana": k, "person.birth_date": b, "person.sex": s}
               for n, k, b, s in PEOPLE[:people]]
    if name is not None:
        persons[0]["person.name"] = name
    return FormValues(
        form_id="juminido",
        household={
            "notice.date": dt.date(2026, 4, 1), "move.kind": "tennyu", "move.date": dt.date(2026, 3, 28),
            "address.new_postal": "9999999", "address.new": "みどり町中央三丁目12番地の4 みどりハイツ205号室",
            "filer.name": persons[0]["person.name"], "filer.phone": "099-999-0000",
        },
        persons=persons,
    )
