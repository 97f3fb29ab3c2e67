"""Speech mode (音声案内) in the window: the top-bar toggle and the ``*`` key turn it on and off;
while it is on, every screen change speaks that screen, the number keys 1–9 choose its numbered
options, the arrows move the focus, Enter confirms and touch keeps working. On a review screen
``0`` (or the 読み上げ button) reads each field and its value.

Synthesis runs on the operations runner, never on the GUI thread; the first sentence (the
screen's title) is made and played first, the rest follows. Then what the screens the resident
may reach next will say (:mod:`kiosk.speech.ahead`) is made into the cache at low priority
(:meth:`kiosk.ui.operations.OperationsRunner.run_later`), so that their speech starts from it.
Playback goes through a :class:`kiosk.speech.output.SpeechOutput`; with no audio device the kiosk
works on silently.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QWidget,
)

from kiosk import i18n
from kiosk.journey import Ending, Screen
from kiosk.log import get_logger
from kiosk.speech import SpeechError
from kiosk.speech.ahead import screens_ahead
from kiosk.speech.output import Phrase, SpeechOutput, default_output
from kiosk.speech.spoken import (
    LANGUAGE_SWITCH,
    STAFF,
    ScreenView,
    Spoken,
    carries_personal_data,
    describe,
    pin_count,
    review_readout,
    speech_language,
)
from kiosk.speech.synth import Synthesizer, Utterance
from kiosk.speech.voices import VoiceTable, table
from kiosk.speech.volume import Volume
from kiosk.ui.speech_jack import JackWatcher
from kiosk.ui.speech_keys import SpeechKeys
from kiosk.ui.widgets import application, ruby_button, set_text

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.window import KioskWindow

LOG = get_logger(__name__)
POLL_MS = 150  # while on: a screen's own state changes (card placed, PIN pad, printing) are spoken
FIGURES_KEPT = 256  # latencies and timings kept for the benchmark


class SpeechController(SpeechKeys):
    """Owned by the window. ``output`` is the port speech plays through (tests give a
    :class:`kiosk.speech.output.WavSink`); made on first use when not given."""

    def __init__(self, window: KioskWindow, *, voices: VoiceTable | None = None,
                 synthesizer: Synthesizer | None = None, output: SpeechOutput | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.unavailable: str | None = None  # the message key when speech cannot be used here
        if voices is None:
            try:
                voices = table()
            except SpeechError as exc:  # an invalid voice table: the kiosk runs, without speech
                LOG.error("speech disabled: %s", exc.key)
                self.unavailable = exc.key
                voices = VoiceTable({})
        self.voices = voices
        self.synth = synthesizer or Synthesizer(self.voices)
        self.output = output
        self.on = False
        self.turned_on = 0  # how many times it was turned on (the jack turns off only its own "on")
        self.spoken: Spoken | None = None  # what the current screen says
        self._said = ""  # the text last spoken for a screen (spoken again only when it changes)
        self._ticket = 0
        self._pin_length = 0
        self._hooked_pads: set[int] = set()
        # (screen, ms to the first phrase, cached) and the processor time of each first phrase's
        # synthesis, for the benchmark: the last ones only (a kiosk runs for months).
        self.latencies: deque[tuple[str, float, bool]] = deque(maxlen=FIGURES_KEPT)
        self.first_cpu_ms: deque[float] = deque(maxlen=FIGURES_KEPT)
        self.button = ruby_button(name="top-speech", checkable=True)
        self.button.toggled.connect(self.set_on)
        self.button.setEnabled(self.unavailable is None)
        self.read_button = ruby_button(name="top-read")
        self.read_button.clicked.connect(self.read_review)
        self.read_button.hide()
        self.volume = Volume()  # A11Y-08: the resident's volume, the default again at session end
        self.volume_down = ruby_button(name="top-volume-down")
        self.volume_down.clicked.connect(lambda: self.change_volume(louder=False))
        self.volume_up = ruby_button(name="top-volume-up")
        self.volume_up.clicked.connect(lambda: self.change_volume(louder=True))
        for b in (self.volume_down, self.volume_up):
            b.hide()
        self._prepare_ticket = 0  # a new preparation (or none) drops the one under way
        self.made_ahead = 0  # phrases made ahead into the cache (benchmark)
        self.ahead_gui_ms: deque[float] = deque(maxlen=FIGURES_KEPT)  # GUI-thread time of each plan (benchmark)
        self._focus_said: QWidget | None = None  # the widget whose name was said last (said once per move)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.refresh)
        window.journey.on_end.append(self._session_ended)
        # Headphones plugged in turn it on (A11Y-06); none watched where speech cannot be used.
        self.jack = JackWatcher(self, "off" if self.unavailable else window.config.speech.headphone_jack)

    # Turning it on and off ------------------------------------------------------------------
    def set_on(self, on: bool) -> None:
        if on == self.on or (on and self.unavailable is not None):
            return
        self.window.tapped()
        self.on = on
        if self.button.isChecked() != on:
            self.button.setChecked(on)
        if on:
            self.turned_on += 1
            if self.output is None:
                self.output = default_output()
            problem = self.output.problem()
            if problem is not None:
                LOG.warning("speech mode on without sound: %s", problem)
            self._said = ""
            self._focus_said = QApplication.focusWidget()  # where it is now is said with the screen
            application().installEventFilter(self)  # Tab moves are said (see eventFilter)
            self.poll.start()
            self.refresh(announce=True)
        else:
            application().removeEventFilter(self)
            self.poll.stop()
            self._ticket += 1  # phrases still being made are dropped
            self._prepare_ticket += 1
            if self.output is not None:
                self.output.stop()
            self.read_button.hide()
        for b in (self.volume_down, self.volume_up):
            b.setVisible(on)

    def toggle(self) -> None:
        self.set_on(not self.on)

    def window_closed(self) -> None:
        """The window closed: speech stops with it and no longer takes the application's keys
        (a closed form preview in the administrator's app kept taking its digits and arrows),
        and the headphone jack is no longer watched."""
        if self.on:
            self.on = False
            self.button.setChecked(False)
            application().removeEventFilter(self)
            self.poll.stop()
            self._ticket += 1
            self._prepare_ticket += 1
            if self.output is not None:
                self.output.stop()
        self.jack.close("window closed")

    def _session_ended(self, _how: Ending) -> None:
        """The next resident starts with speech off (as with large text and high contrast) and
        the default volume (A11Y-08); what was made ahead for this one is dropped and the
        phrases of their session (which forms they needed) are wiped from the cache (PRIV-08)."""
        self.volume.reset()
        self._prepare_ticket += 1
        wiped = self.synth.cache.forget_session()
        if wiped:
            LOG.info("speech: %d phrase(s) of the session wiped", wiped)
        QTimer.singleShot(0, lambda: self.set_on(False))

    # Warm-up and preparation ----------------------------------------------------------------
    def warm_up(self) -> None:
        """Once the first screen is drawn (the window's start-up warm-up): load the engines and
        make what turning speech on here would say into the cache, off the GUI thread, so that
        the first screen's speech starts from the cache rather than after loading Open JTalk."""
        if self.unavailable is not None:
            return
        spoken = describe(self.window.journey, self.view(), self.voices)
        # Made here, as a screen's speech is: the engine the screens speak with is loaded now,
        # not at the first phrase that was not made ahead.
        self.prepare([self._turned_on(spoken.lang), spoken], separate=False)

    @staticmethod
    def _turned_on(lang: str) -> Spoken:
        """What turning speech on says before the screen."""
        return Spoken(lang, i18n.plain(i18n.text("speech.turned_on", lang)), screen="turned-on")

    def prepare(self, screens: Sequence[Spoken], *, skip: Sequence[str] = (), separate: bool = True) -> None:
        """Synthesize what ``screens`` say into the cache without playing it: one phrase at a
        time at low priority (it starts only while nothing the GUI waits for is pending, a
        screen's speech included), every screen's first phrase before the second ones, each
        phrase once, none held in the cache already or in ``skip`` (being made to be played).
        Dropped when another preparation starts, speech is turned off or the session ends. Only
        phrases without personal data are prepared; those of a screen that tells of the
        resident's case are kept for the session only. ``separate``: by the engines' low-priority
        means for speech made ahead (:meth:`kiosk.speech.synth.Synthesizer.prepare`)."""
        from kiosk.ui.operations import runner

        self._prepare_ticket += 1
        if not screens:
            return
        ticket, synth, session = self._prepare_ticket, self.synth, self.window.journey.session
        generation = synth.cache.generation
        todo: list[tuple[str, str, bool]] = []  # (text, lang, session only)
        seen = set(skip)
        # Every screen's first phrase first (what its speech starts with), then the second ones, ...:
        # the rest of a screen is made while its first phrase plays.
        ranked = sorted(((k, i, text) for i, s in enumerate(screens) for k, text in enumerate(s.phrases())),
                        key=lambda r: (r[0], r[1]))
        for text, spoken in ((text, screens[i]) for _k, i, text in ranked):
            voice = self.voices.for_language(spoken.lang).key
            if text and text not in seen and synth.cache.get(voice, text) is None \
                    and not carries_personal_data(text, session):
                seen.add(text)
                todo.append((text, spoken.lang, spoken.session_only))

        def make(text: str, lang: str, session_only: bool) -> bool:
            if ticket != self._prepare_ticket:  # dropped while it waited
                return False
            return synth.prepare(text, lang, session=generation if session_only else None, ahead=separate)

        def step(index: int) -> None:
            if ticket != self._prepare_ticket or index >= len(todo):
                return
            text, lang, session_only = todo[index]

            def made(done: bool) -> None:
                self.made_ahead += done
                step(index + 1)

            def failed(error: Exception) -> None:  # logged; the next phrase may still be made
                self._failed(error)
                step(index + 1)

            runner().run_later(lambda: make(text, lang, session_only), made, failed, owner=self)

        step(0)

    def retranslate(self, lang: str, first_screen_langs: list[str] | None = None) -> None:
        """The button's label (with furigana in やさしい日本語): on the first screen in the first
        configured languages, as the other top-bar buttons."""
        if first_screen_langs:
            labels = list(dict.fromkeys(i18n.plain(i18n.text("speech.button", x)) for x in first_screen_langs))
            set_text(self.button, "\n".join(labels))
            self.button.setAccessibleName(" / ".join(labels))
        else:
            set_text(self.button, i18n.text("speech.button", lang))
        set_text(self.read_button, i18n.text("speech.read_button", lang))
        set_text(self.volume_down, "− " + i18n.text("speech.volume_down", lang))
        set_text(self.volume_up, "+ " + i18n.text("speech.volume_up", lang))

    # Screens --------------------------------------------------------------------------------
    def screen_changed(self) -> None:
        """Called by the window after every screen change."""
        if self.on:
            self.refresh()

    def view(self) -> ScreenView:
        from kiosk.ui.card_screen import CardScreen
        from kiosk.ui.date_picker import DatePicker
        from kiosk.ui.finish import ResultScreen
        from kiosk.ui.language_screen import LanguageScreen
        from kiosk.ui.staff_panel import StaffPanel

        w = self.window
        config = w.config
        overlay = ""
        overlay_texts: tuple[str, ...] = ()
        if isinstance(w.overlay, LanguageScreen):
            overlay = LANGUAGE_SWITCH
        elif isinstance(w.overlay, StaffPanel):
            overlay, overlay_texts = STAFF, (w.overlay.title.text(), w.overlay.text.text())
        screen = w.current_screen()
        card_state, tries, status, problem = "", None, "", ""
        card_read = None
        if isinstance(screen, CardScreen):
            card_state, tries = screen.state, screen.tries
            card_read = screen.result.basic if screen.result is not None else None
            if id(screen.pin) not in self._hooked_pads:
                self._hooked_pads.add(id(screen.pin))
                screen.pin.changed.connect(self._pin_changed)
            if card_state != "pin":
                self._pin_length = 0
        if isinstance(screen, ResultScreen):
            status = screen.status.text()
        if not isinstance(screen, StaffPanel) and screen.message.isVisibleTo(screen):
            problem = screen.message.label.text()
        picker = next((p for p in screen.findChildren(DatePicker) if p.isVisibleTo(screen) and not p.typing), None)
        return ScreenView(languages=tuple(config.kiosk.languages), town=config.municipality.name_in(w.lang),
                          overlay=overlay, overlay_texts=overlay_texts, card_state=card_state, tries=tries,
                          pin_length=self._pin_length, status_text=status, problem_text=problem,
                          date_path=picker.path if picker is not None else None, card_read=card_read)

    def refresh(self, announce: bool = False) -> None:
        """Speak the current screen if what it says has changed (or ``announce``: speech was
        just turned on)."""
        if not self.on:
            return
        view = self.view()
        spoken = describe(self.window.journey, view, self.voices)
        self.spoken = spoken
        self.read_button.setVisible(self.window.journey.screen is Screen.REVIEW and self.window.overlay is None)
        text = spoken.text()
        if text == self._said and not announce:
            return
        self._said = text
        self._focus_said = QApplication.focusWidget()  # placed by the screen change: not said again
        phrases = spoken.phrases()
        if announce:
            phrases[:0] = self._turned_on(spoken.lang).phrases()
        self.say(phrases, spoken.lang, spoken.screen, session_only=spoken.session_only)
        planned = time.perf_counter()
        self.prepare(screens_ahead(self.window.journey, view, self.voices), skip=phrases)
        self.ahead_gui_ms.append((time.perf_counter() - planned) * 1000)

    def _pin_changed(self, length: int) -> None:
        self._pin_length = length
        if self.on and length:
            spoken = pin_count(self.window.lang, length, self.voices)
            self._said = describe(self.window.journey, self.view(), self.voices).text()
            self.say(spoken.phrases(), spoken.lang, "pin")

    def read_review(self) -> None:
        """The 読み上げ action: every field of the form under review and its value. Only when the
        resident asks, whether or not headphones are plugged in (PRIV-15: the explicit opt-in)."""
        if not self.on or self.window.journey.screen is not Screen.REVIEW:
            return
        self.window.tapped()
        spoken = review_readout(self.window.journey, self.voices)
        self.say(spoken.phrases(), spoken.lang, spoken.screen, personal=True)

    # Speaking -------------------------------------------------------------------------------
    def say(self, phrases: list[str], lang: str, screen: str, *, personal: bool = False,
            session_only: bool = False) -> None:
        """Interrupt what plays and speak ``phrases``: the first as soon as it is made, then the
        rest. Unless ``personal`` (the read-out asked for, never cached), a phrase that holds
        anything of the resident's is never spoken; ``session_only``: cached for the session only."""
        from kiosk.ui.operations import runner

        if not personal:
            session = self.window.journey.session
            kept = [p for p in phrases if not carries_personal_data(p, session)]
            if len(kept) != len(phrases):
                LOG.warning("speech: %d phrase(s) withheld on %s", len(phrases) - len(kept), screen)
            phrases = kept
        if not phrases or self.output is None:
            return
        self._ticket += 1
        ticket = self._ticket
        started = time.perf_counter()
        synth, cache = self.synth, not personal
        generation = synth.cache.generation if session_only else None

        def make(index: int) -> None:
            """Phrase ``index``, then the next: one at a time, so that a new screen is not kept
            waiting behind this one's later sentences (they are dropped once it changes)."""
            if ticket != self._ticket:
                return
            text = phrases[index]

            def work() -> Utterance | None:
                """Not made once something newer is to be said (a focus moved on, a screen changed):
                it would only keep the newer speech waiting."""
                return synth.speak(text, lang, cache=cache, session=generation) if ticket == self._ticket else None

            def made(u: Utterance | None) -> None:
                if u is None or ticket != self._ticket or self.output is None:
                    return
                phrase = Phrase(u, text, screen, self.volume.gain)
                if not u.speech.samples:  # nothing to pronounce (a mark): nothing to play
                    pass
                elif index == 0:
                    self.latencies.append((screen, (time.perf_counter() - started) * 1000, u.cached))
                    self.first_cpu_ms.append(u.cpu_ms)
                    self.output.start(phrase)
                else:
                    self.output.queue(phrase)
                if index + 1 < len(phrases):
                    make(index + 1)

            runner().run(work, made, self._failed, owner=self)

        make(0)

    def _failed(self, error: Exception) -> None:
        """Speech that cannot be made is logged by type and code; the kiosk goes on silently."""
        key = error.key if isinstance(error, SpeechError) else type(error).__name__
        LOG.warning("speech failed: %s (%s)", type(error).__name__, key)

    def speech_lang(self) -> str:
        return speech_language(self.window.lang, self.voices)
