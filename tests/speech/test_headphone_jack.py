"""The headphone jack, free of Qt (A11Y-06: speech mode starts when headphones are plugged in;
PRIV-15: their state is known only when the jack says so): which device of
``/proc/bus/input/devices`` is the jack, its events decoded from the bytes the kernel writes
(``struct input_event``), the device opened, the setting, and ``kiosk doctor``'s line.

The kernel's evdev cannot run here (no /dev/input, no uinput): a FIFO stands in for the device
where one must be opened; the ioctl fails on it, so its state is unknown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk import evdev, i18n
from kiosk.config import SHIPPED_LANGUAGES, Config, SpeechSection, from_mapping
from kiosk.doctor import check_headphone_jack
from kiosk.errors import ConfigError
from kiosk.evdev import EV_SW, EV_SYN, SYN_DROPPED, SYN_REPORT, event_bytes
from kiosk.speech import jack
from kiosk.speech.jack import SW_HEADPHONE_INSERT, SW_LINEOUT_INSERT, JackChange, JackDecoder

# An invented machine: a power button, a lid, a keyboard, and the HDA codec's jacks (a
# microphone, the line out and the front headphone jack), as the kernel lists them.
LISTING = """\
I: Bus=0019 Vendor=0000 Product=0001 Version=0000
N: Name="Power Button"
P: Phys=LNXPWRBN/button/input0
S: Sysfs=/devices/LNXSYSTM:00/LNXPWRBN:00/input/input2
U: Uniq=
H: Handlers=kbd event2
B: PROP=0
B: EV=3
B: KEY=10000000000000 0

I: Bus=0019 Vendor=0000 Product=0005 Version=0000
N: Name="Lid Switch"
P: Phys=PNP0C0D/button/input0
S: Sysfs=/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0D:00/input/input0
U: Uniq=
H: Handlers=event0
B: PROP=0
B: EV=21
B: SW=1

I: Bus=0011 Vendor=0001 Product=0001 Version=ab41
N: Name="AT Translated Set 2 keyboard"
P: Phys=isa0060/serio0/input0
S: Sysfs=/devices/platform/i8042/serio0/input/input3
U: Uniq=
H: Handlers=sysrq kbd leds event3
B: PROP=0
B: EV=120013
B: KEY=402000000 3803078f800d001 feffffdfffefffff fffffffffffffffe
B: MSC=10
B: LED=7

I: Bus=0000 Vendor=0000 Product=0000 Version=0000
N: Name="HDA Intel PCH Mic"
P: Phys=ALSA
S: Sysfs=/devices/pci0000:00/0000:00:1f.3/sound/card0/input9
U: Uniq=
H: Handlers=event9
B: PROP=0
B: EV=21
B: SW=10

I: Bus=0000 Vendor=0000 Product=0000 Version=0000
N: Name="HDA Intel PCH Line Out"
P: Phys=ALSA
S: Sysfs=/devices/pci0000:00/0000:00:1f.3/sound/card0/input10
U: Uniq=
H: Handlers=event10
B: PROP=0
B: EV=21
B: SW=40

I: Bus=0000 Vendor=0000 Product=0000 Version=0000
N: Name="HDA Intel PCH Front Headphone"
P: Phys=ALSA
S: Sysfs=/devices/pci0000:00/0000:00:1f.3/sound/card0/input11
U: Uniq=
H: Handlers=event11
B: PROP=0
B: EV=21
B: SW=4
"""


def report(*switches: tuple[int, int]) -> bytes:
    """A switch report as the kernel writes it: EV_SW events closed by SYN_REPORT."""
    return b"".join(event_bytes(EV_SW, code, value, sec=1764553000, usec=n)
                    for n, (code, value) in enumerate(switches)) + event_bytes(EV_SYN, SYN_REPORT, 0)


def test_a11y06_the_headphone_jack_is_found_among_the_input_devices(tmp_path):
    devices = evdev.parse_devices(LISTING)
    assert [d.name for d in devices] == ["Power Button", "Lid Switch", "AT Translated Set 2 keyboard",
                                         "HDA Intel PCH Mic", "HDA Intel PCH Line Out", "HDA Intel PCH Front Headphone"]
    by_name = {d.name: d for d in devices}
    assert by_name["AT Translated Set 2 keyboard"].event_node == "event3"
    assert by_name["AT Translated Set 2 keyboard"].switches == frozenset()
    assert by_name["Lid Switch"].switches == {0x00}  # SW_LID: a switch, not a jack
    assert by_name["HDA Intel PCH Mic"].switches == {0x04}  # SW_MICROPHONE_INSERT: not headphones
    assert by_name["HDA Intel PCH Line Out"].switches == {SW_LINEOUT_INSERT}
    # The headphone jack before the line out, though listed after it.
    assert jack.find_jack(devices) is by_name["HDA Intel PCH Front Headphone"]
    assert jack.find_jack([by_name["Power Button"], by_name["HDA Intel PCH Line Out"]]) is by_name["HDA Intel PCH Line Out"]
    assert jack.find_jack([by_name["Power Button"], by_name["Lid Switch"], by_name["HDA Intel PCH Mic"]]) is None

    proc = tmp_path / "devices"
    proc.write_text(LISTING, encoding="utf-8")
    found = jack.locate("auto", proc, tmp_path / "input")
    assert found == jack.JackDevice("HDA Intel PCH Front Headphone", tmp_path / "input" / "event11",
                                    frozenset({SW_HEADPHONE_INSERT}))
    assert jack.locate("off", proc) is None
    assert jack.locate("/dev/input/event7", proc).path == Path("/dev/input/event7")
    assert jack.locate("auto", tmp_path / "no-such-file") is None  # no /proc listing: no jack
    empty = tmp_path / "empty"
    empty.write_text("", encoding="utf-8")
    assert jack.locate("auto", empty) is None  # as on this machine


def test_a11y06_plug_and_unplug_are_decoded_from_the_kernels_bytes_even_split_across_reads():
    assert evdev.EVENT.size == 24  # struct input_event on 64-bit: timeval 16, type 2, code 2, value 4
    assert evdev.eviocgsw(8) == 0x8008451B  # EVIOCGSW(len) = _IOC(_IOC_READ, 'E', 0x1b, len)
    decoder = JackDecoder()
    assert decoder.plugged is None  # PRIV-15: nothing known before the jack says
    plug = report((SW_HEADPHONE_INSERT, 1))
    changes = []
    for start in range(0, len(plug), 7):  # a read may end in the middle of an event
        changes += decoder.feed(plug[start:start + 7])
        if start + 7 < len(plug):
            assert changes == []  # nothing counts before its SYN_REPORT
    assert changes == [JackChange.PLUGGED] and decoder.plugged is True
    assert decoder.feed(report((SW_HEADPHONE_INSERT, 1))) == []  # the same state: no change
    assert decoder.feed(report((SW_HEADPHONE_INSERT, 0))) == [JackChange.UNPLUGGED]
    # Headphones in and out within one read, and a line out: each report counts.
    both = report((SW_HEADPHONE_INSERT, 1)) + report((SW_HEADPHONE_INSERT, 0)) + report((SW_LINEOUT_INSERT, 1))
    assert decoder.feed(both) == [JackChange.PLUGGED, JackChange.UNPLUGGED, JackChange.PLUGGED]
    assert decoder.feed(report((SW_LINEOUT_INSERT, 0))) == [JackChange.UNPLUGGED]


def test_other_events_and_garbage_change_nothing():
    decoder = JackDecoder(state={SW_HEADPHONE_INSERT: False})
    assert decoder.plugged is False
    noise = (event_bytes(1, 30, 1) + event_bytes(EV_SYN, SYN_REPORT, 0)  # a key (EV_KEY) press
             + report((0x00, 1))  # the lid shut: not a jack switch
             + report((SW_HEADPHONE_INSERT, 7))  # not a switch value
             + b"\xff" * 48 + b"\x5a" * 10)  # garbage, the last of it short of an event
    assert decoder.feed(noise) == [] and decoder.plugged is False


def test_a11y06_after_syn_dropped_the_stale_events_are_passed_over_and_the_state_read_again():
    decoder = JackDecoder(state={SW_HEADPHONE_INSERT: False})
    assert decoder.feed(report((SW_HEADPHONE_INSERT, 1))) == [JackChange.PLUGGED]
    # The kernel's buffer overflowed: what follows up to the next SYN_REPORT is stale.
    lost = event_bytes(EV_SYN, SYN_DROPPED, 0) + report((SW_HEADPHONE_INSERT, 0))
    assert decoder.feed(lost[:30]) == [JackChange.DROPPED]
    assert decoder.feed(lost[30:]) == [] and decoder.plugged is True
    assert decoder.resync({SW_HEADPHONE_INSERT: False}) is JackChange.UNPLUGGED  # as the ioctl says
    assert decoder.feed(report((SW_HEADPHONE_INSERT, 1))) == [JackChange.PLUGGED]  # then events count again
    decoder.feed(event_bytes(EV_SYN, SYN_DROPPED, 0))
    assert decoder.resync(None) is None and decoder.plugged is None  # not readable: unknown (PRIV-15)
    assert decoder.feed(report((SW_HEADPHONE_INSERT, 0)) + report((SW_HEADPHONE_INSERT, 1))) == [
        JackChange.PLUGGED]  # the stale report dropped; then the state from the next report


def test_a_device_that_is_not_evdev_opens_with_an_unknown_state_and_a_missing_one_is_a_typed_error(tmp_path):
    fifo = tmp_path / "event7"
    os.mkfifo(fifo)
    opened = jack.open_jack(jack.JackDevice("test", fifo))
    try:
        assert opened.state is None  # the ioctl is refused on a FIFO
        assert jack.read_switches(opened.fd, jack.JACK_SWITCHES) is None
        assert os.read(opened.fd, 24) == b""  # non-blocking: no writer yet, and the read did not wait
    finally:
        os.close(opened.fd)
    with pytest.raises(jack.HeadphoneJackError) as caught:
        jack.open_jack(jack.JackDevice("test", tmp_path / "event8"))
    assert caught.value.params["code"] == "ENOENT" and caught.value.key == "speech.jack_unavailable"
    for lang in SHIPPED_LANGUAGES:
        assert i18n.text("speech.jack_unavailable", lang) != "speech.jack_unavailable"


def test_the_setting_takes_auto_off_or_a_path_and_refuses_anything_else():
    assert Config().speech.headphone_jack == "auto"
    for value in ("auto", "off", "/dev/input/event7"):
        assert from_mapping({"speech": {"headphone_jack": value}}).speech.headphone_jack == value
    with pytest.raises(ConfigError, match="speech.headphone_jack"):
        from_mapping({"speech": {"headphone_jack": "headphones"}})


def test_doctor_says_whether_a_headphone_jack_was_found(tmp_path, monkeypatch):
    off = check_headphone_jack(Config(speech=SpeechSection("off")))
    assert off.ok and not off.warning and "off" in off.detail
    proc = tmp_path / "devices"
    proc.write_text("", encoding="utf-8")
    monkeypatch.setattr(jack, "PROC_DEVICES", proc)
    monkeypatch.setattr(jack, "DEV_INPUT", tmp_path)
    none = check_headphone_jack(Config())
    assert none.ok and none.warning and "none found" in none.detail
    proc.write_text(LISTING, encoding="utf-8")
    missing = check_headphone_jack(Config())
    assert not missing.ok and "HDA Intel PCH Front Headphone" in missing.detail and "ENOENT" in missing.detail
    os.mkfifo(tmp_path / "event11")  # the device substitute
    found = check_headphone_jack(Config())
    assert found.ok and not found.warning
    assert found.detail == f"HDA Intel PCH Front Headphone at {tmp_path / 'event11'} (state unknown)"
    named = check_headphone_jack(Config(speech=SpeechSection(str(tmp_path / "event11"))))
    assert named.ok and named.detail == f"{tmp_path / 'event11'} (state unknown)"
