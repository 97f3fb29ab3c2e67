"""APDU building and parsing (reference §3.2)."""

import pytest

from kiosk.card import apdu


def test_select_kenhojo_is_the_documented_bytes():
    assert apdu.select_aid(apdu.KENHOJO_AID).hex(" ") == "00 a4 04 0c 0a d3 92 10 00 31 00 01 01 04 08"
    assert apdu.select_ef(0x0011).hex(" ") == "00 a4 02 0c 02 00 11"
    assert apdu.verify_query().hex(" ") == "00 20 00 80"


def test_verify_is_built_into_a_wipeable_buffer():
    """PRIV-04: the VERIFY carrying the PIN lives in a caller-owned bytearray."""
    buf = bytearray()
    apdu.verify_into(buf, b"1234")
    assert bytes(buf).hex(" ") == "00 20 00 80 04 31 32 33 34"
    apdu.wipe(buf)
    assert set(buf) == {0}


def test_read_binary_short_and_extended_le():
    assert apdu.read_binary(0).hex(" ") == "00 b0 00 00 00"
    assert apdu.read_binary(0x0102, 17).hex(" ") == "00 b0 01 02 11"
    assert apdu.read_binary(0, 65536, extended=True).hex(" ") == "00 b0 00 00 00 00 00"
    assert apdu.read_binary_sfi(2).hex(" ") == "00 b0 82 00 00"
    with pytest.raises(ValueError):
        apdu.read_binary(0x8000)


@pytest.mark.parametrize(
    "raw, data, le",
    [
        ("00a4040c0ad3921000310001010408", "d3921000310001010408", None),
        ("00b0000000", "", 256),
        ("00b00000000000", "", 65536),
        ("00b000000001 50".replace(" ", ""), "", 0x150),
        ("0020008004313233 34".replace(" ", ""), "31323334", None),
        ("00200080", "", None),
        ("00a404000ad392100031000101040800", "d3921000310001010408", 256),
        ("00a40400000002aabb0000", "aabb", 65536),
    ],
)
def test_parse_command_cases(raw, data, le):
    command = apdu.parse_command(bytes.fromhex(raw))
    assert command.data.hex() == data
    assert command.le == le


@pytest.mark.parametrize("raw", ["00a4", "00a4040c05d392", "00a404000000", "00a4040000000301"])
def test_malformed_commands_are_rejected(raw):
    with pytest.raises(apdu.MalformedCommand):
        apdu.parse_command(bytes.fromhex(raw))


def test_status_words():
    assert apdu.tries_from_sw(0x63C2) == 2
    assert apdu.tries_from_sw(0x9000) is None
    assert {0x63C0, 0x6983, 0x6984} == apdu.BLOCKED_SWS
    assert "tries left" in apdu.sw_meaning(0x63C1)
    assert apdu.sw_meaning(0x6A82) == "file or application not found"
