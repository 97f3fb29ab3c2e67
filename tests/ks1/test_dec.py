"""DEC digits and frames (clerk-qr-format.md layers 1–3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.ks1 import dec


@given(st.binary(max_size=200))
def test_dec_round_trip(blob: bytes) -> None:
    digits = dec.dec_encode(blob)
    assert digits.isdigit() or digits == ""
    assert dec.dec_decode(digits) == blob


def test_dec_group_lengths() -> None:
    assert [len(dec.dec_encode(b"\xff" * k)) for k in range(1, 8)] == [3, 5, 8, 10, 13, 15, 17]
    assert dec.dec_encode(b"\x00" * 7) == "0" * 17


@pytest.mark.parametrize("digits", ["1", "12", "1234", "123456", "1234567", "12345678901234567" + "1"])
def test_dec_rejects_impossible_lengths(digits: str) -> None:
    with pytest.raises(dec.DecodeError):
        dec.dec_decode(digits)


@pytest.mark.parametrize("digits", ["256", "65536", "72057594037927936", "99999999999999999"])
def test_dec_rejects_groups_out_of_range(digits: str) -> None:
    with pytest.raises(dec.DecodeError) as info:
        dec.dec_decode(digits)
    assert info.value.reason == "dec_range"


@pytest.mark.parametrize("digits", ["12a", "1 2", "١٢٣"])
def test_dec_rejects_non_digits(digits: str) -> None:
    with pytest.raises(dec.DecodeError):
        dec.dec_decode(digits)


@given(st.binary(min_size=1, max_size=300), st.integers(min_value=1, max_value=4))
def test_frames_reassemble_in_any_order(blob: bytes, parts: int) -> None:
    parts = min(parts, len(blob))
    texts = dec.qr_strings(blob, parts)
    assert all(t.startswith("KS1-") for t in texts)
    frames = [dec.parse_frame(t) for t in reversed(texts)]
    assert dec.reassemble(frames) == (blob, parts, parts)
    sizes = [len(f.data) for f in frames]
    assert max(sizes) - min(sizes) <= 1


def test_frame_header_layout() -> None:
    blob = bytes(range(40))
    texts = dec.qr_strings(blob, 3)
    assert [t[4:7] for t in texts] == ["113", "123", "133"]
    assert {t[7:12] for t in texts} == {dec.blob_tag(blob)}
    assert dec.qr_strings(blob)[0][4] == "0"


def test_missing_part_is_reported_not_guessed() -> None:
    texts = dec.qr_strings(bytes(range(50)), 3)
    assert dec.reassemble([dec.parse_frame(t) for t in texts[:2]]) == (None, 2, 3)


def test_parts_of_different_sheets_do_not_mix() -> None:
    a = dec.qr_strings(bytes(range(50)), 2)
    b = dec.qr_strings(bytes(range(1, 51)), 2)
    with pytest.raises(dec.DecodeError):
        dec.reassemble([dec.parse_frame(a[0]), dec.parse_frame(b[1])])


def test_normalise_full_width_lower_case_and_whitespace() -> None:
    assert dec.normalise(" ｋｓ１－０１２\t３\n") == "KS1-0123"
    assert dec.parse_frame("ks1-0" + dec.dec_encode(b"abc")).data == b"abc"


@pytest.mark.parametrize("text", ["", "KS1-", "KS2-0123", "KS1-9123", "KS1-1513" + "12345" + "000", "KS1-" + "0" * 7000])
def test_garbage_frames_raise_decode_error(text: str) -> None:
    with pytest.raises(dec.DecodeError):
        dec.parse_frame(text)
