"""The virtual card answers like the real one (reference §3, §9), APDU by APDU."""

import pytest

from kiosk.card import apdu
from kiosk.card.persona import load_persona as persona
from kiosk.card.virtual_card import VirtualCard


def sw(card: VirtualCard, hex_apdu: str) -> tuple[bytes, int]:
    raw = card.process(bytes.fromhex(hex_apdu.replace(" ", "")))
    return raw[:-2], int.from_bytes(raw[-2:], "big")


SELECT_AP = "00 a4 04 0c 0a d3 92 10 00 31 00 01 01 04 08"


@pytest.fixture
def card():
    return VirtualCard(persona("adult"))


def test_select_by_full_aid_and_unknown_aid(card):
    assert sw(card, SELECT_AP)[1] == 0x9000
    assert sw(card, "00 a4 04 0c 05 a0 00 00 00 59")[1] == 0x6A82
    assert sw(card, "00 a4 04 0c 0a d3 92 f0 00 26 01 00 00 00 01")[1] == 0x9000  # JPKI stub
    assert sw(card, "00 a4 02 0c 02 00 02")[1] == 0x6A82  # not under JPKI


def test_select_mf_and_3f00_are_refused(card):
    assert sw(card, "00 a4 00 00")[1] == 0x6A86
    assert sw(card, "00 a4 00 0c 02 3f 00")[1] == 0x6A82


def test_pin_counting_then_locked(card):
    sw(card, SELECT_AP)
    sw(card, "00 a4 02 0c 02 00 11")
    assert sw(card, "00 20 00 80")[1] == 0x63C3
    assert [sw(card, "00 20 00 80 04 39 39 39 39")[1] for _ in range(4)] == [0x63C2, 0x63C1, 0x63C0, 0x6984]
    assert sw(card, "00 20 00 80")[1] == 0x63C0
    assert sw(card, "00 20 00 80 04 31 32 33 34")[1] == 0x6984  # even the right PIN


def test_correct_pin_resets_the_counter(card):
    sw(card, SELECT_AP)
    sw(card, "00 a4 02 0c 02 00 11")
    sw(card, "00 20 00 80 04 39 39 39 39")
    assert sw(card, "00 20 00 80")[1] == 0x63C2
    assert sw(card, "00 20 00 80 04 31 32 33 34")[1] == 0x9000
    assert sw(card, "00 20 00 80")[1] == 0x63C3


def test_read_needs_verification_then_works_by_fid_and_sfi(card):
    sw(card, SELECT_AP)
    sw(card, "00 a4 02 0c 02 00 02")
    assert sw(card, "00 b0 00 00 00")[1] == 0x6982
    assert sw(card, "00 20 00 91 04 31 32 33 34")[1] == 0x9000  # VERIFY by SFI 11
    data, status = sw(card, "00 b0 00 00 00")
    assert status == 0x9000 and data == card.files[2]  # short read at the end of the file
    data, status = sw(card, "00 b0 81 00 00 00 00")  # SFI 1, extended Le
    assert status == 0x9000 and len(data) == 17 and data[-2:] == b"\xff\xff"
    data, status = sw(card, "00 b0 00 05 04")
    assert (data, status) == (card.files[1][5:9], 0x9000)
    assert sw(card, "00 b0 00 11 01")[1] == 0x6B00  # past the end


def test_power_cycle_clears_security_but_keeps_counters(card):
    sw(card, SELECT_AP)
    sw(card, "00 a4 02 0c 02 00 11")
    sw(card, "00 20 00 80 04 39 39 39 39")
    sw(card, "00 20 00 80 04 31 32 33 34")
    sw(card, "00 20 00 80 04 39 39 39 39")
    card.power_off()
    card.power_on()
    assert sw(card, "00 b0 82 00 00")[1] == 0x6986  # nothing selected after power-on
    sw(card, SELECT_AP)
    assert sw(card, "00 b0 82 00 00")[1] == 0x6982  # security status gone
    sw(card, "00 a4 02 0c 02 00 11")
    assert sw(card, "00 20 00 80")[1] == 0x63C2  # the wrong try is remembered


def test_other_classes_and_instructions(card):
    assert sw(card, "01 a4 04 0c 0a d3 92 10 00 31 00 01 01 04 08")[1] == 0x6881
    assert sw(card, "00 ca 5f 51 00")[1] == 0x6D00
    assert sw(card, "00 b0")[1] == 0x6700


def test_blocked_persona_reports_63c0_on_query():
    card = VirtualCard(persona("blocked"))
    sw(card, SELECT_AP)
    sw(card, "00 a4 02 0c 02 00 11")
    assert sw(card, "00 20 00 80")[1] == 0x63C0


def test_apdu_log_never_holds_the_pin(card):
    sw(card, SELECT_AP)
    sw(card, "00 a4 02 0c 02 00 11")
    sw(card, "00 20 00 80 04 31 32 33 34")
    assert card.log[-1].name == "VERIFY" and card.log[-1].lc == 4
    assert "1234" not in repr(card.log) and "31323334" not in repr(card.log)
    assert card.count(0x20, with_data=True) == 1


def test_every_shipped_persona_builds_a_card():
    from kiosk.card.persona import load_persona, shipped_personas

    files = shipped_personas()
    assert len(files) >= 12
    names = {f.stem for f in files}
    assert {"family_parent1", "family_parent2", "blocked", "one_try_left"} <= names
    for path in files:
        card = VirtualCard(load_persona(path))
        assert card.files[apdu.EF_MY_NUMBER][:3] == b"\xff\x10\x0c"


def test_demo_family_shares_surname_and_old_address():
    p1, p2 = persona("family_parent1"), persona("family_parent2")
    assert p1.name.split("\u3000")[0] == p2.name.split("\u3000")[0]
    assert p1.address == p2.address and p1.pin == p2.pin == "1234"


def test_sec12_hostile_persona_file_is_a_config_error_not_an_expansion(tmp_path):
    from kiosk.card.persona import load_persona
    from kiosk.errors import ConfigError

    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    ), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_persona(bomb)
    assert "bomb.yaml" in str(caught.value) and caught.value.key == "error.config"
    with pytest.raises(ConfigError) as missing:
        load_persona(tmp_path / "nobody.yaml")
    assert missing.value.key == "error.config_missing"
