"""Speech mode (音声案内) in the window, with real synthesis into WAV files (Qt offscreen):
issue #16 item 1 and its "Done when" — the whole reference journey (a family of four, two
adults read from virtual cards through pcscd/vpcd, printed through cups-pdf) in speech mode by
keys alone, each screen speaking its title and question (A11Y-06, A11Y-07, A11Y-10, ML-04)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from kiosk import i18n
from kiosk.config import Config
from kiosk.journey import Screen
from kiosk.speech.output import SilentOutput, WavSink
from kiosk.speech.spoken import carries_personal_data
from kiosk.ui import reference
from kiosk.ui.autoplay import Autoplay
from kiosk.ui.operations import runner
from kiosk.ui.play_hands import PIN

from .helpers import until


class SpeechAutoplay(Autoplay):
    """Keys alone (Tab and Enter), and wherever the screen spoke numbered options, the number key
    of the option instead; collects what was spoken per screen."""

    def __init__(self, *args, sink: WavSink, **kwargs) -> None:
        super().__init__(*args, keys=True, on_screen=self._heard, **kwargs)
        self.sink = sink
        self.number_keys = 0
        self.heard: list[tuple[str, str, list[str]]] = []  # (shot, title spoken, phrases since the last)
        self._mark = 0
        self.readouts = 0
        self.review_phrases: set[str] = set()  # what the review screens said (PRIV-08: wiped at the end)

    def _click(self, widget) -> None:
        self._listen()  # as a resident would: the screen is heard before the keys that move the focus
        spoken = self.w.speech.spoken
        if spoken is not None:
            for i, option in enumerate(spoken.options[:9]):
                if option.target == widget.objectName():
                    self.press(Qt.Key(int(Qt.Key.Key_1) + i))
                    self.number_keys += 1
                    return
        super()._click(widget)

    def type_pin(self, screen, pin: str) -> None:
        """On the number keys, hearing the count after each digit (as a resident would)."""
        if QApplication.focusWidget() is not screen.pin:
            raise AssertionError("the PIN pad does not have the keyboard focus")
        for n, digit in enumerate(pin, start=1):
            self.press(getattr(Qt.Key, f"Key_{digit}"))
            count = i18n.text("speech.pin_count", "ja", n=n)
            self.wait(lambda count=count: any(w.screen == "pin" and w.text == count for w in self.sink.written),
                      f"{n} digits said")
        self.press(Qt.Key.Key_Enter)

    def _wanted(self, shot: str) -> list[str]:
        """The screen's title, and its question when it has one (as the screen is now: a card
        screen moves on by itself, interrupting its speech)."""
        spoken = self.w.speech.spoken
        assert spoken is not None, f"{shot}: speech mode has no description of the screen"
        return [p for p in spoken.phrases()[:2] if p]

    def _said(self, shot: str) -> bool:
        texts = " ".join(w.text for w in self.sink.written)
        return all(p in texts for p in self._wanted(shot))

    def _listen(self) -> None:
        if self.w.speech.on and self.w.speech.spoken is not None:
            self.wait(lambda: self._said("screen"), f"speech of {self.w.journey.screen.value}")

    def _heard(self, shot: str) -> None:
        def wanted() -> list[str]:
            return self._wanted(shot)

        self.wait(lambda: self._said(shot), f"speech of {shot}")
        self.heard.append((shot, wanted()[0], [w.text for w in self.sink.written[self._mark:]]))
        self._mark = len(self.sink.written)
        if shot.startswith("review-"):
            runner().wait_idle(later=False)
            voice = self.w.speech.voices.for_language("ja").key
            said = [w.text for w in self.sink.written if w.screen == "review"]
            assert [p for p in said if self.w.speech.synth.cache.get(voice, p) is None] == []  # in memory meanwhile
            self.review_phrases.update(said)
        if shot.startswith("review-") and self.readouts == 0:  # ask for the read-out once: key 0
            self.readouts += 1
            before = len(self.sink.written)
            self.press(Qt.Key.Key_0)
            self.wait(lambda: any(w.screen == "review-readout" for w in self.sink.written[before:]), "read-out")
            runner().wait_idle()


def test_done_when_the_reference_journey_in_speech_mode_by_keys_alone(kiosk_setup, tmp_path):
    """* turns speech on; every screen then speaks its title and question through Open JTalk;
    answers by number keys, the rest by Tab and Enter, the PIN on the number keys; the PIN is
    said as a count, and no card data is spoken but in the read-out the resident asked for."""
    window = kiosk_setup.kiosk.window
    sink = WavSink(tmp_path / "speech")
    window.speech.output = sink
    family = reference.household()
    player = SpeechAutoplay(window, family, cards=list(kiosk_setup.cards),
                            manual=reference.manual_people(family, len(kiosk_setup.cards)),
                            typed=reference.NEW_ADDRESS, simulator=kiosk_setup.simulator, lang="ja", sink=sink)
    player.wait(lambda: window.journey.screen is Screen.LANGUAGE and not window.journey.starting, "language screen")
    player.press(Qt.Key.Key_Asterisk)  # the keypad's * (as at an ATM)
    assert window.speech.on and window.speech.button.isChecked()
    played = player.play()

    assert played.record.ending == "completed"
    assert played.record.taps > 0
    assert not window.speech.on  # the next resident starts with speech off
    assert player.number_keys >= 10  # language, notice, the navigator's answers, confirm, done
    shots = [shot for shot, _, _ in player.heard]
    for wanted in ("language", "notice", "members", "card-place-p1", "card-pin-p1", "card-place-p2",
                   "confirm", "result"):
        assert wanted in shots
    assert sum(s.startswith("question-") for s in shots) >= 5
    assert sum(s.startswith("review-") for s in shots) >= 2
    assert not [w for w in sink.written if w.peak < 1000], "a silent phrase"
    # Japanese through Open JTalk, at plausible length (seconds per character).
    assert {w.voice for w in sink.written} == {"jtalk::1"}
    for w in sink.written:
        chars = len(w.text.replace(" ", ""))
        assert 0.03 * chars < w.seconds < 0.6 * chars + 1.0, (w.text, w.seconds)
    # The PIN: only how many digits (A11Y-07).
    pin_phrases = [w.text for w in sink.written if w.screen == "pin"]
    assert pin_phrases and set(pin_phrases) <= {i18n.text("speech.pin_count", "ja", n=n) for n in range(1, 5)}
    canaries = [c.persona.name for c in kiosk_setup.cards] + list(reference.CHILD_NAMES) + [PIN]
    canaries += [c.persona.my_number for c in kiosk_setup.cards if getattr(c.persona, "my_number", "")]
    readout = [w for w in sink.written if w.screen == "review-readout"]
    others = [w for w in sink.written if w.screen != "review-readout"]
    assert [c for c in canaries if any(c and c in w.text for w in others)] == []
    # Asked for, the read-out read the fields with the values from the card; never cached.
    assert readout and any(c.persona.name.split("\u3000")[0] in " ".join(w.text for w in readout)
                           for c in kiosk_setup.cards)
    assert not any(w.cached for w in readout)
    assert all(not carries_personal_data(text, window.journey.session) for text in window.speech.synth.cache._items)  # noqa: SLF001
    # PRIV-08: the review screens' phrases (which forms this household needed) are gone with the session.
    voice = window.speech.voices.for_language("ja").key
    assert player.review_phrases
    assert [p for p in player.review_phrases if window.speech.synth.cache.get(voice, p) is not None] == []
    assert window.speech.synth.cache.session_phrases() == 0
    assert window.speech.made_ahead > 0


@pytest.fixture
def speech_window(window, tmp_path):
    window.speech.output = WavSink(tmp_path / "speech")
    return window


def _press(key: Qt.Key) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key)
    QApplication.processEvents()


def test_without_an_audio_device_speech_mode_stays_silent_and_the_kiosk_works(window):
    """No sound device here (as in CI): turning speech on by touch gives the silent output,
    which says why, and the number keys still choose."""
    QTest.mouseClick(window.speech.button, Qt.MouseButton.LeftButton)
    assert window.speech.on
    assert isinstance(window.speech.output, SilentOutput)
    assert "no audio output" in (window.speech.output.problem() or "")
    runner().wait_idle()
    languages = window.config.kiosk.languages
    _press(Qt.Key.Key_2)  # the second language
    assert window.journey.session.language == languages[1]
    _press(Qt.Key.Key_Asterisk)
    assert not window.speech.on and not window.speech.button.isChecked()


def test_arrows_move_the_focus_and_say_where_it_is(speech_window):
    window = speech_window
    _press(Qt.Key.Key_Asterisk)
    runner().wait_idle()
    start = QApplication.focusWidget()
    _press(Qt.Key.Key_Down)
    moved = QApplication.focusWidget()
    assert moved is not start and moved is not None
    sink = window.speech.output
    assert isinstance(sink, WavSink)

    def spoke_focus() -> bool:
        runner().wait_idle()
        QApplication.processEvents()
        return any(w.screen == "focus" and w.text.startswith(i18n.plain(moved.accessibleName())[:3])
                   for w in sink.written)

    for _ in range(200):
        if spoke_focus():
            break
    assert spoke_focus()
    _press(Qt.Key.Key_Up)
    assert QApplication.focusWidget() is start


def test_the_speech_button_is_named_in_the_first_languages_and_has_furigana_in_easy_japanese(window):
    first = window.config.kiosk.languages[:3]
    name = window.speech.button.accessibleName()
    for lang in first:
        assert i18n.plain(i18n.text("speech.button", lang)) in name
    window.journey.choose_language("ja-easy")
    assert window.speech.button.accessibleName() == "音声案内"
    assert "{音声|おんせい}" in i18n.text("speech.button", "ja-easy")


def test_wav_files_are_left_for_the_installer(speech_window):
    _press(Qt.Key.Key_Asterisk)
    sink = speech_window.speech.output
    for _ in range(400):
        runner().wait_idle()
        QApplication.processEvents()
        if len(sink.written) >= 2:
            break
    assert len(sink.written) >= 2
    assert all(Path(w.path).stat().st_size > 1000 for w in sink.written)


def test_an_invalid_voice_table_leaves_the_kiosk_working_without_speech(qtbot, clock, monkeypatch):
    from kiosk.speech import VoiceTableError
    from kiosk.ui import speech
    from kiosk.ui.window import KioskWindow

    def broken():
        raise VoiceTableError("voices.yaml: en: an espeak voice needs `voice`")

    monkeypatch.setattr(speech, "table", broken)
    w = KioskWindow(Config(), catalogue=None, card_worker=None, output=None, database=None, clock=clock, dpi=96.0)
    w.staff_exit_allowed = True
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    assert w.speech.unavailable == "speech.voices_invalid" and not w.speech.button.isEnabled()
    QTest.keyClick(QApplication.focusWidget() or w, Qt.Key.Key_Asterisk)
    assert not w.speech.on
    first = w.config.kiosk.languages[0]
    QTest.mouseClick(w.current_screen().findChild(QPushButton, f"lang-{first}"), Qt.MouseButton.LeftButton)
    assert w.journey.session.language == first and w.journey.screen is not Screen.LANGUAGE
    w.timer.stop()


def test_the_first_screen_speaks_from_what_start_up_made(kiosk_setup, tmp_path):
    """Issue #16: speech within 300 ms of a screen change, the first screen too. Once the kiosk
    has drawn its first screen, Open JTalk is loaded and what turning speech on there says is
    made off the GUI thread: the first phrase then comes from the cache, not from loading."""
    window = kiosk_setup.kiosk.window
    sink = WavSink(tmp_path / "speech")
    window.speech.output = sink
    turned_on = i18n.plain(i18n.text("speech.turned_on", window.speech.speech_lang()))
    until(lambda: len(window.speech.synth.cache) >= 3, "the start-up warm-up")
    assert window.journey.screen is Screen.LANGUAGE
    _press(Qt.Key.Key_Asterisk)
    until(lambda: len(sink.written) >= 3, "the first screen spoken")
    assert sink.written[0].text == turned_on
    assert all(w.cached for w in sink.written[:3]), [(w.text, w.cached) for w in sink.written]
    assert window.speech.latencies[0][2] is True  # the first phrase came from the cache
    assert all(w.peak > 1000 and w.voice == "jtalk::1" for w in sink.written[:3])


def test_a_language_without_a_voice_says_so_on_the_language_screen_in_writing(window):
    """Issue #16 item 1: where a language has no voice, the language screen shows it (not only
    says it), under that language's button and in its accessible description, in that language."""
    screen = window.current_screen()
    voices = window.speech.voices
    silent = [lang for lang in window.config.kiosk.languages if not voices.has_voice(lang)]
    assert silent == ["tl"]  # assets/speech/voices.yaml: espeak-ng has no Tagalog voice
    for lang in window.config.kiosk.languages:
        b = screen.findChild(QPushButton, f"lang-{lang}")
        note = screen.notes.get(lang)
        if lang in silent:
            wanted = i18n.plain(i18n.text("speech.no_voice_note", lang))
            assert note is not None and note.isVisible() and note.text() == wanted
            assert wanted in b.accessibleDescription()
            top = note.mapTo(window, note.rect().topLeft()).y()
            assert top >= b.mapTo(window, b.rect().bottomLeft()).y()  # under its button
        else:
            assert note is None and "English" not in b.accessibleDescription()
    QTest.mouseClick(screen.findChild(QPushButton, "lang-tl"), Qt.MouseButton.LeftButton)
    assert window.journey.session.language == "tl"  # the button works as before


def _focus_phrases(sink: WavSink) -> list[str]:
    return [w.text for w in sink.written if w.screen == "focus"]


def test_tab_moves_are_said_once_as_the_arrows_are(speech_window):
    """Tab and Shift+Tab say where the focus went (A11Y-10), once: not again by the focus event
    when an arrow moved it, and not on the screen change that placed it."""
    window = speech_window
    sink = window.speech.output
    _press(Qt.Key.Key_Asterisk)
    until(lambda: len(sink.written) >= 2, "speech on")
    _press(Qt.Key.Key_1)  # the first language (Japanese): its notice
    until(lambda: window.journey.screen is Screen.NOTICE and sink.written
           and sink.written[-1].screen == "notice", "the notice spoken")
    assert _focus_phrases(sink) == []  # the focus placed by the screen change is said with the screen
    said = []
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Down):
        before = QApplication.focusWidget()
        _press(key)
        now = QApplication.focusWidget()
        assert now is not before and now is not None
        said.append(i18n.plain(now.accessibleName()))
        until(lambda n=len(said): len(_focus_phrases(sink)) >= n, f"focus move {len(said)} said")
    runner().wait_idle()
    QTest.qWait(50)
    runner().wait_idle()
    assert _focus_phrases(sink) == said  # each move once, in order


def test_a11y08_volume_by_keys_and_top_bar_applied_to_the_sound_and_reset_at_session_end(speech_window):
    """A11Y-08: the resident adjusts the volume (keys and touch), what is played follows, and the
    session's end resets it to the default (installed) level for the next resident."""
    window = speech_window
    sink = window.speech.output
    speech = window.speech
    assert not speech.volume_up.isVisible()  # only while speech is on
    _press(Qt.Key.Key_Asterisk)
    until(lambda: len(sink.written) >= 2, "speech on")
    assert speech.volume_up.isVisible() and speech.volume_down.isVisible()
    assert speech.volume_up.accessibleName() and speech.volume_down.accessibleName()
    _press(Qt.Key.Key_Plus)  # the keypad's +
    until(lambda: sink.written[-1].screen == "volume", "louder said")
    louder = sink.written[-1]
    assert louder.gain > 1.0 and louder.peak > 1000
    assert louder.text == i18n.plain(i18n.text("speech.volume", speech.speech_lang(), n=speech.volume.level,
                                                 total=speech.volume.levels))
    for _ in range(3):
        QTest.mouseClick(speech.volume_down, Qt.MouseButton.LeftButton)  # touch: the top bar's −
    until(lambda: sink.written[-1].screen == "volume" and sink.written[-1].gain < 1.0, "quieter said")
    quieter = sink.written[-1]
    same = speech.synth.speak(quieter.text, speech.speech_lang())  # the same phrase at the engine's level
    from kiosk.speech.output import peak

    assert quieter.peak < peak(same.speech.samples) * 0.8  # what is played is quieter
    _press(Qt.Key.Key_Minus)
    until(lambda: sink.written[-1].gain < quieter.gain, "quieter again")
    window.end_session()
    until(lambda: not speech.on, "the session ended")
    assert speech.volume.is_default and not speech.volume_up.isVisible()
    _press(Qt.Key.Key_Asterisk)
    until(lambda: sink.written[-1].screen != "volume" and sink.written[-1].gain == 1.0, "the next resident")


def test_a_closed_window_leaves_the_keys_to_the_next_one(speech_window, qtbot):
    """A kiosk window closed with speech on (the administrator's form preview is one) takes no
    more keys: an editor opened afterwards gets every digit typed, where speech's 1–9 used to
    take them from it."""
    window = speech_window
    _press(Qt.Key.Key_Asterisk)
    runner().wait_idle()
    assert window.speech.on
    window.close()
    assert not window.speech.on and not window.speech.button.isChecked()
    editor = QLineEdit()
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    editor.setFocus()
    QTest.keyClicks(editor, "1234")
    assert editor.text() == "1234"
