"""The operations runner (rule 12): work runs off the GUI thread, results and errors come back on it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, QThread

from kiosk.ui.operations import OperationsRunner

pytestmark = pytest.mark.gui


@pytest.fixture
def ops(qapp):
    runner = OperationsRunner()
    yield runner
    runner.shutdown()


def test_work_runs_off_the_gui_thread_and_result_arrives_on_it(ops):
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["work_thread"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback_is_gui"] = QThread.currentThread() is ops.thread()

    ops.run(work, done)
    assert ops.wait_idle(5000)
    assert seen["value"] == 42
    assert seen["work_thread"] != gui
    assert seen["callback_is_gui"] is True


def test_error_goes_to_on_failure_and_without_it_to_failed_signal(ops, qtbot):
    errors: list[Exception] = []

    def boom() -> None:
        raise ValueError("secret personal text")

    ops.run(boom, on_failure=errors.append)
    assert ops.wait_idle(5000)
    assert isinstance(errors[0], ValueError)
    with qtbot.waitSignal(ops.failed, timeout=5000) as blocker:
        ops.run(boom)
    assert blocker.args == ["ValueError"]


def test_busy_is_announced_while_work_runs(ops, qtbot):
    release = threading.Event()
    states: list[bool] = []
    ops.busy_changed.connect(states.append)
    ops.run(release.wait)
    assert states == [True]
    assert ops.pending == 1
    release.set()
    assert ops.wait_idle(5000)
    assert states == [True, False]


def test_callback_skipped_when_owner_is_gone(ops):
    owner = QObject()
    called: list[int] = []
    release = threading.Event()

    def work() -> int:
        release.wait(5)
        return 1

    ops.run(work, called.append, owner=owner)
    owner.deleteLater()
    del owner
    from PySide6.QtCore import QCoreApplication, QEvent
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    release.set()
    assert ops.wait_idle(5000)
    assert called == []


def test_low_priority_work_waits_for_the_work_the_gui_waits_for_and_is_not_busy(ops, qtbot):
    """run_later (speech made ahead, A11Y-06): it starts only once nothing started by run() is
    pending, one at a time in the order given, and never counts as busy; work run() submits
    while it runs is not queued behind it."""
    order: list[str] = []
    release = threading.Event()
    states: list[bool] = []
    ops.busy_changed.connect(states.append)
    ops.run(lambda: (release.wait(5), order.append("screen"))[1])
    ops.run_later(lambda: order.append("ahead 1"))
    ops.run_later(lambda: order.append("ahead 2"))
    qtbot.wait(50)
    assert order == []  # nothing ahead while the screen's work runs
    release.set()
    assert ops.wait_idle(5000, later=False)
    assert order[0] == "screen"
    assert ops.wait_idle(5000)
    assert order == ["screen", "ahead 1", "ahead 2"]
    assert states == [True, False]  # busy for the screen's work alone

    started = threading.Event()
    hold = threading.Event()
    ops.run_later(lambda: (started.set(), hold.wait(5), order.append("ahead 3"))[2])
    ops.run_later(lambda: order.append("ahead 4"))
    assert started.wait(5)  # runs on a worker, blocking it
    ops.run(lambda: order.append("next screen"))  # goes to the other worker at once
    assert ops.wait_idle(5000, later=False)
    assert order[-1] == "next screen" and not ops.busy and ops.pending == 2
    hold.set()
    assert ops.wait_idle(5000)
    assert order[-3:] == ["next screen", "ahead 3", "ahead 4"]
