"""Python's cyclic garbage is collected on the GUI thread only.

Python's automatic collector runs in whichever thread's allocation sets it off: a card reader's,
a queue listener's, an operation on the runner. A window or a timer in a reference cycle (a
closed window a list of its own holds, a lambda over ``self``) is then deleted by that thread,
which Qt does not allow: it warns "Timers cannot be stopped from another thread" and, at worst,
corrupts its own state. A full test run once crashed with a segmentation fault in a queue
listener's thread while the public display's fit run left closed display windows to the collector.

So while a Qt application lives, the automatic collector is off, and the GUI thread collects what
Python would have collected, as Python would have (:func:`due_generation`): the same generations,
set off by the same counts and thresholds (``gc.get_count``, ``gc.get_threshold``), a full
collection only once the objects moved to the oldest generation since the last one are a quarter
of those it held. It looks every :data:`INTERVAL_MS`: the work runs in the same small pieces as
Python's own (a worker that makes half a million objects a second makes ten thousand in that
time, a collection of a millisecond or so), where a longer interval let them pile up into one
collection of hundreds of milliseconds. Most objects are freed by their reference count at once,
as before; only cycles wait.

What a station holds for its whole life is set aside once it is warm (:func:`set_aside_warm`):
a full collection then goes through what came after (the journey's), not the ~900,000 objects of
the catalogue, the dictionaries and the widgets (200 ms a full collection otherwise).

Anki collects on its main thread for the same reason (``aqt.main``'s garbage collector)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 20  # how often the GUI thread looks whether a collection is due (a few µs when not)


def due_generation(counts: tuple[int, int, int], thresholds: tuple[int, ...], *, full_allowed: bool = True
                   ) -> int | None:
    """The oldest generation Python would collect now (2, 1 or 0), or None: as CPython does after
    an allocation, the oldest whose count is over its threshold, the oldest (a full collection)
    only when ``full_allowed``, else the next one down. A first threshold of 0 means the
    collector is switched off (``gc.set_threshold(0)``): never."""
    if not thresholds or thresholds[0] == 0:
        return None
    oldest = min(len(counts), len(thresholds)) - 1
    for generation in range(oldest, -1, -1):
        if counts[generation] > thresholds[generation] and (generation < oldest or full_allowed):
            return generation
    return None


class GuiCollector(QObject):
    """Turns Python's automatic collector off and collects on the GUI thread, every
    :data:`INTERVAL_MS`, the generation that is due. ``longest`` is the longest collection so far
    (seconds) and ``collections`` how many there were, per generation, for the benches."""

    def __init__(self, app: QCoreApplication, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(app)
        self.setObjectName("gui-collector")
        self.longest = 0.0
        self.collections = [0, 0, 0]
        self.long_lived = len(gc.get_objects(2))  # what the oldest generation held at the last full collection
        self.pending = 0  # what moved into it since
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()
        app.aboutToQuit.connect(self.collect_due)  # the last cycles go on the GUI thread too

    def set_aside_once_warm(self, warm: Callable[[], bool], *, every_ms: int = 1000) -> None:
        """Once ``warm()`` says the station is up (its start-up work done), :func:`set_aside_warm`;
        asked every ``every_ms`` until then."""
        check = QTimer(self)
        check.setInterval(every_ms)

        def look() -> None:
            if warm():
                check.stop()
                check.deleteLater()
                set_aside_warm()
                self.long_lived, self.pending = len(gc.get_objects(2)), 0

        check.timeout.connect(look)
        check.start()

    def collect_due(self) -> int | None:
        """Collect the generation that is due, if any (which one, or None)."""
        generation = due_generation(gc.get_count(), gc.get_threshold(), full_allowed=self.pending > self.long_lived // 4)
        if generation is None:
            return None
        started = time.perf_counter()
        if generation == 1:  # what survives goes to the oldest generation
            young = len(gc.get_objects(0)) + len(gc.get_objects(1))
            self.pending += max(0, young - gc.collect(1))
        else:
            gc.collect(generation)
        if generation == 2:
            self.long_lived, self.pending = len(gc.get_objects(2)), 0
        self.longest = max(self.longest, time.perf_counter() - started)
        self.collections[generation] += 1
        return generation


def collect_on_gui_thread(app: QCoreApplication) -> GuiCollector:
    """The collector of ``app``, made on the first call (calls after it return the same one)."""
    found = app.findChild(GuiCollector, "gui-collector")
    if isinstance(found, GuiCollector):
        gc.disable()  # kept off, whatever switched it on since
        return found
    return GuiCollector(app)


def set_aside_warm() -> None:
    """A station that is warm (its catalogue, dictionaries and widgets made): collect everything
    once and set what is left aside for good (``gc.freeze``), out of every later collection. Those
    objects live as long as the station; one that later ends in a cycle is not freed (one copy at
    most: what a session makes comes after)."""
    gc.collect()
    gc.freeze()
