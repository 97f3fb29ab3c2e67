"""Is there anywhere to send sound? Answered from the file system alone (no audio library is
loaded), so that ``kiosk doctor`` and a kiosk without a sound device stay quiet and quick."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

PLAYERS = ("pw-play", "paplay", "aplay")  # the system's players, preferred first


def sound_server() -> Path | None:
    """The PipeWire or PulseAudio socket of this user, if one is running."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    candidates = [Path(runtime) / "pipewire-0", Path(runtime) / "pulse" / "native"] if runtime else []
    pulse = os.environ.get("PULSE_SERVER", "")
    if pulse.startswith("unix:"):
        candidates.append(Path(pulse.removeprefix("unix:")))
    return next((c for c in candidates if c.exists()), None)


def alsa_playback_devices(root: Path = Path("/dev/snd")) -> list[Path]:
    """ALSA playback devices (``pcmC*D*p``)."""
    return sorted(root.glob("pcmC*D*p")) if root.is_dir() else []


def player() -> str | None:
    """The first system player installed (pw-play, paplay or aplay)."""
    return next((found for name in PLAYERS if (found := shutil.which(name)) is not None), None)


def audio_problem() -> str | None:
    """Why the kiosk cannot make sound here (operator-facing), or None when it can."""
    if sound_server() is None and not alsa_playback_devices():
        return "no audio output (no sound server socket and no ALSA playback device)"
    return None
