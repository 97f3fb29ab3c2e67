"""Headphones plugged in start speech mode in the kiosk window (A11Y-06, EN 301 549 5.1.3), with
real synthesis into WAV files (Qt offscreen); their state is known only when the jack says so
(PRIV-15).

The kernel's evdev cannot run here (no /dev/input, no uinput): ``speech.headphone_jack`` names
a FIFO instead, which the test writes ``struct input_event`` bytes into, as the kernel writes
them to /dev/input/eventN. The ioctl that reads a jack's state fails on a FIFO, so the state is
unknown until the first report."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from device_fifo import left_unread, no_reader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk import i18n
from kiosk.config import Config, SpeechSection
from kiosk.evdev import EV_SW, EV_SYN, SYN_REPORT, event_bytes
from kiosk.journey import Screen
from kiosk.speech.jack import SW_HEADPHONE_INSERT
from kiosk.speech.output import WavSink
from kiosk.ui.operations import runner

from .helpers import until


def _press(key: Qt.Key) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key)
    QApplication.processEvents()


def _jack(value: int) -> bytes:
    return event_bytes(EV_SW, SW_HEADPHONE_INSERT, value) + event_bytes(EV_SYN, SYN_REPORT, 0)


@pytest.fixture
def jacked(kiosk_window, tmp_path):
    """A kiosk window watching a FIFO as its headphone jack, speech into WAV files, and the
    FIFO's writing end (opened once the window reads it); closed at the end."""
    fifo = tmp_path / "event7"
    os.mkfifo(fifo)
    window = kiosk_window(Config(speech=SpeechSection(headphone_jack=str(fifo))), staff_exit=True)
    window.speech.output = WavSink(tmp_path / "speech")
    until(lambda: window.speech.jack.watching, "the jack watched")
    writer = os.open(fifo, os.O_WRONLY)
    yield window, writer
    try:
        os.close(writer)
    except OSError:
        pass


def _spoke(sink: WavSink, text: str) -> bool:
    return any(w.text == text for w in sink.written)


def test_a11y06_headphones_plugged_in_turn_speech_on_and_out_turn_it_off_with_the_volume_reset(jacked):
    window, writer = jacked
    speech = window.speech
    sink = speech.output
    assert isinstance(sink, WavSink)
    assert speech.jack.plugged is None and not speech.on  # PRIV-15: unknown until the jack says
    QTest.mouseClick(window.current_screen().findChild(QPushButton, "lang-en"), Qt.MouseButton.LeftButton)
    assert window.journey.screen is Screen.NOTICE and not speech.on
    os.write(writer, _jack(1)[:30])  # the kernel's report, in two writes
    QTest.qWait(20)
    QApplication.processEvents()
    assert not speech.on  # half a report is nothing yet
    os.write(writer, _jack(1)[30:])
    until(lambda: speech.on, "speech on by the plug")
    assert speech.button.isChecked() and speech.jack.plugged is True
    # Announced as the * key does, in the session's language (English: espeak-ng).
    turned_on = i18n.plain(i18n.text("speech.turned_on", "en"))
    until(lambda: _spoke(sink, turned_on), "the turning on said")
    title = speech.spoken.phrases()[0]
    until(lambda: _spoke(sink, title), "the screen said")
    assert sink.written[0].text == turned_on and {w.voice for w in sink.written} == {speech.voices.for_language("en").key}
    assert not [w for w in sink.written if w.screen == "review-readout"]  # PRIV-15: nothing read out unasked
    _press(Qt.Key.Key_Plus)  # louder, for the headphones
    assert not speech.volume.is_default
    os.write(writer, _jack(0))
    until(lambda: not speech.on, "speech off by the unplug")
    assert speech.volume.is_default and not speech.button.isChecked() and speech.jack.plugged is False
    assert window.journey.screen is Screen.NOTICE  # the resident's place kept


def test_a11y06_speech_turned_on_by_the_key_stays_on_when_the_headphones_come_out(jacked):
    """A blind resident who turned speech on by the key keeps it: unplugging changes where it
    plays, not whether it plays. A speech the plug started and the key turned off and on again
    is the key's too."""
    window, writer = jacked
    speech = window.speech
    _press(Qt.Key.Key_Asterisk)
    assert speech.on
    os.write(writer, _jack(1))
    until(lambda: speech.jack.plugged is True, "the plug read")
    assert speech.on
    _press(Qt.Key.Key_Plus)
    os.write(writer, _jack(0))
    until(lambda: speech.jack.plugged is False, "the unplug read")
    assert speech.on and speech.volume.is_default
    _press(Qt.Key.Key_Asterisk)
    assert not speech.on
    os.write(writer, _jack(1))
    until(lambda: speech.on, "speech on by the plug")
    _press(Qt.Key.Key_Asterisk)
    _press(Qt.Key.Key_Asterisk)  # off and on again by the key
    assert speech.on
    os.write(writer, _jack(0))
    until(lambda: speech.jack.plugged is False, "the unplug read")
    assert speech.on


def test_garbage_and_a_vanished_device_leave_the_kiosk_working_and_the_key_too(jacked, log_file):
    window, writer = jacked
    speech = window.speech
    os.write(writer, b"\xff" * 48 + b"\x5a" * 10)  # garbage, the last of it short of an event
    QTest.qWait(20)
    runner().wait_idle()
    QApplication.processEvents()
    assert not speech.on and speech.jack.watching and speech.jack.plugged is None
    os.close(writer)  # the device is gone
    until(lambda: not speech.jack.watching, "the device closed")
    assert speech.jack.closed_by == "eof" and speech.jack.plugged is None
    _press(Qt.Key.Key_Asterisk)  # the key works as before
    assert speech.on
    _press(Qt.Key.Key_Asterisk)
    assert not speech.on
    QTest.mouseClick(window.current_screen().findChild(QPushButton, "lang-ja"), Qt.MouseButton.LeftButton)
    assert window.journey.screen is Screen.NOTICE
    logged = Path(log_file).read_text(encoding="utf-8")
    assert "headphone jack: closed (eof)" in logged and "Traceback" not in logged


LISTING = """\
I: Bus=0011 Vendor=0001 Product=0001 Version=ab41
N: Name="AT Translated Set 2 keyboard"
H: Handlers=sysrq kbd leds event3
B: EV=120013

I: Bus=0000 Vendor=0000 Product=0000 Version=0000
N: Name="HDA Intel PCH Front Headphone"
P: Phys=ALSA
H: Handlers=event11
B: EV=21
B: SW=4
"""


def test_auto_finds_the_jack_in_the_input_devices_and_off_watches_none(kiosk_window, tmp_path, monkeypatch):
    from kiosk.speech import jack

    proc = tmp_path / "devices"
    proc.write_text(LISTING, encoding="utf-8")
    monkeypatch.setattr(jack, "PROC_DEVICES", proc)
    monkeypatch.setattr(jack, "DEV_INPUT", tmp_path)
    fifo = tmp_path / "event11"
    os.mkfifo(fifo)
    off = kiosk_window(Config(speech=SpeechSection(headphone_jack="off")))
    runner().wait_idle()
    QApplication.processEvents()
    assert not off.speech.jack.watching and off.speech.jack.device is None
    no_reader(fifo)
    _press(Qt.Key.Key_Asterisk)
    assert off.speech.on  # the key as ever
    _press(Qt.Key.Key_Asterisk)
    found = kiosk_window(Config())  # auto, the default
    until(lambda: found.speech.jack.watching, "the jack found and watched")
    assert found.speech.jack.device is not None and found.speech.jack.device.name == "HDA Intel PCH Front Headphone"
    writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    try:
        found.speech.output = WavSink(tmp_path / "speech")
        os.write(writer, _jack(1))
        until(lambda: found.speech.on, "speech on by the plug")
    finally:
        os.close(writer)


def test_a_window_gone_while_its_jack_was_opened_leaves_no_device_open(qtbot, clock, tmp_path):
    """Opening runs on the operations runner: a window closed and deleted meanwhile does not
    keep the device open (no reader is left on the FIFO)."""
    import shiboken6

    from kiosk.ui.window import KioskWindow

    fifo = tmp_path / "event7"
    os.mkfifo(fifo)
    w = KioskWindow(Config(speech=SpeechSection(headphone_jack=str(fifo))), clock=clock, dpi=96.0)
    w.timer.stop()
    shiboken6.delete(w)
    runner().wait_idle()
    QApplication.processEvents()
    no_reader(fifo)


def test_a_window_closed_while_its_jack_was_opened_closes_it_once_open_and_hears_no_plug(qtbot, clock, tmp_path):
    """A window closed, not deleted (a staff exit, the administrator's form preview put away),
    before its jack's device is open: the device is closed as soon as the operations runner has
    opened it, and nothing watches it. A plug written afterwards stays unread and turns no speech
    on."""
    from kiosk.ui.window import KioskWindow

    fifo = tmp_path / "event7"
    os.mkfifo(fifo)
    w = KioskWindow(Config(speech=SpeechSection(headphone_jack=str(fifo))), clock=clock, dpi=96.0)
    qtbot.addWidget(w)
    w.staff_exit_allowed = True
    w.close()  # the device is still being opened: its result has not come back to the GUI thread
    w.timer.stop()
    runner().wait_idle()
    QApplication.processEvents()
    no_reader(fifo)
    jack = w.speech.jack
    assert not jack.watching and jack.plugged is None
    assert left_unread(fifo, _jack(1)) == _jack(1)
    assert not w.speech.on and not jack.watching
