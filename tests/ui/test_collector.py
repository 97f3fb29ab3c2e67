"""Qt objects in reference cycles are deleted on the GUI thread, never by another thread's
allocation (kiosk.ui.collector; REL-: a station runs for days with card, listener and runner
threads beside its GUI thread)."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui.collector import collect_on_gui_thread, due_generation
from tests.ui.helpers import until


@pytest.mark.parametrize(("counts", "expected"), [
    ((0, 0, 0), None),
    ((700, 10, 10), None),  # at the thresholds: not over them
    ((701, 0, 0), 0),
    ((701, 11, 0), 1),
    ((5, 11, 3), 1),  # a generation is due by its own count, whatever the younger's
    ((701, 11, 11), 2),
    ((0, 0, 11), 2),
])
def test_the_generation_due_is_the_one_python_would_collect(counts, expected):
    assert due_generation(counts, (700, 10, 10)) == expected


def test_no_generation_is_due_while_collection_is_switched_off():
    assert due_generation((10_000, 100, 100), (0, 10, 10)) is None


def _closed_windows_in_cycles(count: int) -> list[weakref.ref[QWidget]]:
    """Windows as a station leaves them: closed, each with a running timer, and held by a list the
    window holds (a reference cycle only the collector frees)."""
    refs = []
    for i in range(count):
        window = QWidget()
        layout = QVBoxLayout(window)
        layout.addWidget(QLabel(f"number {i}"))
        timer = QTimer(window)
        timer.start(60_000)
        window.held = [window]  # type: ignore[attr-defined]
        window.show()
        window.close()
        refs.append(weakref.ref(window))
    return refs


def _allocate_in_a_thread() -> None:
    """A listener's or a card reader's thread making objects: enough to set off Python's automatic
    collector many times over, were it on."""
    def work() -> None:
        kept = [[n] for n in range(50_000)]
        del kept

    thread = threading.Thread(target=work, name="allocating")
    thread.start()
    thread.join()


def test_windows_in_cycles_are_deleted_on_the_gui_thread_not_by_another_thread(qapp, qtbot):
    collect_on_gui_thread(qapp).collect_due()
    refs = _closed_windows_in_cycles(30)
    _allocate_in_a_thread()
    assert all(ref() is not None for ref in refs), "a window was deleted by another thread's allocation"
    kept = [[n] for n in range(2_000)]  # the GUI thread's own allocation: a generation is due
    until(lambda: all(ref() is None for ref in refs), "the GUI thread's collector deletes them")
    del kept


def test_the_collector_keeps_pace_with_allocation_on_the_gui_thread(qapp, qtbot):
    """Cycles made on the GUI thread go without anything else asking: the collector's timer finds
    a generation due, as Python's own collector would."""
    collector = collect_on_gui_thread(qapp)
    before = sum(collector.collections)
    refs = _closed_windows_in_cycles(5)
    kept = [[n] for n in range(2_000)]  # over the first threshold
    until(lambda: all(ref() is None for ref in refs), "the collector's timer deletes them")
    assert sum(collector.collections) > before
    del kept


def test_every_station_gets_the_same_collector(qapp):
    from kiosk.ui.app import application

    assert collect_on_gui_thread(application()) is collect_on_gui_thread(qapp)
    assert not gc.isenabled()


@pytest.fixture
def unfrozen():
    """What a test sets aside goes back into the collections at its end."""
    yield
    gc.unfreeze()


def test_a_station_sets_what_it_holds_aside_once_it_is_up_not_before(qapp, window, unfrozen):
    """The kiosk and the counter (``kiosk run``, ``kiosk counter``): while the catalogue is being
    loaded nothing is set aside; once the journey is ready and the runner idle, everything alive is,
    out of every later collection."""
    from kiosk.ui.app import set_aside_once_up

    window.journey.hold_start()  # the catalogue is being loaded
    set_aside_once_up(qapp, window.journey)
    QTest.qWait(1_500)
    assert gc.get_freeze_count() == 0
    window.journey.ready()
    until(lambda: gc.get_freeze_count() > 0, "set aside")
    assert gc.is_tracked(window)
    assert not any(obj is window for obj in gc.get_objects())  # no longer gone through by a collection
