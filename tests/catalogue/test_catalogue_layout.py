"""Every form prints on A4 with boxes that neither overlap nor leave the page, has rows for six
persons, and keeps its QR keys unique and never reused (PRIV-11 for the 個人番号)."""

from __future__ import annotations

import itertools

import pytest

from kiosk.catalogue.model import PrintBox

FORMS = ["juminido", "kokuho", "nenkin", "jidoteate", "kodomo_iryo", "inkan", "juminhyo", "mynumber_card", "gakko", "kaigo"]


def boxes(form):
    out = [(f.id, f.box) for f in form.fields]
    for row in range(form.persons.max_rows):
        for f in form.persons.fields:
            b = f.box
            out.append((f"{f.id}#{row}", PrintBox(b.x, b.y + row * form.persons.row_pitch, b.width, b.height)))
    return out


@pytest.mark.parametrize("form_id", FORMS)
def test_layout_fits_a4_without_overlap(catalogue, form_id):
    form = catalogue.forms[form_id]
    assert form.persons is not None and form.persons.max_rows == 6
    placed = boxes(form)
    assert all(b is not None for _, b in placed), "every field has a print box"
    for name, b in placed:
        assert 5 <= b.x and b.x + b.width <= 205 and 30 <= b.y and b.y + b.height <= 250, name
    for (na, a), (nb, b) in itertools.combinations(placed, 2):
        apart = a.x + a.width <= b.x or b.x + b.width <= a.x or a.y + a.height <= b.y or b.y + b.height <= a.y
        assert apart, f"{na} overlaps {nb}"


@pytest.mark.parametrize("form_id", FORMS)
def test_qr_keys(catalogue, form_id):
    form = catalogue.forms[form_id]
    keys = [f.qr_key for f in form.all_fields()]
    assert len(keys) == len(set(keys))
    assert all(1 <= k <= 255 for k in keys), "small integers"
    assert not set(keys) & set(form.retired_qr_keys)
    assert form.field_by_qr_key(keys[0]).id == form.all_fields()[0].id


def test_handwritten_fields(catalogue):
    assert [f.id for f in catalogue.forms["juminido"].all_fields() if f.handwrite] == ["filer.signature"]
    assert [f.id for f in catalogue.forms["inkan"].all_fields() if f.handwrite] == ["person.seal_impression"]
    seal = next(f for f in catalogue.forms["inkan"].persons.fields if f.handwrite)
    assert seal.box.width >= 25 and seal.box.height >= 25, "room for a seal of up to 25 mm"


def test_every_field_has_privacy_legal_basis_and_labels(catalogue):
    for fd in catalogue.fields.values():
        assert fd.privacy in ("basic", "contact", "sensitive", "my_number")
        assert fd.legal_basis
        assert set(fd.label) == set(catalogue.languages)
    bound = {fd.card for fd in catalogue.fields.values() if fd.card}
    assert {"card.name", "card.address", "card.birth_date", "card.sex"} <= bound
