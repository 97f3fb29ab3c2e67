"""The PIN pad a resident holds at the counter, free of Qt (issue #17: "the resident taps their
card and types the PIN on a PIN pad they hold or on the resident screen — never the clerk";
SEC-04, PRIV-03): its keys decoded from the bytes the kernel writes (``struct input_event``), the
device opened and grabbed, the setting, and ``kiosk doctor``'s line.

The kernel's evdev cannot run here (no /dev/input, no uinput): a FIFO stands in for the device
where one must be opened; the grab's ioctl is refused on it (ENOTTY: nothing to grab)."""

from __future__ import annotations

import logging
import os

import pytest

from kiosk import evdev, i18n
from kiosk.config import SHIPPED_LANGUAGES, Config, CounterSection, from_mapping
from kiosk.counter import pin_pad
from kiosk.counter.pin_pad import PinKey, PinPadDecoder, PinPadError, open_pin_pad
from kiosk.doctor import check_pin_pad
from kiosk.errors import ConfigError
from kiosk.evdev import EV_KEY, EV_SYN, SYN_DROPPED, SYN_REPORT, event_bytes

MSC_SCAN = 4  # EV_MSC's MSC_SCAN, which a USB keyboard sends before each key


def key(code: int, value: int = 1) -> bytes:
    """One key event as a USB keypad reports it: the scan code, the key, the report's end."""
    return event_bytes(0x04, MSC_SCAN, 0x70000 + code, 1, 2) + event_bytes(EV_KEY, code, value, 1, 2) \
        + event_bytes(EV_SYN, SYN_REPORT, 0, 1, 2)


def tap(code: int) -> bytes:
    return key(code, 1) + key(code, 0)


def test_the_key_codes_are_the_kernels():
    """include/uapi/linux/input-event-codes.h, as /usr/include/linux/input-event-codes.h says."""
    header = "/usr/include/linux/input-event-codes.h"
    defined: dict[str, int] = {}
    with open(header, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[0] == "#define" and parts[1].startswith("KEY_"):
                try:
                    defined[parts[1]] = int(parts[2], 0)
                except ValueError:
                    pass
    names = ["KEY_ESC", "KEY_BACKSPACE", "KEY_ENTER", "KEY_NUMLOCK", "KEY_KPENTER", "KEY_DELETE",
             *(f"KEY_{n}" for n in range(10)), *(f"KEY_KP{n}" for n in range(10))]
    for name in names:
        assert getattr(pin_pad, name) == defined[name], name
    assert evdev.EVIOCGRAB == 0x40044590  # _IOW('E', 0x90, int)


def test_keypad_and_top_row_digits_enter_backspace_decoded_with_repeats_and_releases_ignored():
    decoder = PinPadDecoder()
    typed = (tap(pin_pad.KEY_KP1) + key(pin_pad.KEY_KP2) + key(pin_pad.KEY_KP2, 2) + key(pin_pad.KEY_KP2, 2)
             + key(pin_pad.KEY_KP2, 0) + tap(pin_pad.KEY_3) + tap(pin_pad.KEY_BACKSPACE) + tap(pin_pad.KEY_KP0)
             + tap(pin_pad.KEY_9) + tap(pin_pad.KEY_KPENTER) + tap(pin_pad.KEY_ENTER))
    keys: list[PinKey] = []
    for start in range(0, len(typed), 7):  # a read may end in the middle of an event
        keys += decoder.feed(typed[start:start + 7])
    assert keys == [PinKey.D1, PinKey.D2, PinKey.D3, PinKey.BACK, PinKey.D0, PinKey.D9, PinKey.OK, PinKey.OK]
    # Every digit, on the keypad and on the top row.
    assert decoder.feed(b"".join(tap(getattr(pin_pad, f"KEY_KP{n}")) for n in range(10))) == [
        PinKey(str(n)) for n in range(10)]
    assert decoder.feed(b"".join(tap(getattr(pin_pad, f"KEY_{n}")) for n in range(10))) == [
        PinKey(str(n)) for n in range(10)]
    assert decoder.feed(tap(pin_pad.KEY_DELETE) + tap(pin_pad.KEY_ESC)) == [PinKey.CLEAR, PinKey.CLEAR]


def test_numlock_off_leaves_the_keypad_digits_digits_and_other_keys_do_nothing():
    decoder = PinPadDecoder()
    # NumLock pressed (off), then the keypad's 7 8 9: the same codes, still digits (no layout here).
    assert decoder.feed(tap(pin_pad.KEY_NUMLOCK) + tap(pin_pad.KEY_KP7) + tap(pin_pad.KEY_KP8)
                        + tap(pin_pad.KEY_KP9)) == [PinKey.D7, PinKey.D8, PinKey.D9]
    kp_minus, kp_dot, letter_a = 74, 83, 30
    assert decoder.feed(tap(kp_minus) + tap(kp_dot) + tap(letter_a) + event_bytes(0x11, 0, 1)) == []  # and an LED
    assert decoder.feed(b"\x01" * 23) == []  # short of an event: waits for the rest


def test_events_lost_by_the_kernel_clear_what_was_typed():
    decoder = PinPadDecoder()
    assert decoder.feed(tap(pin_pad.KEY_KP4)) == [PinKey.D4]
    lost = event_bytes(EV_SYN, SYN_DROPPED, 0) + event_bytes(EV_KEY, pin_pad.KEY_KP5, 1) \
        + event_bytes(EV_SYN, SYN_REPORT, 0)
    assert decoder.feed(lost) == [PinKey.CLEAR]  # the 5 of the stale report is not typed
    assert decoder.feed(tap(pin_pad.KEY_KP6)) == [PinKey.D6]


def test_a_fifo_has_nothing_to_grab_and_a_missing_pad_is_a_typed_error(tmp_path, caplog):
    fifo = tmp_path / "usb-keypad-event-kbd"
    os.mkfifo(fifo)
    with caplog.at_level(logging.INFO, logger="kiosk"):
        opened = open_pin_pad(fifo)
    try:
        assert not opened.grabbed  # ENOTTY: not an input device
        assert os.read(opened.fd, 24) == b""  # non-blocking: no writer yet, and the read did not wait
    finally:
        os.close(opened.fd)
    assert "pin pad: nothing to grab (ENOTTY)" in caplog.text
    with pytest.raises(PinPadError) as caught:
        open_pin_pad(tmp_path / "event9")
    assert caught.value.params["code"] == "ENOENT" and caught.value.key == "counter.pin_pad_unavailable"
    for lang in SHIPPED_LANGUAGES:  # the clerk may work in any shipped language
        for message in ("counter.pin_pad_unavailable", "counter.pin_pad_gone"):
            assert i18n.text(message, lang) != message


def test_the_setting_takes_off_or_a_path_and_doctor_reports_it(tmp_path):
    assert Config().counter.pin_pad == "off"
    for value in ("off", "/dev/input/by-id/usb-Keypad-event-kbd"):
        assert from_mapping({"counter": {"pin_pad": value}}).counter.pin_pad == value
    with pytest.raises(ConfigError, match="counter.pin_pad"):
        from_mapping({"counter": {"pin_pad": "keypad"}})
    off = check_pin_pad(Config())
    assert off.ok and not off.warning and "off" in off.detail
    missing = check_pin_pad(Config(counter=CounterSection(str(tmp_path / "event9"))))
    assert not missing.ok and "ENOENT" in missing.detail and "not plugged in" in missing.detail
    fifo = tmp_path / "event9"
    os.mkfifo(fifo)
    fifo_pad = check_pin_pad(Config(counter=CounterSection(str(fifo))))
    assert fifo_pad.ok and fifo_pad.warning and "nothing to grab" in fifo_pad.detail
