"""Fields the law wants handwritten (the filer's signature, a seal impression) never enter the QR:
the encoder refuses them and the verifier rejects a code that carries one, even when it is signed
by a registered kiosk. What the clerk receives is exactly what the paper shows (PRIV-11)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import sample_forms
from sample_forms import NOW

from kiosk import i18n
from kiosk.catalogue.loader import load_catalogue
from kiosk.errors import ValidationError
from kiosk.ks1 import Authentic, Malformed, dec, encode_sheet, verify
from kiosk.ks1.encode import seal, sheet_claims
from kiosk.ks1.values import check_values

DAYS30 = dt.timedelta(days=30)
CATALOGUE = SimpleNamespace(forms={"juminido": sample_forms.juminido()})


def _encode(signer, values, form=None):
    return encode_sheet(form or sample_forms.juminido(), values, signer=signer, iss=999991, kiosk_id="kiosk-01",
                        now=NOW, validity=DAYS30)


def test_priv11_encoder_refuses_a_value_for_the_signature(signer) -> None:
    values = sample_forms.juminido_values(2)
    values.household["filer.signature"] = "緑川 一郎"
    with pytest.raises(ValidationError) as info:
        _encode(signer, values)
    assert info.value.key == "print.handwritten_field"
    assert info.value.params["field_id"] == "filer.signature"


def test_priv11_encoder_refuses_a_seal_impression_in_a_person_row(signer) -> None:
    catalogue = load_catalogue()
    form = catalogue.forms["inkan"]
    from kiosk.sheets.specimen import specimen_values

    values = specimen_values(form, persons=2)
    values.persons[1]["person.seal_impression"] = "緑川"
    with pytest.raises(ValidationError) as info:
        _encode(signer, values, form)
    assert info.value.key == "print.handwritten_field" and info.value.params["row"] == 1


def test_priv11_empty_handwritten_field_is_fine_and_not_carried(signer, trust) -> None:
    values = sample_forms.juminido_values(2)
    values.household["filer.signature"] = ""
    sheet = _encode(signer, values)
    verdict = verify(sheet.qr_strings, trust=trust, now=NOW, catalogue=CATALOGUE)
    assert isinstance(verdict, Authentic) and "filer.signature" not in verdict.household


def test_priv11_verifier_rejects_a_signed_code_carrying_a_handwritten_field(signer, trust) -> None:
    """A kiosk with the old behaviour (or a forger with a kiosk key) put the signature in the code."""
    form = sample_forms.juminido()
    values = sample_forms.juminido_values(2)
    values.household["filer.signature"] = "緑川 一郎"
    checked = check_values(form, values)  # the value checks alone do not stop it
    claims = sheet_claims(form, checked, iss=999991, kiosk_id="kiosk-01", iat=int(NOW.timestamp()),
                          exp=int((NOW + DAYS30).timestamp()), cti=bytes(range(16)))
    strings = dec.qr_strings(seal(claims, signer), 1)
    verdict = verify(strings, trust=trust, now=NOW, catalogue=CATALOGUE)
    assert isinstance(verdict, Malformed) and verdict.reason == "handwritten_field"
    assert i18n.text(verdict.message_key, "ja")  # the clerk sees the 改ざんまたは読取不良 verdict


def test_handwritten_message_exists_in_every_shipped_language() -> None:
    languages = i18n.languages()
    assert len(languages) == 10
    for lang in languages:
        assert "print.handwritten_field" in i18n.catalog(lang), lang
        assert "署名" in i18n.text("print.handwritten_field", lang, field="署名")
