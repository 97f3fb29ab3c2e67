"""Screens that fit: plays the reference journey (the family of four, the parents' cards through
pcscd/vpcd) and at every screen resizes the window through each size of ``kiosk.ui.fit.SIZES``,
counting the screens whose window grows past the size or whose primary button is out of view.

    script/with-services .venv/bin/python bench/fit.py [--langs ja,en,ja-easy,pt-BR,ne] \
        [--settings normal,large,contrast,large+contrast]

Prints, per size, the number of screens that do not fit (the goal is 0) and each one found.
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
    args = parser.parse_args()
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


if __name__ == "__main__":
    raise SystemExit(main())
