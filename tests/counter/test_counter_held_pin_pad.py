"""The PIN pad the resident holds, at the counter (issue #17: "the resident taps their card and
types the PIN on a PIN pad they hold or on the resident screen — never the clerk"; SEC-04: the
clerk sees no digit; PRIV-03: the PIN never reaches a log; SEC-05: a wrong PIN shows the tries
left). The reference family on the real card stack (the parents' virtual cards on pcscd/vpcd),
``counter.pin_pad`` set to the device the test writes key events into: the parents' cards are
read with the PIN typed on the held pad, a wrong PIN typed there gives the tries left, keys
pressed before the PIN is asked are dropped, and when the device goes away mid-PIN the clerk is
told and the resident's touch pad finishes the PIN.

The kernel's evdev cannot run here (no /dev/input, no uinput): a FIFO stands in for the keypad's
``/dev/input/by-id/…-event-kbd`` node, written with the ``struct input_event`` records a USB
keypad sends; the grab is refused on it (ENOTTY) and nothing else reads it anyway."""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from typing import Any

from device_fifo import left_unread, no_reader
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from kiosk import i18n
from kiosk.config import Config, CounterSection
from kiosk.counter import CardStage, CounterState
from kiosk.counter import pin_pad as codes
from kiosk.evdev import EV_KEY, EV_SYN, SYN_REPORT, event_bytes
from kiosk.journey import Screen
from kiosk.ui import reference
from kiosk.ui.counter.reference_counter import start_reference
from kiosk.ui.counter.window_fit import as_windows, clerk_misfits
from kiosk.ui.operations import runner
from kiosk.ui.play_hands import PIN

CLERK = ("held-pad-clerk", "an invented passphrase 7")
RESIDENT_LANG = "vi"
CLERK_LANG = "ne"  # a clerk's window in Nepali (its messages are the longest)
KP = {str(n): getattr(codes, f"KEY_KP{n}") for n in range(10)}
TOP = {str(n): getattr(codes, f"KEY_{n}") for n in range(10)}
WRONG = "9876"


class Enough(Exception):
    """The cards are read and the first form is under review: the play stops there."""


def key(code: int, value: int) -> bytes:
    return event_bytes(EV_KEY, code, value, 5, 6) + event_bytes(EV_SYN, SYN_REPORT, 0, 5, 6)


def taps(*key_codes: int) -> bytes:
    return b"".join(key(code, 1) + key(code, 0) for code in key_codes)


class ClerkKeys(QObject):
    """Counts the key presses that reach the clerk's window while a PIN is asked."""

    def __init__(self, counter: Any) -> None:
        super().__init__()
        self.counter, self.seen = counter, 0
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() is QEvent.Type.KeyPress and isinstance(watched, QWidget) \
                and watched.window() is self.counter.clerk.window() \
                and self.counter.controller.state().card_stage is CardStage.PIN:
            self.seen += 1
        return False

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)


def clerk_texts(clerk: QWidget) -> list[str]:
    return [w.text() for w in clerk.findChildren(QLabel)] + [w.text() for w in clerk.findChildren(QLineEdit)]


def test_the_parents_type_their_pins_on_the_held_pad_and_never_the_clerk(qapp, tmp_path, pcsc, caplog):
    device = tmp_path / "usb-Invented_Keypad-event-kbd"
    os.mkfifo(device)
    config = reference.demo_config(Config(), tmp_path / "data")
    config = replace(config, counter=CounterSection(pin_pad=str(device)))
    caplog.set_level(logging.DEBUG)
    ref = start_reference(config, printer=False, clerk=CLERK)
    as_windows(ref.counter)
    counter, simulator = ref.counter, ref.simulator
    c, clerk, resident, pad, held = counter.controller, counter.clerk, counter.resident, counter.resident.pin, counter.held
    assert held is not None
    clerk_keys = ClerkKeys(counter)
    writer: list[int] = []
    seen: dict[str, Any] = {}

    def write(data: bytes) -> None:
        os.write(writer[0], data)

    def on_card(index: int) -> None:
        if index == 0:  # keys pressed while the card is being placed: read and dropped
            play.wait(lambda: held.reading, "the held pad read")
            writer.append(os.open(device, os.O_WRONLY))
            write(taps(KP["5"], KP["6"], codes.KEY_KPENTER))
            play.wait(lambda: held.dropped == 3, "the early keys read")
        simulator.replace_card(ref.cards[index])
        simulator.insert()

    def type_pin(index: int) -> None:
        seen.setdefault("pad_at_pin", []).append(pad.length)  # nothing of the early keys
        if index == 0:
            write(taps(*(KP[d] for d in WRONG), codes.KEY_KPENTER))  # a wrong PIN, on the keypad
            play.wait(lambda: c.state().card_stage is CardStage.PIN and c.state().tries_left == 2, "the wrong PIN")
            seen["wrong"] = (resident.heading.text(), resident.body.text(), pad.length)
            seen["clerk_before"] = clerk_texts(clerk)
            # The right one: keypad and top-row digits, a held key's repeats, a slip taken back.
            write(key(KP[PIN[0]], 1) + key(KP[PIN[0]], 2) + key(KP[PIN[0]], 2) + key(KP[PIN[0]], 0)
                  + taps(TOP[PIN[1]], KP["8"], codes.KEY_BACKSPACE))
            play.wait(lambda: pad.length == 2, "two digits")
            seen["prompt"] = clerk.prompt.text()
            seen["clerk_after"] = clerk_texts(clerk)
            write(taps(KP[PIN[2]], TOP[PIN[3]], codes.KEY_ENTER))
            return
        if index == reference.SON:  # the held pad went away with the second parent: his by touch
            for digit in PIN:
                play.tap(pad.keys[digit])
            play.tap(pad.keys["ok"])
            return
        write(taps(KP[PIN[0]], KP[PIN[1]]))  # the second parent: two digits, then the pad goes away
        play.wait(lambda: pad.length == 2, "two digits")
        os.close(writer.pop())
        play.wait(lambda: held.closed_by == "eof", "the held pad gone")
        seen["gone"] = (clerk.message.text(), pad.length, c.state().card_stage)
        seen["fit"] = clerk_misfits(clerk)  # the message too, at every size
        for digit in PIN[2:]:  # the resident's touch pad goes on
            play.tap(pad.keys[digit])
        play.tap(pad.keys["ok"])

    def on_step(step: str) -> None:
        if step.startswith("review-"):
            raise Enough

    play = ref.player(reference.household(), on_card=on_card, type_pin=type_pin, on_step=on_step)
    try:
        play.sign_in(*CLERK)
        try:
            play.play(RESIDENT_LANG)
        except Enough:
            pass
        assert c.journey.screen is Screen.REVIEW
        members = c.session.members
        for n in (0, 1):  # both parents' cards really read: their data from the card
            assert members[n].card["name"] == ref.cards[n].persona.name
            assert members[n].card["birth_date"] == ref.cards[n].persona.birth_date
    finally:
        clerk_keys.stop()
        for fd in writer:
            os.close(fd)
        ref.stop()
        runner().wait_idle()
    assert seen["pad_at_pin"] == [0, 0, 0]  # keys pressed before the PIN was asked never became digits
    heading, body, digits = seen["wrong"]
    assert heading == i18n.text("resident.card_pin", RESIDENT_LANG)
    assert body == i18n.text("resident.card_tries_left", RESIDENT_LANG, n=2) and digits == 0
    assert seen["prompt"] == "1: " + i18n.text("counter.pin_on_resident", "ja", n=2)  # the count, as for touches
    changed = [(was, now) for was, now in zip(seen["clerk_before"], seen["clerk_after"], strict=True) if was != now]
    assert changed == [("1: " + i18n.text("counter.pin_on_resident", "ja", n=0), seen["prompt"])]  # nothing else
    message, digits, stage = seen["gone"]
    assert message == i18n.text("counter.pin_pad_gone", "ja") and digits == 2 and stage is CardStage.PIN
    assert not any(seen["fit"].values()), seen["fit"]
    assert clerk_keys.seen == 0  # no key of the held pad reached the clerk's window
    logged = [record.getMessage() for record in caplog.records]
    assert "pin pad: closed (eof)" in logged and "pin pad: nothing to grab (ENOTTY)" in logged
    assert not any(PIN in line or WRONG in line for line in logged)  # PRIV-03
    assert not any("Traceback" in line for line in logged)


def test_a_pad_that_cannot_be_used_is_told_to_the_clerk(qtbot, catalogue_port, tmp_path, caplog):
    from kiosk.ui.counter.app import build

    caplog.set_level(logging.INFO)
    made = build(catalogue_port, pin_pad=str(tmp_path / "not-plugged-in"), lang=CLERK_LANG)
    as_windows(made)
    made.clerk.stack.setCurrentWidget(made.clerk.work_page)
    try:
        held = made.held
        assert held is not None
        qtbot.waitUntil(lambda: held.problem is not None)
        assert held.problem == "ENOENT" and not held.reading
        assert made.clerk.message.text() == i18n.text("counter.pin_pad_unavailable", CLERK_LANG)
        assert not any(clerk_misfits(made.clerk).values())
        assert "pin pad: not used (ENOENT)" in [record.getMessage() for record in caplog.records]
        made.controller.start("ja")  # a new resident: the message went with the last one
        assert made.clerk.message.text() == ""
        # When a card's PIN is asked, the clerk is told again that the resident's screen is the way.
        held.counter_changed(CounterState(Screen.CARD, "ja", card_member=0, card_stage=CardStage.PIN))
        qtbot.waitUntil(lambda: made.clerk.message.text() == i18n.text("counter.pin_pad_unavailable", CLERK_LANG))
    finally:
        made.shutdown()


def test_keys_waiting_when_the_pin_is_asked_are_dropped_and_a_pad_gone_by_then_is_told(qtbot, catalogue_port, tmp_path):
    """Keys the kernel still holds when the PIN pad comes on show were pressed before it: they
    are read and dropped, not typed; the pad's end found then is told to the clerk once."""
    from kiosk.ui.counter.app import build

    device = tmp_path / "usb-Invented_Keypad-event-kbd"
    os.mkfifo(device)
    made = build(catalogue_port, pin_pad=str(device))
    try:
        held = made.held
        assert held is not None
        qtbot.waitUntil(lambda: held.reading)
        writer = os.open(device, os.O_WRONLY)
        os.write(writer, taps(KP["1"], KP["2"], codes.KEY_KPENTER))
        os.close(writer)  # and the pad unplugged, before the event loop has read any of it
        held.counter_changed(CounterState(Screen.CARD, "ja", card_member=0, card_stage=CardStage.PIN))
        assert held.dropped == 3 and made.resident.pin.length == 0 and held.closed_by == "eof"
        qtbot.waitUntil(lambda: made.clerk.message.text() == i18n.text("counter.pin_pad_gone", "ja"))
    finally:
        made.shutdown()


def test_a_counter_shut_down_while_its_pad_was_opened_leaves_the_pad_closed_and_unread(qtbot, catalogue_port, tmp_path):
    """Opening and grabbing run on the operations runner: a counter shut down before the pad is
    open closes it as soon as it is open, so no grab outlives the counter (a grabbed keypad's keys
    reach no other program until the process ends). Keys typed afterwards stay unread: none is
    dropped, none typed."""
    from kiosk.ui.counter.app import build

    device = tmp_path / "usb-Invented_Keypad-event-kbd"
    os.mkfifo(device)
    made = build(catalogue_port, pin_pad=str(device))
    held = made.held
    assert held is not None
    made.shutdown()  # the pad is still being opened: its result has not come back to the GUI thread
    runner().wait_idle()
    QApplication.processEvents()
    no_reader(device)
    assert not held.reading
    typed = taps(KP["1"], KP["2"], codes.KEY_KPENTER)
    assert left_unread(device, typed) == typed
    assert held.dropped == 0 and made.resident.pin.length == 0 and not held.reading
