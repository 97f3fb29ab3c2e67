"""The counter's sessions in the outcome figures administrators read (:mod:`kiosk.metrics`, the
dashboard's time per step and share prefilled), told apart from the kiosks' by the counter's id
(``counter:<station>``): the time on each step, the procedures, the fields prefilled, how the
session ended, the clerk's key presses (``typed_chars``) and the resident's touches on their own
screen (``taps``). Like the kiosk's, no personal data. Qt-free: the windows report the keys and
touches, ``keep`` stores the record (off the GUI thread)."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.journey import Ending, Journey, Screen
from kiosk.metrics import MetricsRecorder, SessionRecord


class CounterFigures:
    def __init__(self, journey: Journey, counter_id: str, keep: Callable[[SessionRecord], None]) -> None:
        self.journey = journey
        self.recorder = MetricsRecorder(counter_id)
        self.keep = keep
        journey.on_end.append(self._ended)

    def key(self) -> None:
        """A key the clerk pressed for the resident's session."""
        self.recorder.typed()

    def touch(self) -> None:
        """A touch of the resident on their own screen."""
        self.recorder.tap()

    def card_outcome(self, outcome: str) -> None:
        self.recorder.card_outcome(outcome)

    def _ended(self, how: Ending) -> None:
        visits = self.journey.visit_seconds()
        if all(screen == Screen.LANGUAGE.value for screen, _seconds in visits):
            self.recorder = MetricsRecorder(self.recorder.kiosk_id)  # no resident came (a sign-out at an idle desk)
            return
        self.keep(self.recorder.finish_session(self.journey.session, how.value, visits))
