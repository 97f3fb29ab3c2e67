"""Screens that fit: plays the reference journey (the family of four, the parents' cards through
pcscd/vpcd) and at every screen resizes the window through each size of ``kiosk.ui.fit.SIZES``,
counting the screens whose window grows past the size or whose primary button is out of view.

    script/with-services .venv/bin/python bench/fit.py [--langs ja,en,ja-easy,pt-BR,ne] \
        [--settings normal,large,contrast,large+contrast]

Prints, per size, the number of screens that do not fit (the goal is 0) and each one found.

    script/with-services .venv/bin/python bench/fit.py --counter [--clerk-lang ja,en,ko] [--shots DIR]

``kiosk counter`` instead: the reference family played through the counter once (the clerk's
keys, the resident's taps, the parents' cards on vpcd); at each kind of step (the clerk's sign-in
page, empty and with the lock message, the language step, the 利用目的 notice, also in every
shipped language, a question, a date question's days, the members (also with a foreign household's
long names and the widest relationship label of the clerk's language on every row), the card waiting, checking it, a card whose PIN is locked (the resident's window also
in every shipped language), a card whose data cannot be read, the card taken off while its PIN is
typed (also in every shipped language), a wrong PIN with tries left, a second one and the last try (also in every
shipped language), the PIN, reading, take the card, each review,
confirm, result) the clerk's and the resident's windows (and the resident's in large text with
high contrast) are resized through the same sizes and checked by ``kiosk.ui.counter.window_fit``
(``kiosk.ui.counter.fit_run`` plays the steps): every label and keycap whole, the sign-in fields,
the input line, the table's current row and every column, the key bar and the resident's confirm / PIN OK and page
text in view, no part over another, and in high contrast every text at least 7:1 against what is
painted behind it. Prints, per window and size, the number of steps that do not fit and each
problem found; ``--shots`` saves both windows at 1366×768 and 1080×1920 at each step (the
resident's also in large text with high contrast).
``--clerk-lang``: the clerk's window in each of these languages (``kiosk counter --lang``), one
play each (default ja).

    script/with-services .venv/bin/python bench/fit.py --stations [--langs ja,en,ja-easy,pt-BR,ne]

The division station (``kiosk clerk --division``: its sign-in page, the lock message, its queue, a
number called) in each language of ``--langs`` and the public display (``kiosk display``, built as
on a screen of each size, its names in every shipped language), checked by
``kiosk.ui.station_fit``; prints per size the pages that do not fit and each problem.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--langs", default="ja,en,ja-easy,pt-BR,ne")
    parser.add_argument("--settings", default="normal,large,contrast,large+contrast")
    parser.add_argument("--counter", action="store_true", help="the counter's two windows instead of the kiosk")
    parser.add_argument("--shots", type=Path, default=None, help="with --counter: screenshots folder")
    parser.add_argument("--clerk-lang", default="ja", help="with --counter: the clerk's window's languages, one play each")
    parser.add_argument("--stations", action="store_true", help="the division station and the public display")
    args = parser.parse_args()
    if args.counter:
        return max(counter(args.shots, lang) for lang in args.clerk_lang.split(","))
    if args.stations:
        return stations(args.langs.split(","))
    from kiosk.config import Config
    from kiosk.ui import reference
    from kiosk.ui.app import application
    from kiosk.ui.fit import SIZES, misfits

    application()
    data_dir = Path(tempfile.mkdtemp(prefix="kiosk-fit-"))
    queue = os.environ.get("KIOSK_TEST_PRINTER") or Config().printer.queue
    config = reference.demo_config(Config(), data_dir, printer_queue=queue)
    setup = reference.start(config, printer=reference.printer_queue_ready(queue))
    window = setup.kiosk.window
    screens = 0
    bad: dict[tuple[int, int], list[str]] = {size: [] for size in SIZES}
    try:
        for setting in args.settings.split(","):
            for lang in args.langs.split(","):
                def check(name: str, lang: str = lang, setting: str = setting) -> None:
                    nonlocal screens
                    if name == "language":  # before the language is chosen: the setting of this run
                        window.large_button.setChecked("large" in setting)
                        window.contrast_button.setChecked("contrast" in setting)
                    screens += 1
                    for size, problem in misfits(window).items():
                        bad[size].append(f"{lang}/{setting}/{name}: {problem}")

                reference.play(setup, lang, None, on_screen=check)
    finally:
        reference.stop(setup)
    print(f"screens checked: {screens} (languages {args.langs}; settings {args.settings})")
    for (width, height), found in bad.items():
        print(f"{width}x{height}: {len(found)} of {screens} screens do not fit")
        for line in found:
            print(f"    {line}")
    return 0


def counter(shots: Path | None, clerk_lang: str = "ja") -> int:
    from kiosk.config import Config
    from kiosk.ui import reference
    from kiosk.ui.counter.app import application
    from kiosk.ui.counter.fit_run import FitRun
    from kiosk.ui.counter.reference_counter import start_reference
    from kiosk.ui.counter.window_fit import as_windows

    application()
    data_dir = Path(tempfile.mkdtemp(prefix="counter-fit-"))
    queue = os.environ.get("KIOSK_TEST_PRINTER") or Config().printer.queue
    config = reference.demo_config(Config(), data_dir, printer_queue=queue)
    clerk = ("fit-clerk", "an invented passphrase 7")
    ref = start_reference(config, printer=reference.printer_queue_ready(queue), clerk=clerk, clerk_lang=clerk_lang)
    as_windows(ref.counter)
    run = FitRun(ref, shots=shots)
    try:
        play = run.player(reference.household())
        run.sign_in(play, *clerk)
        play.play("ja")
    finally:
        ref.stop()
    print(f"counter, the clerk's window in {clerk_lang}: steps checked: {len(run.steps)} ({', '.join(run.steps)})")
    for (who, setting, (width, height)), found in run.bad.items():
        print(f"{who} ({setting}) {width}x{height}: {run.failing((who, setting, (width, height)))} of "
              f"{len(run.steps)} steps do not fit, {len(found)} problems")
        for line in found:
            print(f"    {line}")
    if shots is not None:
        print(f"screenshots: {shots}")
    return 0


def stations(langs: list[str]) -> int:
    import datetime as dt

    from kiosk import staff
    from kiosk.catalogue.loader import load_catalogue
    from kiosk.clerk.record import SheetRecord
    from kiosk.routing import queue
    from kiosk.routing.divisions import Divisions
    from kiosk.storage.database import Database
    from kiosk.ui.app import application
    from kiosk.ui.fit import SIZES
    from kiosk.ui.station_fit import display_run, division_run

    application()
    data_dir = Path(tempfile.mkdtemp(prefix="stations-fit-"))
    db = Database(f"sqlite:///{data_dir / 'queues.sqlite3'}", key_dir=data_dir / "keys")
    db.upgrade()
    catalogue = load_catalogue()
    divisions = Divisions.of(catalogue)
    now = dt.datetime.now(dt.UTC)
    for n in range(3):  # three invented residents' sheets in the queue, the last one called
        sheet = SheetRecord(sheet_id=f"{n:032x}", form_id="kokuho", form_version=1, kiosk_id="bench", issued_at=now,
                            expires_at=now + dt.timedelta(days=30), confirm_my_number=False,
                            household={"filer.name": "架空 太郎"}, persons=[{"person.name": "架空 太郎"}])
        routed = queue.receive_bundle(db, [sheet], divisions, station_id="bench")
    queue.call(db, routed.stops[0].ticket_id, by="bench")
    clerk = ("fit-division", "an invented passphrase 9")
    staff.create_account(db, clerk[0], "clerk", clerk[1])
    found: dict[str, dict[tuple[int, int], list[str]]] = {}
    for lang in langs:
        for step, sizes in division_run(db, catalogue, "hoken_nenkin", lang=lang, clerk=clerk).items():
            found[f"division station ({lang}) {step}"] = sizes
    for step, sizes in display_run(db, divisions).items():
        found[f"display {step}"] = sizes
    db.dispose()
    print(f"division station: 4 pages in each of {', '.join(langs)}; display: its names in every shipped language")
    for size in SIZES:
        bad = [(where, problem) for where, sizes in found.items() for problem in sizes.get(size, [])]
        print(f"{size[0]}x{size[1]}: {len({where for where, _p in bad})} pages do not fit, {len(bad)} problems")
        for where, problem in bad:
            print(f"    {where}: {problem}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
