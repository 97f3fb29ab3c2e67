"""SEC-02: the sd_notify protocol the kiosk speaks to systemd or ``kiosk supervise``, over real
datagram sockets (abstract names and paths)."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.watchdog import Notifier, parse_message, socket_address, watchdog_interval


@pytest.fixture
def abstract_listener() -> Iterator[tuple[str, socket.socket]]:
    name = f"kiosk-test/{uuid.uuid4().hex}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(b"\0" + name.encode())
    sock.settimeout(5)
    yield "@" + name, sock
    sock.close()


def received(sock: socket.socket) -> dict[str, str]:
    return parse_message(sock.recv(4096))


def test_ready_with_status_reaches_an_abstract_socket(abstract_listener):
    name, sock = abstract_listener
    notifier = Notifier.from_environ({"NOTIFY_SOCKET": name})
    assert notifier.enabled
    assert notifier.ready("kiosk: language")
    assert received(sock) == {"READY": "1", "STATUS": "kiosk: language"}
    assert notifier.ping()
    assert received(sock) == {"WATCHDOG": "1"}
    assert notifier.stopping()
    assert received(sock) == {"STOPPING": "1"}


def test_a_path_socket_works_too(tmp_path: Path):
    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(path))
        sock.settimeout(5)
        assert Notifier.from_environ({"NOTIFY_SOCKET": str(path)}).status("clerk: scan")
        assert received(sock) == {"STATUS": "clerk: scan"}


def test_without_a_supervisor_nothing_is_sent():
    notifier = Notifier.from_environ({})
    assert not notifier.enabled and notifier.interval is None
    assert not notifier.ready("kiosk: language")
    assert not notifier.ping()


def test_a_relative_socket_name_is_refused():
    assert not Notifier.from_environ({"NOTIFY_SOCKET": "notify.sock"}).enabled


def test_a_status_cannot_smuggle_another_field(abstract_listener):
    name, sock = abstract_listener
    Notifier(socket_name=name).status("language\nREADY=1")
    assert received(sock) == {"STATUS": "language READY=1"}


def test_watchdog_interval_is_half_the_supervisors_limit():
    assert watchdog_interval({"WATCHDOG_USEC": "10000000"}) == 5.0
    assert watchdog_interval({"WATCHDOG_USEC": "4000000", "WATCHDOG_PID": str(os.getpid())}) == 2.0
    assert watchdog_interval({"WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "1"}) is None  # meant for another process
    assert watchdog_interval({"WATCHDOG_USEC": "0"}) is None
    assert watchdog_interval({}) is None
    assert Notifier.from_environ({"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "2000000"}).interval == 1.0
    assert Notifier.from_environ({"WATCHDOG_USEC": "2000000"}).interval is None  # no socket, no pings


def test_a_vanished_supervisor_is_logged_once_and_never_raises(caplog):
    notifier = Notifier(socket_name=f"@kiosk-test/{uuid.uuid4().hex}-nobody-listens")
    with caplog.at_level(logging.WARNING, logger="kiosk.watchdog"):
        assert not notifier.ping()
        assert not notifier.ping()
    assert len([r for r in caplog.records if "notification failed" in r.getMessage()]) == 1


def test_socket_address_forms():
    assert socket_address("@kiosk/1") == b"\0kiosk/1"
    assert socket_address("/run/user/1000/notify") == "/run/user/1000/notify"


def test_malformed_lines_are_skipped():
    assert parse_message(b"READY=1\ngarbage\n=x\nstatus=lower\nSTATUS=a=b") == {"READY": "1", "STATUS": "a=b"}
