"""Invented forms and personas for KS1 and printing tests (no real personal data)."""

from __future__ import annotations

import datetime as dt

from kiosk.catalogue.model import (
    FieldDef,
    Form,
    FormField,
    FormValues,
    Option,
    PersonGroup,
    Validation,
)


def _f(id_, type_, ja, key, *, max_length=None, options=(), required=False, handwrite=False, era=True, box=None,
       when=None):
    fd = FieldDef(
        id=id_, type=type_, label={"ja": ja, "en": id_},
        validation=Validation(required=required, max_length=max_length),
        options=tuple(Option(code, {"ja": label}) for code, label in options), era=era,
    )
    return FormField(field=fd, qr_key=key, handwrite=handwrite, box=box, when=when)


NOW = dt.datetime(2026, 4, 1, 1, 2, 3, tzinfo=dt.UTC)  # the fixed "now" of the tests and vectors

RELATIONSHIPS = (("head", "世帯主"), ("wife", "妻"), ("husband", "夫"), ("child", "子"), ("father", "父"),
                 ("mother", "母"), ("other", "同居人"))


def juminido() -> Form:
    return Form(
        id="juminido", version=3, title={"ja": "住民異動届", "en": "Notification of change of address"},
        legal_basis="住民基本台帳法第22条・第23条", counter="shiminka",
        fields=(
            _f("notice.date", "date", "届出年月日", 1, required=True),
            _f("move.kind", "enum", "異動の種別", 2, options=(("tennyu", "転入"), ("tenkyo", "転居")), required=True),
            _f("move.date", "date", "異動年月日", 3, required=True),
            _f("address.new_postal", "postal_code", "新住所 郵便番号", 4),
            _f("address.new", "address", "新住所", 5, max_length=80, required=True),
            _f("address.previous", "address", "従前の住所", 6, max_length=80),
            _f("household.head", "text", "世帯主氏名", 7, max_length=40),
            _f("household.kind", "enum", "世帯", 8, options=(("new", "新しい世帯"), ("join", "既存の世帯に入る"))),
            _f("filer.name", "text", "届出人 氏名", 9, max_length=40),
            _f("filer.phone", "phone", "届出人 電話番号", 10, max_length=20),
            _f("filer.signature", "text", "届出人 署名", 11, handwrite=True),
        ),
        persons=PersonGroup(
            label={"ja": "異動する人"}, max_rows=6,
            fields=(
                _f("person.name", "text", "氏名", 20, max_length=40, required=True),
                _f("person.name_kana", "kana", "ふりがな", 21, max_length=60),
                _f("person.birth_date", "date", "生年月日", 22),
                _f("person.sex", "enum", "性別", 23, options=(("1", "男"), ("2", "女"))),
                _f("person.relationship", "enum", "続柄", 24, options=RELATIONSHIPS),
                _f("person.my_number", "my_number", "個人番号", 25),
                _f("person.nationality", "text", "国籍・地域", 26, max_length=30, when="person.foreign"),
            ),
        ),
    )


def kokuho() -> Form:
    return Form(
        id="kokuho", version=1, title={"ja": "国民健康保険 資格取得届"}, legal_basis="国民健康保険法第9条",
        my_number_basis="番号法第9条別表", counter="kokuho",
        fields=(
            _f("notice.date", "date", "届出年月日", 1, required=True),
            _f("kokuho.reason", "enum", "異動事由", 2, options=(("tennyu", "転入"), ("shaho", "社会保険離脱"))),
            _f("kokuho.head_insured", "bool", "世帯主も加入", 3),
        ),
        persons=PersonGroup(fields=(
            _f("person.name", "text", "氏名", 20, max_length=40, required=True),
            _f("person.birth_date", "date", "生年月日", 22),
            _f("person.my_number", "my_number", "個人番号", 25),
        )),
    )


PERSONS = (
    ("緑川 一郎", "みどりかわ いちろう", dt.date(1984, 5, 12), "1", "head"),
    ("緑川 花子", "みどりかわ はなこ", dt.date(1986, 11, 3), "2", "wife"),
    ("緑川 健太", "みどりかわ けんた", dt.date(2014, 4, 20), "1", "child"),
    ("緑川 さくら", "みどりかわ さくら", dt.date(2017, 8, 8), "2", "child"),
    ("緑川 大輔", "みどりかわ だいすけ", dt.date(1956, 2, 29), "1", "father"),
    ("緑川 和子", "みどりかわ かずこ", dt.date(1958, 7, 1), "2", "mother"),
)


def juminido_values(people: int = 4) -> FormValues:
    return FormValues(
        form_id="juminido",
        household={
            "notice.date": dt.date(2026, 4, 1),
            "move.kind": "tennyu",
            "move.date": dt.date(2026, 3, 28),
            "address.new_postal": "9999999",
            "address.new": "みどり町中央三丁目12番地の4 みどりハイツ205号室",
            "address.previous": "架空県あおば市本町一丁目2番3号 あおばマンション1101号室",
            "household.head": "緑川 一郎",
            "household.kind": "new",
            "filer.name": "緑川 一郎",
            "filer.phone": "099-999-0000",
        },
        persons=[
            {"person.name": n, "person.name_kana": k, "person.birth_date": b, "person.sex": s, "person.relationship": r}
            for n, k, b, s, r in PERSONS[:people]
        ],
    )


def kokuho_values() -> FormValues:
    return FormValues(
        form_id="kokuho",
        household={"notice.date": dt.date(2026, 4, 1), "kokuho.reason": "tennyu", "kokuho.head_insured": True},
        persons=[{"person.name": n, "person.birth_date": b} for n, _k, b, _s, _r in PERSONS[:3]],
    )
