"""Fuzzing the parsers and the card: thousands of random and mutated records and APDUs, zero
unhandled exceptions (every failure is a CardDataError / typed CardError)."""

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.card import records, tlv
from kiosk.card.errors import CardDataError, CardError
from kiosk.card.persona import load_persona as persona
from kiosk.card.reader import read_card
from kiosk.card.simulator import InProcessChannel
from kiosk.card.virtual_card import VirtualCard

SETTINGS = settings(max_examples=1500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), min_size=1, max_size=90)


def _parse_all_ways(data: bytes) -> None:
    for parse in (records.parse_basic_info, records.parse_my_number, tlv.read_all):
        try:
            parse(data)
        except CardDataError:
            pass


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_never_escape(data):
    _parse_all_ways(data)
    _parse_all_ways(b"\xff\x20" + data)
    _parse_all_ways(b"\xff\x20\x82" + data)


@SETTINGS
@given(text, text, st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), st.sampled_from("0129"))
def test_any_valid_record_round_trips(name, address, birth, sex):
    if not name.strip("\u3000 ") or not address.strip("\u3000 "):
        return
    info = records.parse_basic_info(records.build_basic_info(name, address, birth, sex))
    assert (info.name, info.address, info.birth_date, info.sex) == (name, address, birth, sex)


def _mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        if op == 0 and out:
            out[rng.randrange(len(out))] = rng.randrange(256)
        elif op == 1 and out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        elif op == 2:
            out.insert(rng.randrange(len(out) + 1), rng.randrange(256))
        elif op == 3 and out:
            del out[rng.randrange(len(out))]
        elif out:
            cut = rng.randrange(len(out))
            out = out[:cut]
    return bytes(out)


def test_seeded_mutations_of_real_layouts():
    rng = random.Random(7)
    seeds = [
        records.build_basic_info("番号　花子", "東京都清瀬市観布子南１２－７－２０２", dt.date(1980, 2, 17), "2"),
        records.build_basic_info("髙﨑　𠮷太郎", "岡山県倉敷市阿知" * 12, dt.date(1990, 1, 5), "1"),
        records.build_my_number("123456789018"),
    ]
    outcomes = {"ok": 0, "garbled": 0}
    for _ in range(6000):
        data = _mutate(rng, rng.choice(seeds))
        try:
            records.parse_basic_info(data)
            outcomes["ok"] += 1
        except CardDataError:
            outcomes["garbled"] += 1
        _parse_all_ways(data)
    assert outcomes["garbled"] > 1000


@settings(max_examples=400, deadline=None, database=None)
@given(st.binary(max_size=700))
def test_reader_over_a_card_with_any_ef0002_content(content):
    """The whole session (first chunk, header, continuation reads) on arbitrary file content."""
    card = VirtualCard(persona("adult"))
    card.files[2] = content
    try:
        read_card(InProcessChannel(card), bytearray(b"1234"))
    except CardError:
        pass


@SETTINGS
@given(st.binary(min_size=0, max_size=300))
def test_virtual_card_answers_any_apdu(raw):
    card = VirtualCard(persona("adult"))
    response = card.process(b"\x00\xa4\x04\x0c\x0a\xd3\x92\x10\x00\x31\x00\x01\x01\x04\x08")
    assert response[-2:] == b"\x90\x00"
    response = card.process(raw)
    assert len(response) >= 2
