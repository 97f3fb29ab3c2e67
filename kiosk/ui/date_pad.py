"""The date pad (YYYYMMDD) of a screen where a date may be typed: made the first time it is asked
for, then kept, and emptied each time it is put away, so that a session builds no pad and none
keeps the digits of the last resident (PRIV-08). The date picker and the question screen each keep
one, wired to their own handlers; where the pad goes in the page is theirs."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.ui.keypads import NumericPad


class KeptDatePad:
    """A date pad wired once to ``accepted`` (the digits typed), ``cancelled`` and ``typed`` (the
    number of digits typed so far); :attr:`shown` is the pad while it is open, else None."""

    def __init__(self, accepted: Callable[[str], None], cancelled: Callable[[], None],
                 typed: Callable[[int], None]) -> None:
        self._accepted, self._cancelled, self._typed = accepted, cancelled, typed
        self._made: NumericPad | None = None
        self.shown: NumericPad | None = None

    def open(self, lang: str) -> NumericPad:
        """The pad in ``lang``, empty; when it is open already (a language switch), what was typed
        stays. The caller places and shows it."""
        pad = self._made
        if pad is None:
            pad = self._made = NumericPad(lang, "", kind="date")
            pad.accepted.connect(self._accepted)
            pad.cancelled.connect(self._cancelled)
            pad.typed.connect(self._typed)
        else:
            pad.load(lang, pad.value if self.shown is not None else "")
        self.shown = pad
        return pad

    def close(self, lang: str) -> NumericPad | None:
        """The pad hidden and emptied (kept for the next date typed); the pad that was open, for
        the caller to take out of its layout, else None."""
        pad, self.shown = self.shown, None
        if pad is not None:
            pad.hide()
            pad.load(lang, "")
        return pad
