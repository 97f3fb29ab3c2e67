"""Do the division station (``kiosk clerk --division``) and the public display (``kiosk display``)
fit? The check their fit test and ``bench/fit.py --stations`` make at each size of
:data:`kiosk.ui.fit.SIZES` (:mod:`kiosk.ui.fit_checks`):

- the window keeps the size it is given, every label and button on show is whole;
- the division station's sign-in fields, button and message, its queue, its three action buttons,
  サインアウト, its message and its key hint are in view;
- the display's counters lie over none of the others.

The display is full screen: its type grows with the screen, so it is built for each size rather
than resized (:func:`kiosk.ui.display.display_unit`). Qt widgets only; numbers and names of
divisions are all they show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kiosk.catalogue.model import Catalogue
from kiosk.routing.divisions import Divisions
from kiosk.storage.database import Database
from kiosk.ui.fit import SIZES, in_view, settle
from kiosk.ui.fit_checks import Size, grown, name_of, overlaps, resized, shown, whole
from kiosk.ui.operations import runner
from kiosk.ui.play_hands import PlayError, pump_events

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.clerk.division import DivisionWindow
    from kiosk.ui.display import DisplayWindow

LOCKED = ("fit-locked", "an invented passphrase 8")  # locked by a wrong passphrase on the sign-in page


def division_problems(window: DivisionWindow, size: Size) -> list[str]:
    problems = [p for p in [grown(window, size)] if p is not None]
    problems += whole(window)
    parts = [window.account_field, window.password_field, window.totp_field, window.sign_in_button,
             window.sign_in_message, window.tree, *window.buttons.values(), window.sign_out_button, window.message,
             window.keys_hint]
    problems += [f"{name_of(part)} out of view" for part in parts if shown(part, window) and not in_view(part, window)]
    return problems


def display_problems(window: DisplayWindow, size: Size) -> list[str]:
    problems = [p for p in [grown(window, size)] if p is not None]
    problems += whole(window)
    problems += overlaps(window.panels.values(), window)
    return problems


Misfits = dict[str, dict[Size, list[str]]]  # step → size → problems


def division_run(db: Database, catalogue: Catalogue, division: str, *, lang: str, clerk: tuple[str, str],
                 sizes: Sequence[Size] = SIZES) -> Misfits:
    """A division station in ``lang`` through its pages, resized through ``sizes`` at each: the
    sign-in page empty, then with the lock message (an account locked by a wrong passphrase), the
    queue once ``clerk`` (an account on ``db``) signed in, then with its first number called.
    What does not fit, by step and size (steps that fit are left out)."""
    from kiosk import staff
    from kiosk.ui.clerk.division import DivisionWindow

    window = DivisionWindow(db, catalogue, division, station_id=f"{division}-fit", lang=lang, max_failures=1,
                            poll_seconds=0.2)
    out: Misfits = {}

    def check(step: str) -> None:
        found = resized(window, lambda size: division_problems(window, size), sizes)
        if found:
            out[step] = found

    def sign_in(account: str, password: str) -> None:
        window.account_field.setText(account)
        window.password_field.setText(password)
        window.sign_in()
        if not runner().wait_idle():
            raise PlayError("sign-in check")
        settle()

    window.resize(*SIZES[0])
    window.show()
    try:
        check("sign-in")
        locked = f"{LOCKED[0]}-{lang}".lower()
        staff.create_account(db, locked, "clerk", LOCKED[1])
        sign_in(locked, "not " + LOCKED[1])
        check("sign-in-locked")
        sign_in(*clerk)  # the queue is read on the runner too
        if window.account is None:
            raise PlayError(f"sign-in refused: {window.sign_in_message.text()}")
        check("queue")
        first = window.tree.topLevelItem(0)
        if first is not None:
            window.tree.setCurrentItem(first)
            window.act("call")
            runner().wait_idle()
            pump_events(0.3)  # the listener's news of the call: read again
            runner().wait_idle()
            settle()
            check("called")
    finally:
        window.close()
        runner().wait_idle()
    return out


def display_run(db: Database, divisions: Divisions, sizes: Sequence[Size] = SIZES) -> Misfits:
    """The public display built for each of ``sizes`` (its type as on a screen of that size), its
    names' second line in each shipped language in turn: what does not fit, by language and size."""
    from kiosk.ui.display import OTHER_LANGUAGES, DisplayWindow, display_unit

    out: Misfits = {}
    for size in sizes:
        window = DisplayWindow(db, divisions, fullscreen=False, unit=display_unit(size[1]))
        window.resize(*size)
        window.show()
        try:
            window.reload()
            runner().wait_idle()
            for n in range(len(OTHER_LANGUAGES)):
                settle()
                found = display_problems(window, size)
                if found:
                    out.setdefault(f"names-{OTHER_LANGUAGES[n]}", {})[size] = found
                window.rotate()
        finally:
            window.close()
            runner().wait_idle()
    return out
