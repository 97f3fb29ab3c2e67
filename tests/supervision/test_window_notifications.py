"""SEC-02: what the resident window tells its supervisor, over a real datagram socket — READY=1
only once the language screen is painted, a STATUS naming each screen (never what the resident
entered) and WATCHDOG=1 pings from the GUI thread."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from kiosk.config import Config
from kiosk.watchdog import Notifier, parse_message

pytestmark = pytest.mark.gui


@pytest.fixture
def listener() -> Iterator[tuple[str, socket.socket]]:
    name = f"kiosk-test/{uuid.uuid4().hex}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_NONBLOCK)
    sock.bind(b"\0" + name.encode())
    yield "@" + name, sock
    sock.close()


def drain(sock: socket.socket) -> list[dict[str, str]]:
    messages = []
    while True:
        try:
            messages.append(parse_message(sock.recv(4096)))
        except BlockingIOError:
            return messages


def test_ready_after_first_paint_then_a_status_per_screen_and_pings(qtbot, listener):
    from kiosk.ui.app import screen_name
    from kiosk.ui.supervision import supervise_window
    from kiosk.ui.window import KioskWindow

    name, sock = listener
    window = KioskWindow(Config(), catalogue=None, card_worker=None, output=None, database=None, dpi=96.0)
    window.staff_exit_allowed = True
    qtbot.addWidget(window)
    supervision = supervise_window(window, window.stack, app_name="kiosk",
                                   screen_name=lambda w: screen_name(window, w),
                                   notifier=Notifier(socket_name=name, interval=0.1))
    assert supervision is not None
    assert drain(sock) == []  # nothing painted yet: not ready
    window.resize(1280, 900)
    window.show()
    messages: list[dict[str, str]] = []

    def got(fields: dict[str, str]) -> bool:
        messages.extend(drain(sock))
        return any(m.items() >= fields.items() for m in messages)

    qtbot.waitUntil(lambda: got({"READY": "1", "STATUS": "kiosk: language"}), timeout=10_000)
    qtbot.waitUntil(lambda: got({"WATCHDOG": "1"}), timeout=10_000)
    qtbot.mouseClick(window.screens[window.journey.screen].buttons["en"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: got({"STATUS": "kiosk: notice"}), timeout=10_000)
    assert sum(1 for m in messages if "READY" in m) == 1
    window.timer.stop()
    supervision.timer.stop()


def test_no_supervisor_no_notifications(qtbot, monkeypatch):
    from kiosk.ui.supervision import supervise_window
    from kiosk.ui.window import KioskWindow

    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    window = KioskWindow(Config(), catalogue=None, card_worker=None, output=None, database=None, dpi=96.0)
    window.staff_exit_allowed = True
    qtbot.addWidget(window)
    assert supervise_window(window, window.stack, app_name="kiosk", screen_name=str) is None
    window.timer.stop()
