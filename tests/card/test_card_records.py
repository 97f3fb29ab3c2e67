"""基本4情報 and 個人番号 records: the card's layouts, both length forms, and clear errors
for anything garbled (nothing half-filled)."""

import datetime as dt

import pytest

from kiosk.card import records, tlv
from kiosk.card.errors import CardDataError
from kiosk.card.virtual_card import garble_basic_info
from kiosk.log import carries_personal_data

NAME = "番号　花子"
ADDRESS = "東京都清瀬市観布子南１２－７－２０２"


def _record(name=NAME, address=ADDRESS, birth=dt.date(1980, 2, 17), sex="2") -> bytes:
    return records.build_basic_info(name, address, birth, sex)


def test_short_record_matches_the_card_layout():
    """Offsets in DF21 are absolute (first field at 3 + 11 = 0x0E), as on real cards."""
    data = _record()
    assert data[:2] == b"\xff\x20" and data[2] < 0x80
    assert data[3:7] == bytes.fromhex("df210800") and data[7] == 0x0E
    assert data[8:10] == (0x0E + 3 + len(NAME.encode())).to_bytes(2, "big")
    info = records.parse_basic_info(data)
    assert (info.name, info.address, info.birth_date, info.sex) == (NAME, ADDRESS, dt.date(1980, 2, 17), "2")
    assert (info.name_family, info.name_given) == ("番号", "花子")


def test_long_record_uses_82_hh_ll_and_offsets_from_16():
    address = "北海道札幌市中央区南二十条西十五丁目３番２０号　グランドメゾン札幌南二十条ウエストテラス・レジデンスタワー棟　１２０３号室"
    data = _record(address=address)
    assert len(data) >= 128 + 5
    assert data[:3] == b"\xff\x20\x82"
    assert data[5:8] == b"\xdf\x21\x08" and int.from_bytes(data[8:10], "big") == 16  # first offset after the 5-byte header
    assert records.parse_basic_info(data).address == address


def test_non_minimal_82_form_for_short_lengths_is_accepted():
    """The card writes 82 HH LL even where a short length would do; accept it anywhere."""
    inner = (tlv.encode(0xDF22, "山田　太郎".encode()) + b"\xdf\x23\x82\x00\x06" + "東京".encode()
             + tlv.encode(0xDF24, b"19991231") + tlv.encode(0xDF25, b"1"))
    data = b"\xff\x20\x82" + len(inner).to_bytes(2, "big") + inner
    info = records.parse_basic_info(data)
    assert info.address == "東京" and info.name_given == "太郎"


def test_trailing_filler_after_the_record_is_ignored():
    assert records.parse_basic_info(_record() + b"\xff" * 40).name == NAME
    assert records.parse_basic_info(_record() + b"\x00" * 3).name == NAME


def test_name_without_ideographic_space_is_not_split():
    info = records.parse_basic_info(_record(name="ヤマノウチアカリ"))
    assert info.name == "ヤマノウチアカリ"
    assert info.name_family is None and info.name_given is None


def test_rare_and_non_bmp_kanji_survive_exactly():
    """ML-08: names are kept exactly as read, including 髙, 﨑 and 𠮷 (U+20BB7)."""
    info = records.parse_basic_info(_record(name="髙﨑　𠮷太郎", address="岡山県倉敷市阿知﨑陽荘"))
    assert info.name == "髙﨑　𠮷太郎" and info.name_given == "𠮷太郎"
    assert "﨑" in info.address_normalized


def test_address_normalised_copy_keeps_kanji_and_the_original():
    info = records.parse_basic_info(_record(address="東京都港区芝公園４丁目２－８　コーポ　１０１"))
    assert info.address == "東京都港区芝公園４丁目２－８　コーポ　１０１"
    assert info.address_normalized == "東京都港区芝公園4丁目2-8 コーポ 101"
    assert records.normalize_address("ｻｸﾗﾊｲﾂ１０２") == "サクラハイツ102"
    assert records.normalize_address("ルーセント") == "ルーセント"  # the prolonged mark stays


@pytest.mark.parametrize("sex", ["1", "2", "9", "0"])
def test_every_iso5218_code(sex):
    assert records.parse_basic_info(_record(sex=sex)).sex == sex


@pytest.mark.parametrize("kind", ["length", "tag", "utf8", "offsets", "date", "sex", "truncate", "outer_length"])
def test_garbled_records_raise_card_data_error(kind):
    garbled = garble_basic_info(_record(), kind)
    with pytest.raises(CardDataError) as info:
        records.parse_basic_info(garbled)
    assert info.value.key == "card.garbled"


@pytest.mark.parametrize(
    "data",
    [b"", b"\xff", b"\xff\x20", b"\xff\x20\x80", b"\xff\x20\x84\x00\x00\x00\x01\x00",
     b"\x30\x03\x02\x01\x01", _record()[:-1]],
)
def test_broken_headers_are_card_data_errors(data):
    with pytest.raises(CardDataError):
        records.parse_basic_info(data)


def test_basic_info_never_prints_its_values():
    """PRIV-10: repr of a read record is safe to log."""
    info = records.parse_basic_info(_record())
    assert NAME not in repr(info) and "1980" not in repr(info)
    assert not carries_personal_data(repr(info))


def test_my_number_record():
    assert records.my_number_check_digit("12345678901") == 8
    data = records.build_my_number("123456789018")
    assert len(data) == 17 and data[:3] == b"\xff\x10\x0c" and data[-2:] == b"\xff\xff"
    number = records.parse_my_number(data)
    assert number == "123456789018"
    assert "123456789018" not in repr(number) and number.masked().endswith("9018")


@pytest.mark.parametrize(
    "data",
    [records.build_my_number("123456789018")[:10], b"\xff\x10\x0c" + b"12345678901a\xff\xff",
     b"\xff\x10\x0c" + b"123456789019\xff\xff", b"\xff\x11\x0c" + b"123456789018\xff\xff"],
)
def test_bad_my_number_records(data):
    with pytest.raises(CardDataError):
        records.parse_my_number(data)
