"""Property: for every field of every shipped form, any value the resident could give is either
refused on review with a message key (translated in every shipped language), or prints onto the
sheet and travels through a signed KS1 code and back unchanged (PRIV-11)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sample_forms import NOW

from kiosk import i18n
from kiosk.catalogue import derive
from kiosk.catalogue.loader import load_catalogue
from kiosk.catalogue.model import FormField
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.errors import ValidationError
from kiosk.ks1 import Authentic, encode_sheet, verify
from kiosk.sheets import render_sheet
from kiosk.sheets.specimen import specimen_values

CATALOGUE = load_catalogue()
FIELDS = sorted(
    ((form_id, ff.id, ff in form.fields) for form_id, form in CATALOGUE.forms.items() for ff in form.all_fields()
     if not ff.handwrite and not ff.field.kind.is_my_number),
)
ODD = st.sampled_from(["\x00", "\t", "\n", "\x0b", "\x7f", "\x85", "\u200b", "\u202e", "\u2028", "\ufeff", "\ue000",
                       "\U0002000b", "ｶﾞ", "が", "ー", "－", "〒", "\u0301", " ", "　", "0", "９", "-", "x"])
TYPED = st.one_of(
    st.text(max_size=40),
    st.lists(ODD | st.text(max_size=3), max_size=12).map("".join),
    st.text(alphabet="0123456789-０１２３４５６７８９－ ", max_size=14),
    st.text(alphabet="アイウエオカガキギクグケゲコゴサザシジスズミドリワハナヤマーヴ　 ", min_size=1, max_size=70),
    st.integers(min_value=0, max_value=10**13).map(str),
    st.just("x" * 201),
)
VALUES = st.one_of(
    st.dates(min_value=dt.date.min, max_value=dt.date.max),
    st.sampled_from([dt.date.min, dt.date.max, dt.date(1873, 1, 1), dt.date(1872, 12, 31), dt.date(2019, 4, 30),
                     dt.date(2019, 5, 1), dt.date(1989, 1, 7), dt.date(1989, 1, 8)]),
    st.integers(min_value=-(10**10), max_value=10**10),
    st.sampled_from([0, 1, -1, 10**9, 10**9 + 1]),
    st.booleans(),
    st.none(),
)


def _field(form_id: str, field_id: str) -> FormField:
    return next(f for f in CATALOGUE.forms[form_id].all_fields() if f.id == field_id)


def _resident_value(ff: FormField, typed: str | None, raw: object) -> object:
    """What the review screen would hold: the parsed keypad text, a choice, or a value as given."""
    fd = ff.field
    if typed is None:
        return raw
    if fd.kind.keypad == "choice":
        return typed if typed in {o.code for o in fd.options} else raw
    return fd.kind.parse(fd, typed)


@pytest.mark.timeout(900)
@settings(max_examples=160, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(where=st.sampled_from(FIELDS), typed=st.none() | TYPED, raw=VALUES)
def test_a_value_review_accepts_always_prints_and_round_trips(signer, trust, where, typed, raw) -> None:
    form_id, field_id, household = where
    form, ff = CATALOGUE.forms[form_id], _field(form_id, field_id)
    try:
        value = _resident_value(ff, typed, raw)
    except ValidationError as exc:  # no value of this type (e.g. 2月30日), or hides an invisible character
        assert exc.key in ("resident.bad_date", "catalogue.control_character")
        return
    key = derive.check_value(ff, value)
    event(f"refused: {key}" if key else "accepted")
    if key is not None:
        assert key in derive.MESSAGE_KEYS
        assert all(i18n.text(key, lang) != key for lang in SHIPPED_LANGUAGES)
        return
    values = specimen_values(form, persons=1)
    target = values.household if household else values.persons[0]
    if value is None or value is False:
        target.pop(field_id, None)
        if ff.is_required and not ff.when:
            return  # the review screen refuses an empty required field (checked elsewhere)
    else:
        target[field_id] = value
    sheet = encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-01", now=NOW,
                         validity=dt.timedelta(days=30))
    verdict = verify(list(sheet.qr_strings), trust=trust, now=NOW, catalogue=CATALOGUE)
    assert isinstance(verdict, Authentic), verdict
    decoded = verdict.household if household else verdict.persons[0]
    expected = ff.field.kind.validate(ff.field, value)
    assert decoded.get(field_id) == expected
    render_sheet(form, sheet, municipality="みどり町")
