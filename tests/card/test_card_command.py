"""``kiosk card read`` as a process: JSON on stdout, the documented exit codes, the PIN only
from standard input, the 個人番号 only with --my-number (PRIV-02)."""

import json
import os
import subprocess
import sys

import pytest

from kiosk import paths
from kiosk.card.persona import load_persona
from kiosk.card.persona import load_persona as persona
from kiosk.card.simulator import wait_for as wait_until
from kiosk.card.virtual_card import OtherCard

pytestmark = pytest.mark.pcsc


# ``kiosk`` through kiosk.cli.main, with only this subcommand registered (so these tests
# exercise the card command whatever state the other subcommands are in).
KIOSK = [sys.executable, "-c", "import kiosk.cli as c; c.COMMANDS = ('card',); raise SystemExit(c.main())"]


def kiosk_card(*args: str, pin: str = "1234\n") -> tuple[int, dict]:
    env = dict(os.environ, PYTHONPATH=str(paths.PROJECT_ROOT))
    done = subprocess.run([*KIOSK, "card", *args], input=pin.encode(),
                          capture_output=True, timeout=60, env=env, cwd=paths.PROJECT_ROOT)
    assert done.stdout.count(b"\n") == 1, done.stderr.decode()
    return done.returncode, json.loads(done.stdout)


def test_ok_prints_basic_info_only(virtual_card):
    virtual_card(persona("adult"))
    code, out = kiosk_card("read", "--allow-virtual")
    p = load_persona("adult")
    assert code == 0 and out["status"] == "ok"
    assert (out["name"], out["name_family"], out["name_given"]) == (p.name, "緑川", "陽子")
    assert out["address"] == p.address and out["birth_date"] == "1985-04-12" and out["sex"] == "2"
    assert "my_number" not in out


def test_my_number_only_with_the_flag(virtual_card):
    handle = virtual_card(persona("adult"))
    code, out = kiosk_card("read", "--allow-virtual", "--my-number")
    assert code == 0 and out["my_number"] == load_persona("adult").my_number
    assert [e for e in handle.log if e.ins == 0xB0] and handle.card.apdus_since_insert >= 8


def test_wrong_pin_exit_2_then_blocked_exit_3(virtual_card):
    handle = virtual_card(persona("one_try_left"))
    code, out = kiosk_card("read", "--allow-virtual", pin="0000\n")
    assert (code, out["status"], out["tries_left"]) == (3, "blocked", 0)
    code, out = kiosk_card("read", "--allow-virtual", pin="1234\n")
    assert (code, out["status"]) == (3, "blocked")
    assert handle.card.count(0x20, with_data=True) == 1


def test_wrong_pin_reports_tries(virtual_card):
    virtual_card(persona("adult"))
    code, out = kiosk_card("read", "--allow-virtual", pin="9999\n")
    assert (code, out["status"], out["tries_left"], out["message_key"]) == (2, "wrong_pin", 2, "card.wrong_pin")


def test_not_my_number_card_exit_5(virtual_card):
    virtual_card(OtherCard())
    code, out = kiosk_card("read", "--allow-virtual")
    assert (code, out["status"]) == (5, "not_my_number_card")


def test_no_card_exit_4(pcsc):
    code, out = kiosk_card("read", "--allow-virtual", "--wait", "0.3")
    assert (code, out["status"]) == (4, "no_card")


def test_removed_mid_read_exit_4(virtual_card, terminal):
    virtual_card(persona("adult", remove_after_apdu=4))
    code, out = kiosk_card("read", "--allow-virtual")
    assert (code, out["status"]) == (4, "removed")
    assert "name" not in out
    assert wait_until(lambda: not terminal.state().card_present, 30), "pcscd never saw the card go"


def test_virtual_reader_refused_without_the_flag_exit_6(virtual_card):
    virtual_card(persona("adult"))
    code, out = kiosk_card("read")
    assert (code, out["status"]) == (6, "no_reader")


def test_malformed_pin_is_not_sent(virtual_card):
    handle = virtual_card(persona("adult"))
    code, out = kiosk_card("read", "--allow-virtual", pin="12345\n")
    assert (code, out["status"]) == (1, "pin_format")
    assert handle.card.count(0x20, with_data=True) == 0


def test_read_has_no_pin_argument():
    done = subprocess.run([*KIOSK, "card", "read", "--help"], capture_output=True,
                          env=dict(os.environ, PYTHONPATH=str(paths.PROJECT_ROOT)), timeout=60)
    assert b"--pin" not in done.stdout and b"standard input" in done.stdout


def test_simulate_serves_a_persona_file_until_terminated(pcsc, terminal):
    env = dict(os.environ, PYTHONPATH=str(paths.PROJECT_ROOT))
    persona_file = paths.PERSONAS_DIR / "family_parent2.yaml"
    with subprocess.Popen([*KIOSK, "card", "simulate", "--persona", str(persona_file), "--port", "35963"],
                          stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as sim:
        assert sim.stdin is not None
        try:
            assert wait_until(lambda: terminal.state().card_present, 15)
            code, out = kiosk_card("read", "--allow-virtual")
            assert code == 0 and out["name"] == load_persona(persona_file).name
            sim.stdin.write(b"remove\n")
            sim.stdin.flush()
            assert wait_until(lambda: not terminal.state().card_present, 10)
            sim.stdin.write(b"insert\n")
            sim.stdin.flush()
            assert wait_until(lambda: terminal.state().card_present, 10)
        finally:
            sim.terminate()
            assert sim.wait(10) == 0
    assert wait_until(lambda: not terminal.state().card_present, 10)
