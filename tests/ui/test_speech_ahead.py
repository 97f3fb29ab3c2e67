"""Speech made ahead in the window (A11Y-06: speech starts promptly on every screen), with real
Open JTalk into WAV files (Qt offscreen): once a screen is shown and the runner is idle, the
screens each of its answers leads to speak from the cache; what is made ahead never comes before
the speech of the screen on show."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.journey import Screen
from kiosk.speech.output import WavSink
from kiosk.speech.synth import Synthesizer, Utterance
from kiosk.ui.operations import runner

from .helpers import until

IDLE_MS = 180_000  # what is made ahead runs at the lowest priority: on a busy machine it takes its time


class RecordingSynthesizer(Synthesizer):
    """The real synthesizer, noting the order in which phrases are asked for: to play ("say")
    or made ahead ("ahead")."""

    def __init__(self, original: Synthesizer) -> None:
        super().__init__(original.voices, original.cache)
        self.calls: list[tuple[str, str]] = []
        self._calls_lock = threading.Lock()

    def speak(self, text: str, lang: str, *, cache: bool = True, session: int | None = None) -> Utterance:
        with self._calls_lock:
            self.calls.append(("say", text))
        return super().speak(text, lang, cache=cache, session=session)

    def prepare(self, text: str, lang: str, *, session: int | None = None, ahead: bool = True) -> bool:
        with self._calls_lock:
            self.calls.append(("ahead" if ahead else "start-up", text))
        return super().prepare(text, lang, session=session, ahead=ahead)


def _press(key: Qt.Key) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key)
    QApplication.processEvents()


def _first_question(window, sink: WavSink) -> None:
    """Speech on (the * key), Japanese, the notice understood: the first question, spoken."""
    until(lambda: window.journey.screen is Screen.LANGUAGE and not window.journey.starting, "language screen", later=False)
    window.speech.output = sink
    _press(Qt.Key.Key_Asterisk)
    _press(Qt.Key.Key_1)  # Japanese
    until(lambda: window.journey.screen is Screen.NOTICE, "notice", later=False)
    _press(Qt.Key.Key_1)  # understood
    until(lambda: window.journey.screen is Screen.QUESTION, "the first question", later=False)
    runner().wait_idle(later=False)


def test_a11y06_once_a_question_is_shown_and_the_runner_idle_each_answer_speaks_from_the_cache(kiosk_setup, tmp_path):
    window = kiosk_setup.kiosk.window
    sink = WavSink(tmp_path / "speech")
    speech = window.speech
    _first_question(window, sink)
    question = window.journey.detail
    first = speech.spoken.screen
    answers = len(speech.spoken.options)
    assert answers >= 2
    assert runner().wait_idle(IDLE_MS)  # the question's speech, then what its answers lead to, made ahead
    made = speech.made_ahead
    assert made > 0
    assert not [w for w in sink.written if w.screen != first and w.screen.startswith("question-")]  # made, not played
    for n in range(answers):
        before = len(sink.written)
        _press(Qt.Key(int(Qt.Key.Key_1) + n))  # answer n + 1, by its number
        assert window.journey.detail != question
        phrases, screen = speech.spoken.phrases(), speech.spoken.screen

        def heard(before: int = before, screen: str = screen) -> list:
            return [w for w in sink.written[before:] if w.screen == screen]

        until(lambda phrases=phrases, heard=heard: len(heard()) >= len(phrases), f"answer {n + 1}: {screen}", later=False)
        assert [w.text for w in heard()] == phrases
        assert all(w.cached for w in heard()), (n, [(w.text, w.cached) for w in heard()])  # made ahead, not now
        QTest.mouseClick(window.findChild(QPushButton, "top-back"), Qt.MouseButton.LeftButton)  # back to the question
        until(lambda: window.journey.detail == question, "back", later=False)
        assert runner().wait_idle(IDLE_MS)


def test_the_screens_speech_is_never_queued_behind_what_is_made_ahead(kiosk_setup, tmp_path):
    """An answer given while the question's answers' screens are being made ahead: the next
    screen's phrases are asked for before anything more is made ahead (at most the one phrase
    already on a worker), and the making ahead goes on after them."""
    window = kiosk_setup.kiosk.window
    speech = window.speech
    recorder = RecordingSynthesizer(speech.synth)
    speech.synth = recorder
    _first_question(window, WavSink(tmp_path / "speech"))
    assert runner().pending > 0  # what the answers lead to is being made ahead
    mark = len(recorder.calls)
    _press(Qt.Key.Key_1)
    phrases = speech.spoken.phrases()
    runner().wait_idle(later=False)
    after = recorder.calls[mark:]
    said = [i for i, (kind, text) in enumerate(after) if kind == "say" and text in phrases]
    assert len(said) == len(phrases), after
    ahead_first = [kind for kind, _text in after[:said[-1]] if kind == "ahead"]
    assert len(ahead_first) <= 1, after  # only the phrase a worker had already begun
    assert runner().wait_idle(IDLE_MS)
    assert [kind for kind, _text in recorder.calls[mark:]][-1] == "ahead", recorder.calls[mark:]  # then what comes next, ahead


def test_quick_focus_moves_do_not_pile_up_speech_before_the_next_screen(kiosk_setup, tmp_path):
    """Tab pressed again and again: each move interrupts the last, and what was to be said for
    the moves passed is not made at all (only what a worker had begun), so that the next screen's
    speech does not wait behind them (A11Y-06, A11Y-10)."""
    window = kiosk_setup.kiosk.window
    speech = window.speech
    recorder = RecordingSynthesizer(speech.synth)
    speech.synth = recorder
    _first_question(window, WavSink(tmp_path / "speech"))
    assert runner().wait_idle(IDLE_MS)
    mark = len(recorder.calls)
    names = []
    for _ in range(8):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # no pause between the moves
        names.append(QApplication.focusWidget().accessibleName())
    runner().wait_idle(later=False)
    said = [text for kind, text in recorder.calls[mark:] if kind == "say"]
    assert said and len(said) < len(names), said
    assert said[-1].startswith(names[-1][:3])  # where the focus is now is said
