"""The speech volume the resident sets (A11Y-08): a few steps around the installed level, the
default restored at every session end. The default step is the engine's own level, which the
installer sets at the speaker to at most 65 dBA; the steps above it are louder by gain (clipped),
the steps below quieter. Applied by the outputs when they play or write a phrase."""

from __future__ import annotations

from kiosk.jtalk import Speech

GAINS: tuple[float, ...] = (0.3, 0.5, 0.7, 1.0, 1.4, 2.0)  # the steps, quietest first
DEFAULT_STEP = 3  # GAINS[3] == 1.0: the installed level


class Volume:
    """The resident's volume step, 1-based for speaking ("volume 4 of 6")."""

    def __init__(self) -> None:
        self.step = DEFAULT_STEP

    @property
    def gain(self) -> float:
        return GAINS[self.step]

    @property
    def level(self) -> int:
        """1 (quietest) … :attr:`levels`."""
        return self.step + 1

    @property
    def levels(self) -> int:
        return len(GAINS)

    def louder(self) -> bool:
        """One step up; False when already at the loudest."""
        if self.step + 1 >= len(GAINS):
            return False
        self.step += 1
        return True

    def quieter(self) -> bool:
        """One step down; False when already at the quietest."""
        if self.step == 0:
            return False
        self.step -= 1
        return True

    def reset(self) -> None:
        self.step = DEFAULT_STEP

    @property
    def is_default(self) -> bool:
        return self.step == DEFAULT_STEP


def scaled(speech: Speech, gain: float) -> Speech:
    """``speech`` with every sample multiplied by ``gain`` (clipped to 16 bits)."""
    if gain == 1.0:
        return speech
    import numpy

    samples = numpy.frombuffer(speech.samples[: len(speech.samples) - len(speech.samples) % 2], dtype="<i2")
    louder = numpy.clip(samples.astype(numpy.float32) * gain, -32768, 32767).astype("<i2")
    return Speech(samples=louder.tobytes(), sample_rate=speech.sample_rate)
