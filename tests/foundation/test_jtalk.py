"""Open JTalk with Debian's dictionary: readings of names and Japanese speech, offline only."""

from __future__ import annotations

import subprocess
import sys

from kiosk import jtalk


def test_reading_of_invented_names_is_katakana_yomi() -> None:
    # 読み (ソウタ), not the pronunciation (ソータ): furigana are written as read.
    assert jtalk.reading("森山 颯太") == "モリヤマ ソウタ"
    assert jtalk.reading("佐々木\u3000大翔") == "ササキ ヒロト"


def test_speech_is_sound_of_plausible_length() -> None:
    speech = jtalk.synthesize("住所を確認してください。")
    assert speech.sample_rate == 48000
    assert 0.8 < speech.seconds < 6.0
    samples = memoryview(speech.samples).cast("h")
    assert max(abs(s) for s in samples) > 1000  # not silence
    slower = jtalk.synthesize("住所を確認してください。", speed=0.8)
    assert slower.seconds > speech.seconds


def test_missing_dictionary_is_a_typed_error_and_nothing_is_downloaded(tmp_path: object) -> None:
    # REL: offline kiosk. With the dictionary gone the library's downloader must not run.
    program = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise SystemExit('network use')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from kiosk import jtalk\n"
        "assert jtalk.dictionary_problem() is not None\n"
        "try:\n"
        "    jtalk.reading('森山')\n"
        "except jtalk.JTalkUnavailable as error:\n"
        "    print(error.key)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        env={"OPEN_JTALK_DICT_DIR": "/nonexistent/naist-jdic", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "speech.jtalk_unavailable"
