"""``kiosk doctor`` reports the audio output and the speech voices (issue #16 item 1)."""

from __future__ import annotations

import subprocess
import sys

from kiosk.config import Config
from kiosk.doctor import check_audio, check_speech
from kiosk.speech import audio


def test_doctor_says_there_is_no_audio_output_here_and_lists_the_voices():
    result = subprocess.run([sys.executable, "-m", "kiosk", "doctor"], capture_output=True, text=True, timeout=120)
    assert "audio output" in result.stdout and "speech voices" in result.stdout
    voices = check_speech(Config())
    assert voices.ok, voices.detail
    assert "naist-jdic" in voices.detail and "en-us" in voices.detail and "no voice for tl" in voices.detail
    sound = check_audio(Config())
    if audio.audio_problem() is not None:  # this machine (and CI): no sound device
        assert sound.ok and sound.warning and "no audio output" in sound.detail
        assert "no audio output" in result.stdout


def test_doctor_names_a_missing_open_jtalk_dictionary(monkeypatch, tmp_path):
    monkeypatch.setenv("OPEN_JTALK_DICT_DIR", str(tmp_path / "nowhere"))
    voices = check_speech(Config())
    assert not voices.ok and "open-jtalk-mecab-naist-jdic" in voices.detail
