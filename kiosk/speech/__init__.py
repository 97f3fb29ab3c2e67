"""Speech mode (音声案内, issue #16 item 1), free of Qt.

- :mod:`kiosk.speech.spoken` — what each screen says, assembled from the message keys and the
  catalogue labels the screens show, in the resident's language; never PIN digits, the My
  Number or card data, except the review read-out the resident asks for.
- :mod:`kiosk.speech.voices` — the language → voice table (``assets/speech/voices.yaml``).
- :mod:`kiosk.speech.engines` — Open JTalk (through :mod:`kiosk.jtalk`) and espeak-ng.
- :mod:`kiosk.speech.synth` — the synthesizer with its bounded phrase cache, and WAV encoding.
"""

from kiosk.errors import KioskError


class SpeechError(KioskError):
    """Speech could not be produced; the kiosk goes on silently and says so once."""

    key = "speech.unavailable"


class VoiceTableError(SpeechError):
    """``assets/speech/voices.yaml`` is invalid (names file and entry)."""

    key = "speech.voices_invalid"


__all__ = ["SpeechError", "VoiceTableError"]
