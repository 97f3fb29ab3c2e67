"""The operations runner: work that may take longer than a frame (rendering, signing, printing and
print polling, database reads and writes, catalogue reload, argon2 sign-in, speech) runs on a
worker thread; its result or its error comes back to the GUI thread (rule 12, in the manner of
Anki's ``aqt/operations``).

    runner.run(lambda: render(bundle), on_success=show_sheets, on_failure=show_error)

``work`` must not touch widgets. ``on_success`` and ``on_failure`` run on the GUI thread, and only
while ``owner`` (if given) is still alive. An error without ``on_failure`` is logged by type (never
by message, which may carry personal data) and announced through :attr:`OperationsRunner.failed`.
:attr:`OperationsRunner.busy_changed` tells a screen to show progress while anything is running.

Work nobody waits for (speech made ahead of the screens the resident may reach) goes through
:meth:`OperationsRunner.run_later`: it starts only while no other operation is pending, one at a
time, on a worker of its own, so that it never sits in a queue ahead of work the GUI waits for
and never takes a worker from it; it does not count as busy. (Speech made ahead also runs its
engines at the lowest processor priority: kiosk.jtalk_ahead, kiosk.speech.engines.)
"""

from __future__ import annotations

import sys
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEvent, QObject, QThread, QTimer, Signal

from kiosk.log import get_logger

LOG = get_logger(__name__)

T = TypeVar("T")

# How long a worker may keep the interpreter lock while the GUI thread waits for it (Python's
# default is 5 ms). The GUI thread gives the lock up at every call into Qt and takes it back on
# return; behind a busy worker (rendering, catalogue loading) each of those returns would wait up
# to the whole interval, and a screen change makes hundreds of them.
SWITCH_INTERVAL_S = 0.0005


class _Delivery(QObject):
    """Lives on the GUI thread; a signal emitted from a worker is queued to it."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._run)

    def _run(self, callback: Callable[[], None]) -> None:
        callback()


class _PaintWatch(QObject):
    """Application event filter: calls ``painted`` at the first paint event, then nothing."""

    def __init__(self, painted: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._painted: Callable[[], None] | None = painted

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if self._painted is not None and event.type() == QEvent.Type.Paint:
            painted, self._painted = self._painted, None
            painted()
        return False


class OperationsRunner(QObject):
    """Runs work off the GUI thread and calls back on it. One per application."""

    busy_changed = Signal(bool)
    failed = Signal(str)  # the error's type name

    def __init__(self, workers: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if sys.getswitchinterval() > SWITCH_INTERVAL_S:
            sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kiosk-op")
        self._later_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-later")
        self._delivery = _Delivery()
        self._lock = threading.Lock()
        self._pending = 0
        self._later: deque[Callable[[], None]] = deque()  # low-priority work not started yet
        self._later_running = False

    @property
    def pending(self) -> int:
        """Operations submitted whose callbacks have not run yet (low-priority work included)."""
        with self._lock:
            return self._pending + len(self._later) + self._later_running

    @property
    def busy(self) -> bool:
        """Work the GUI waits for is pending (low-priority work is not counted)."""
        with self._lock:
            return self._pending > 0

    def run(self, work: Callable[[], T], on_success: Callable[[T], None] | None = None,
            on_failure: Callable[[Exception], None] | None = None, *, owner: QObject | None = None) -> Future[T]:
        """Start ``work`` on a worker thread. Returns its future (for tests and shutdown only: the
        GUI thread never waits on it)."""
        self._change_pending(+1)
        future: Future[T] = self._pool.submit(work)

        def finished(done: Future[T]) -> None:
            self._delivery.deliver.emit(lambda: self._complete(done, on_success, on_failure, owner))

        future.add_done_callback(finished)
        return future

    def run_later(self, work: Callable[[], T], on_success: Callable[[T], None] | None = None,
                  on_failure: Callable[[Exception], None] | None = None, *, owner: QObject | None = None) -> None:
        """Low priority: ``work`` starts once no operation started by :meth:`run` is pending and no
        earlier low-priority work is running (in the order given, one at a time), on a worker of
        its own: it is never queued ahead of work the GUI waits for, and
        what :meth:`run` submits while it runs finds its workers free. Callbacks as for
        :meth:`run`; not counted as busy. Call on the GUI thread. Work whose ``owner`` is gone
        before it starts is dropped."""

        def start() -> None:
            if owner is not None and not shiboken6.isValid(owner):
                self._later_done()
                return
            future: Future[T] = self._later_pool.submit(work)

            def finished(done: Future[T]) -> None:
                self._delivery.deliver.emit(lambda: self._complete_later(done, on_success, on_failure, owner))

            future.add_done_callback(finished)

        with self._lock:
            self._later.append(start)
        self._start_later()

    def _start_later(self) -> None:
        if QThread.currentThread() is not self.thread():
            return
        with self._lock:
            if self._pending or self._later_running or not self._later:
                return
            start = self._later.popleft()
            self._later_running = True
        start()

    def _later_done(self) -> None:
        with self._lock:
            self._later_running = False
        QTimer.singleShot(0, self, self._start_later)  # not from inside the callback: the stack stays flat

    def _complete_later(self, done: Future[T], on_success: Callable[[T], None] | None,
                        on_failure: Callable[[Exception], None] | None, owner: QObject | None) -> None:
        try:
            self._deliver(done, on_success, on_failure, owner)
        finally:
            self._later_done()

    def _complete(self, done: Future[T], on_success: Callable[[T], None] | None,
                  on_failure: Callable[[Exception], None] | None, owner: QObject | None) -> None:
        try:
            self._deliver(done, on_success, on_failure, owner)
        finally:
            self._change_pending(-1)

    def _deliver(self, done: Future[T], on_success: Callable[[T], None] | None,
                 on_failure: Callable[[Exception], None] | None, owner: QObject | None) -> None:
        if owner is not None and not shiboken6.isValid(owner):
            return
        error = done.exception()
        if error is None:
            if on_success is not None:
                on_success(done.result())
        elif not isinstance(error, Exception):
            raise error
        elif on_failure is not None:
            on_failure(error)
        else:
            LOG.error("operation failed: %s", type(error).__name__)
            self.failed.emit(type(error).__name__)

    def after_paint(self, start: Callable[[], None], *, owner: QObject, fallback_ms: int = 500) -> None:
        """Call ``start`` on the GUI thread once the next paint has been drawn (or ``fallback_ms``
        after the event loop first runs if nothing paints, e.g. a window never shown): start-up work
        would otherwise compete with drawing the first screen. Counted as pending until then
        (:meth:`wait_idle` waits for it)."""
        self._change_pending(+1)
        done = False
        app = QCoreApplication.instance()

        def fire() -> None:
            nonlocal done
            if done:
                return
            done = True
            if app is not None:
                app.removeEventFilter(watch)
            watch.deleteLater()
            try:
                if shiboken6.isValid(owner):
                    start()
            finally:
                self._change_pending(-1)

        # The timers belong to the runner, not to ``owner``: if ``owner`` is deleted first they still
        # fire, and the operation stops counting as pending.
        watch = _PaintWatch(lambda: QTimer.singleShot(0, self, fire), parent=self)
        if app is not None:
            app.installEventFilter(watch)
        QTimer.singleShot(0, self, lambda: QTimer.singleShot(fallback_ms, self, fire))

    def _change_pending(self, step: int) -> None:
        with self._lock:
            before = self._pending
            self._pending += step
            after = self._pending
        if (before == 0) != (after == 0) and QThread.currentThread() is self.thread():
            self.busy_changed.emit(after > 0)
        if after == 0:
            self._start_later()

    def wait_idle(self, timeout_ms: int = 30_000, *, later: bool = True) -> bool:
        """Process events until every operation's callback has run (tests, shutdown, soak);
        with ``later=False``, only those of the work the GUI waits for (not :meth:`run_later`'s)."""
        deadline = QDeadlineTimer(timeout_ms)
        app = QCoreApplication.instance()
        while self.pending if later else self.busy:
            if deadline.hasExpired():
                return False
            if app is not None:
                app.processEvents()
            QThread.msleep(2)
        return True

    def shutdown(self) -> None:
        """Let running work finish; callbacks after this are not delivered."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._later_pool.shutdown(wait=True, cancel_futures=True)


_shared: OperationsRunner | None = None


def runner() -> OperationsRunner:
    """The application's runner (created on first use, on the GUI thread)."""
    global _shared
    if _shared is None or not shiboken6.isValid(_shared):
        _shared = OperationsRunner()
    return _shared


def run(work: Callable[[], T], on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None, *, owner: QObject | None = None) -> Future[T]:
    """Shortcut for ``runner().run(...)``."""
    return runner().run(work, on_success, on_failure, owner=owner)



class Reload(Generic[T]):
    """A read that a window repeats whenever its data may have changed (a listener's event, a
    recovered database), one at a time on the runner: asked for while one runs, it runs once
    more when that one ends, so the last change is always shown. ``loaded`` and ``failed`` run
    on the GUI thread while ``owner`` lives."""

    def __init__(self, read: Callable[[], T], loaded: Callable[[T], None], failed: Callable[[Exception], None],
                 *, owner: QObject) -> None:
        self._read, self._loaded, self._failed, self._owner = read, loaded, failed, owner
        self.running = False
        self._again = False

    def start(self) -> None:
        if self.running:
            self._again = True
            return
        self.running = True
        runner().run(self._read, self._done, self._fail, owner=self._owner)

    def _done(self, value: T) -> None:
        self.running = False
        self._loaded(value)
        if self._again:
            self._again = False
            self.start()

    def _fail(self, error: Exception) -> None:
        self.running = self._again = False
        self._failed(error)
