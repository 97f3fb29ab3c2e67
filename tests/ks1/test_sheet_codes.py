"""Signing and verifying sheets: every verdict of the contract, in its order (PRIV-11)."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import replace
from types import SimpleNamespace

import cbor2
import pytest
import sample_forms
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from hypothesis import given, settings
from hypothesis import strategies as st
from sample_forms import NOW

from kiosk.catalogue.model import FieldDef, Form, FormField, FormValues, Validation
from kiosk.errors import QrError, ValidationError
from kiosk.ks1 import (
    AlreadyUsed,
    Authentic,
    Expired,
    Incomplete,
    Malformed,
    MemoryTrustStore,
    Seen,
    Signer,
    Tampered,
    TrustEntry,
    UnknownKey,
    cose,
    dec,
    encode_sheet,
    verify,
)
from kiosk.ks1.symbol import MAX_VERSION

CATALOGUE = SimpleNamespace(forms={"juminido": sample_forms.juminido(), "kokuho": sample_forms.kokuho()})
DAYS30 = dt.timedelta(days=30)


def _encode(signer, people=4, form=None, values=None, **kw):
    form = form or sample_forms.juminido()
    values = values or sample_forms.juminido_values(people)
    return encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-01", now=kw.pop("now", NOW),
                        validity=DAYS30, **kw)


def test_priv11_authentic_sheet_round_trips_every_value(signer, trust) -> None:
    sheet = _encode(signer)
    verdict = verify(sheet.qr_strings, trust=trust, now=NOW + dt.timedelta(hours=2), catalogue=CATALOGUE)
    assert isinstance(verdict, Authentic)
    assert verdict.sheet_id == sheet.sheet_id and len(bytes.fromhex(sheet.sheet_id)) == 16
    assert verdict.kiosk_id == "kiosk-01" and verdict.issued_at == NOW and verdict.issuer == 999991
    assert verdict.household == sheet.values.household
    assert verdict.persons == sheet.values.persons
    assert verdict.household["move.date"] == dt.date(2026, 3, 28)
    assert verdict.message_key == "qr.verdict_authentic"


def test_without_catalogue_values_stay_keyed_by_qr_key(signer, trust) -> None:
    verdict = verify(_encode(signer).qr_strings, trust=trust, now=NOW)
    assert isinstance(verdict, Authentic)
    assert verdict.household[3] == 20260328  # dates as YYYYMMDD integers


def test_es256_sheet_verifies(signer) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    es = Signer(key)
    store = MemoryTrustStore([TrustEntry(es.kid, "ES256", key.public_key(), "kiosk-01", NOW - DAYS30)])
    verdict = verify(_encode(es).qr_strings, trust=store, now=NOW, catalogue=CATALOGUE)
    assert isinstance(verdict, Authentic)


def test_priv11_my_number_never_in_the_code_only_a_flag(signer, trust) -> None:
    values = sample_forms.kokuho_values()
    values.persons[0]["person.my_number"] = "123456789018"
    sheet = _encode(signer, form=sample_forms.kokuho(), values=values)
    blob = b"".join(dec.parse_frame(t).data for t in sheet.qr_strings)
    payload = cbor2.loads(cbor2.loads(zlib.decompress(blob)).value[2])
    assert b"123456789018" not in cbor2.dumps(payload)
    assert "123456789018" not in repr(payload)
    assert payload[-65537][6] is True
    verdict = verify(sheet.qr_strings, trust=trust, now=NOW, catalogue=CATALOGUE)
    assert isinstance(verdict, Authentic) and verdict.confirm_my_number


def test_form_without_legal_basis_carries_no_my_number_flag(signer, trust) -> None:
    verdict = verify(_encode(signer).qr_strings, trust=trust, now=NOW)
    assert isinstance(verdict, Authentic) and not verdict.confirm_my_number


def test_expired_after_validity_plus_skew(signer, trust) -> None:
    sheet = _encode(signer)
    assert isinstance(verify(sheet.qr_strings, trust=trust, now=NOW + DAYS30 + dt.timedelta(seconds=200)), Authentic)
    verdict = verify(sheet.qr_strings, trust=trust, now=NOW + DAYS30 + dt.timedelta(hours=1))
    assert isinstance(verdict, Expired) and verdict.expires_at == NOW + DAYS30


def test_priv11_second_scan_is_already_used_with_when_and_where(signer, trust) -> None:
    sheet = _encode(signer)
    received: dict[bytes, Seen] = {}

    def seen(cti: bytes):
        return received.get(cti)

    first = verify(sheet.qr_strings, trust=trust, now=NOW, seen=seen)
    assert isinstance(first, Authentic)
    received[bytes.fromhex(first.sheet_id)] = Seen(NOW, "clerk-02")
    second = verify(sheet.qr_strings, trust=trust, now=NOW, seen=seen)
    assert isinstance(second, AlreadyUsed) and second.where == "clerk-02" and second.when == NOW


def test_unknown_and_revoked_keys(signer, trust) -> None:
    sheet = _encode(signer)
    assert isinstance(verify(sheet.qr_strings, trust=MemoryTrustStore(), now=NOW), UnknownKey)
    entry = trust.lookup(signer.kid)
    revoked = MemoryTrustStore([replace(entry, status="revoked")])
    verdict = verify(sheet.qr_strings, trust=revoked, now=NOW)
    assert isinstance(verdict, UnknownKey) and verdict.reason == "revoked"


def test_retired_key_still_verifies_sheets_issued_while_valid(signer, trust) -> None:
    entry = trust.lookup(signer.kid)
    sheet = _encode(signer)
    retired = MemoryTrustStore([replace(entry, status="retired", valid_to=NOW + dt.timedelta(hours=1))])
    assert isinstance(verify(sheet.qr_strings, trust=retired, now=NOW + dt.timedelta(days=2)), Authentic)
    later = _encode(signer, now=NOW + dt.timedelta(hours=3))
    verdict = verify(later.qr_strings, trust=retired, now=NOW + dt.timedelta(days=2))
    assert isinstance(verdict, UnknownKey) and verdict.reason == "outside_validity"


def test_signature_by_another_key_with_the_same_kid_is_tampered(signer, trust) -> None:
    other = ed25519.Ed25519PrivateKey.generate()
    store = MemoryTrustStore([TrustEntry(signer.kid, "EdDSA", other.public_key(), "kiosk-01", NOW - DAYS30)])
    verdict = verify(_encode(signer).qr_strings, trust=store, now=NOW)
    assert isinstance(verdict, Tampered) and verdict.reason == "signature"


def _resealed(sheet, mutate) -> list[str]:
    blob = b"".join(dec.parse_frame(t).data for t in sheet.qr_strings)
    tag = cbor2.loads(zlib.decompress(blob))
    parts = mutate(list(tag.value))
    return dec.qr_strings(zlib.compress(cbor2.dumps(cbor2.CBORTag(tag.tag, parts)), 9))


def test_changed_payload_is_tampered(signer, trust) -> None:
    sheet = _encode(signer)

    def change(parts):
        claims = cbor2.loads(parts[2])
        claims[-65537][4][5] = "みどり町中央一丁目1番地"
        parts[2] = cbor2.dumps(claims)
        return parts

    verdict = verify(_resealed(sheet, change), trust=trust, now=NOW)
    assert isinstance(verdict, Tampered) and verdict.reason == "signature"


def test_algorithm_outside_the_allow_list_is_refused(signer, trust) -> None:
    def change(parts):
        parts[0] = cbor2.dumps({1: -35, 4: signer.kid})
        return parts

    verdict = verify(_resealed(_encode(signer), change), trust=trust, now=NOW)
    assert isinstance(verdict, Malformed) and verdict.reason == "algorithm"


def test_only_cose_sign1_tag_is_accepted(signer, trust) -> None:
    sheet = _encode(signer)
    blob = b"".join(dec.parse_frame(t).data for t in sheet.qr_strings)
    tag = cbor2.loads(zlib.decompress(blob))
    for other in (cbor2.CBORTag(98, tag.value), list(tag.value)):
        texts = dec.qr_strings(zlib.compress(cbor2.dumps(other)))
        assert isinstance(verify(texts, trust=trust, now=NOW), Malformed)


def test_decompression_is_capped(trust) -> None:
    bomb = zlib.compress(b"\x00" * 200_000, 9)
    verdict = verify(dec.qr_strings(bomb), trust=trust, now=NOW)
    assert isinstance(verdict, Malformed) and verdict.reason == "too_large"


def test_incomplete_multi_part(signer, trust) -> None:
    sheet = _encode(signer)
    blob = b"".join(dec.parse_frame(t).data for t in sheet.qr_strings)
    parts = dec.qr_strings(blob, 3)
    verdict = verify(parts[:2], trust=trust, now=NOW)
    assert isinstance(verdict, Incomplete) and (verdict.collected, verdict.needed) == (2, 3)
    assert isinstance(verify([parts[2], parts[0], parts[1]], trust=trust, now=NOW), Authentic)


def test_sheet_from_another_kiosk_key_entry_is_tampered(signer) -> None:
    key = signer.private_key.public_key()
    store = MemoryTrustStore([TrustEntry(signer.kid, "EdDSA", key, "kiosk-99", NOW - DAYS30)])
    verdict = verify(_encode(signer).qr_strings, trust=store, now=NOW)
    assert isinstance(verdict, Tampered) and verdict.reason == "kiosk_mismatch"


def test_unknown_form_is_malformed(signer, trust) -> None:
    verdict = verify(_encode(signer).qr_strings, trust=trust, now=NOW, catalogue=SimpleNamespace(forms={}))
    assert isinstance(verdict, Malformed) and verdict.reason == "form_unknown"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=80) | st.just("KS1-0") | st.from_regex(r"KS1-[01][0-9]{0,120}", fullmatch=True),
                max_size=5))
def test_garbage_never_crashes(texts) -> None:
    store = MemoryTrustStore()
    verdict = verify(texts, trust=store, now=NOW)
    assert verdict.code in ("malformed", "tampered", "incomplete", "unknown_key")


def test_invalid_value_is_refused_naming_the_field(signer) -> None:
    values = sample_forms.juminido_values(2)
    values.persons[1]["person.birth_date"] = "1986-13-45"
    with pytest.raises(ValidationError) as info:
        _encode(signer, values=values)
    assert info.value.params["field_id"] == "person.birth_date"
    values = sample_forms.juminido_values(2)
    values.household["move.kind"] = "tenshutsu"
    with pytest.raises(ValidationError) as info:
        _encode(signer, values=values)
    assert info.value.params["field_id"] == "move.kind"


def test_unknown_fields_are_refused(signer) -> None:
    values = sample_forms.juminido_values(1)
    values.household["analytics.id"] = "x"
    with pytest.raises(ValidationError) as info:
        _encode(signer, values=values)
    assert info.value.key == "print.unknown_field"


def test_budget_six_persons_fit_one_symbol_at_level_m_or_better(signer) -> None:
    sheet = _encode(signer, people=6)
    assert len(sheet.symbols) == 1
    assert sheet.versions[0] <= MAX_VERSION and sheet.levels[0] in ("M", "Q", "H")
    assert sheet.blob_size <= 981


def _big_form(fields: int) -> tuple[Form, FormValues]:
    defs = tuple(
        FormField(FieldDef(f"note.{i}", "text", {"ja": f"備考{i}"}, validation=Validation(max_length=200)), qr_key=i + 1)
        for i in range(fields)
    )
    form = Form(id="bigform", version=1, title={"ja": "大きな様式"}, fields=defs)
    # kanji text compresses poorly: a deterministic spread over the CJK block
    values = {f"note.{i}": "".join(chr(0x4E00 + (i * 7919 + j * 104729) % 20000) for j in range(150))
              for i in range(fields)}
    return form, FormValues("bigform", household=values)


def test_larger_sheets_split_over_frames_and_verify(signer, trust) -> None:
    form, values = _big_form(4)
    sheet = _encode(signer, form=form, values=values)
    assert 2 <= len(sheet.qr_strings) <= 4
    assert all(v <= MAX_VERSION for v in sheet.versions)
    verdict = verify(list(reversed(sheet.qr_strings)), trust=trust, now=NOW,
                     catalogue=SimpleNamespace(forms={"bigform": form}))
    assert isinstance(verdict, Authentic) and verdict.household == values.household


def test_too_large_for_four_symbols_names_the_form(signer) -> None:
    form, values = _big_form(12)
    with pytest.raises(QrError) as info:
        _encode(signer, form=form, values=values)
    assert info.value.key == "qr.too_large" and info.value.params["form"] == "bigform"


def test_error_correction_never_below_m(signer) -> None:
    for people in (1, 3, 6):
        assert set(_encode(signer, people=people).levels) <= {"M", "Q", "H"}


def test_kid_is_sha256_of_spki_prefix(signer) -> None:
    import hashlib

    assert cose.key_id(signer.private_key.public_key()) == hashlib.sha256(
        cose.spki_der(signer.private_key.public_key())).digest()[:8]
