"""The resume code (続きは窓口で): kiosk → guide slip → counter. Answers and hand-typed household
entries come back; card data and the 個人番号 never travel (PRIV-11); the code is signed like a
sheet, expires, and works once (SEC-14: the claim is an audited receipt on the real PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from counter_helpers import ISSUER, KIOSK, kiosk_to_cards

from kiosk import i18n
from kiosk.config import SHIPPED_LANGUAGES
from kiosk.counter import CounterController, DatabaseLedger, MemoryLedger
from kiosk.journey import Journey, Screen
from kiosk.ks1 import dec
from kiosk.resume import encode_resume, payload_of, read_resume
from kiosk.session import SOURCE_CARD, ResidentSession

CANARY_NUMBER = "123456789018"  # fake


def _kiosk_session(catalogue_port):
    journey = Journey(ResidentSession(), catalogue_port)
    family = kiosk_to_cards(journey, lang="vi")
    # The first parent's card was read at the kiosk (with a fake 個人番号) before the resident chose
    # to continue at the counter: none of it may travel.
    journey.session.record_card(journey.session.members[0], {"name": "森山　太郎", "address": "東京都千代田区",
                                                             "birth_date": dt.date(1989, 6, 15), "sex": "1"},
                                my_number=CANARY_NUMBER)
    return journey, family


def test_resume_round_trip_restores_answers_without_card_data(catalogue_port, signer, trust, now):
    journey, family = _kiosk_session(catalogue_port)
    code = encode_resume(payload_of(journey.session, kiosk_id=KIOSK), signer=signer, iss=ISSUER, now=now)
    assert code.text.startswith("KS1-0") and code.text[4:].isdigit()  # scanner-safe, like the sheets
    assert code.symbol.version <= 25 and code.symbol.level != "L"  # the sheets' QR budget (one symbol)
    blob = dec.parse_frame(code.text).data
    import zlib

    raw = zlib.decompress(blob)
    for secret in (CANARY_NUMBER.encode(), "森山".encode(), "千代田".encode()):
        assert secret not in raw

    counter = CounterController.create(catalogue_port)
    payload = counter.resume(code.text, trust=trust, claim=MemoryLedger().claim, issuer=ISSUER, now=now)
    assert payload is not None
    session = counter.session
    assert session.language == "vi"
    for qid, value in family["answers"].items():
        if qid in session.answers:
            assert session.answers[qid] == value
    assert session.answers == journey.session.answers
    assert [m.source for m in session.members] == [m.source for m in journey.session.members]
    for mine, theirs in zip(session.members[2:], journey.session.members[2:], strict=True):
        assert mine.values == theirs.values and mine.birth_date == theirs.birth_date
    assert all(not m.card for m in session.members)  # read again at the counter
    assert CANARY_NUMBER not in session.personal_values()
    # Continues where the resident left off: the first card to read, at the counter.
    assert counter.journey.screen is Screen.CARD
    assert counter.state().card_member == 0
    assert counter.state().message_key == "counter.resume_restored"


def test_second_use_is_refused_across_counters_on_postgres(catalogue_port, signer, trust, now, postgres_url):
    from kiosk.storage.database import Database

    db = Database(postgres_url)
    db.upgrade()
    try:
        journey, _family = _kiosk_session(catalogue_port)
        code = encode_resume(payload_of(journey.session, kiosk_id=KIOSK), signer=signer, iss=ISSUER, now=now)
        first = CounterController.create(catalogue_port, counter_id="counter-1")
        assert first.resume(code.text, trust=trust, claim=DatabaseLedger(db, counter_id="counter-1").claim,
                            issuer=ISSUER, now=now) is not None
        second = CounterController.create(catalogue_port, counter_id="counter-2")
        assert second.resume(code.text, trust=trust, claim=DatabaseLedger(db, counter_id="counter-2").claim,
                             issuer=ISSUER, now=now) is None
        assert second.state().message_key == "counter.resume_used"
        assert second.session.is_empty() and second.journey.screen is Screen.LANGUAGE
        from kiosk.storage.sheets import find_receipt

        receipt = find_receipt(db, code.code_id)
        assert receipt is not None and receipt.station_id == "counter-1" and receipt.form_id == "resume"
    finally:
        db.dispose()


@pytest.mark.parametrize("how", ["tampered", "expired", "unknown_key", "sheet"])
def test_bad_codes_are_refused_with_a_clear_message(catalogue_port, signer, trust, now, how, tmp_path):
    journey, _family = _kiosk_session(catalogue_port)
    payload = payload_of(journey.session, kiosk_id=KIOSK)
    expected = f"counter.resume_{how}" if how != "sheet" else "counter.resume_is_sheet"
    if how == "tampered":
        text = encode_resume(payload, signer=signer, iss=ISSUER, now=now).text
        digits = list(text)
        digits[60] = "1" if digits[60] != "1" else "2"  # one misread or altered digit
        text = "".join(digits)
        expected_keys = {"counter.resume_tampered", "counter.resume_unreadable"}
    elif how == "expired":
        text = encode_resume(payload, signer=signer, iss=ISSUER, now=now - dt.timedelta(days=3)).text
        expected_keys = {expected}
    elif how == "unknown_key":
        from kiosk import keys

        other = tmp_path / "other"
        keys.init_keys(other, kiosk_id=KIOSK, now=now - dt.timedelta(days=1))
        text = encode_resume(payload, signer=keys.load_signer(other), iss=ISSUER, now=now).text
        expected_keys = {expected}
    else:
        from kiosk.ks1 import dec as ks1_dec
        from kiosk.ks1.encode import CTI, EXP, IAT, ISS, SHEET_CLAIM, seal

        iat = int(now.timestamp())
        blob = seal({ISS: ISSUER, IAT: iat, EXP: iat + 3600, CTI: bytes(16), SHEET_CLAIM: {1: "juminido", 2: 1, 3: KIOSK}},
                    signer)
        text = ks1_dec.qr_strings(blob)[0]
        expected_keys = {expected}
    counter = CounterController.create(catalogue_port)
    ledger = MemoryLedger()
    assert counter.resume(text, trust=trust, claim=ledger.claim, issuer=ISSUER, now=now) is None
    key = counter.state().message_key
    assert key in expected_keys
    assert counter.session.is_empty()
    for lang in SHIPPED_LANGUAGES:  # the clerk reads why, in any language the counter runs in
        assert i18n.text(key, lang) != key


def test_read_resume_checks_the_signature_before_claiming(signer, trust, now, catalogue_port):
    journey, _family = _kiosk_session(catalogue_port)
    code = encode_resume(payload_of(journey.session, kiosk_id=KIOSK), signer=signer, iss=ISSUER, now=now)
    claimed: list[str] = []

    def claim(code_id: str) -> bool:
        claimed.append(code_id)
        return True

    from kiosk.resume import ResumeError

    with pytest.raises(ResumeError):
        read_resume(code.text, trust=trust, now=now, claim=claim, issuer=ISSUER + 1)
    assert claimed == []  # a refused code is never spent
    payload = read_resume(code.text, trust=trust, now=now, claim=claim, issuer=ISSUER)
    assert claimed == [code.code_id]
    assert [m.source for m in payload.members][:2] == [SOURCE_CARD, SOURCE_CARD]
