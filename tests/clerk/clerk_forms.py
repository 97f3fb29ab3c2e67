"""An invented form, catalogue and household for clerk station tests (no real personal data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import sample_forms

from kiosk.catalogue.model import Form, FormValues

CLERK_FIELDS = frozenset({
    "notice.date", "move.kind", "move.date", "address.new_postal", "address.new", "filer.name", "filer.phone",
    "filer.signature", "person.name", "person.name_kana", "person.birth_date", "person.sex", "person.my_number",
})


def juminido() -> Form:
    """The KS1 tests' 住民異動届 (tests/ks1/sample_forms.py) narrowed to the fields a clerk test fills."""
    form = sample_forms.juminido()
    assert form.persons is not None
    return replace(
        form, fields=tuple(f for f in form.fields if f.field.id in CLERK_FIELDS),
        persons=replace(form.persons, fields=tuple(f for f in form.persons.fields if f.field.id in CLERK_FIELDS)),
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
