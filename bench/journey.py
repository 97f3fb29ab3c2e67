"""Measures of the reference journey (issue #15): what the resident does and what the sheets print.

Two households, played through the real widgets, virtual cards (pcscd + vpcd) and CUPS:

* ``family of four``: the two adults read from their cards (the reading of each card name
  confirmed with one tap), the children aged 4 and 9 entered by hand, their names chosen in kanji
  from the candidates the typed reading brings;
* ``all by hand``: the same family with no card at all, every name chosen in kanji.

For each: taps, typed characters, typed ÷ paper characters (the paper count: every printed
field's characters, a mark for a choice, 12 digits for a 個人番号 box), fields printed blank or
"—", names in kana where the law wants kanji, and a KLM estimate of the resident's time (the
operators are in ``kiosk/measures.py``). Goals: typed ≤ 5 % of paper; 0 names in kana; 0 blanks
except signature/seal and a chosen 窓口で確認.

Run: QT_QPA_PLATFORM=offscreen script/with-services .venv/bin/python bench/journey.py
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", default="ja")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.config import Config
    from kiosk.ui import reference
    from kiosk.ui.app import application

    application()
    data_dir = Path(tempfile.mkdtemp(prefix="kiosk-bench-journey-"))
    queue = os.environ.get("KIOSK_TEST_PRINTER") or Config().printer.queue
    config = reference.demo_config(Config(), data_dir, printer_queue=queue)
    setup = reference.start(config, printer=reference.printer_queue_ready(queue))
    try:
        if not setup.cards:
            print("note: no PC/SC service, the adults cannot be read from cards (run under script/with-services)")
        for label, by_card in (("family of four", True), ("all by hand", False)):
            played, printed = reference.play_measured(setup, args.lang, None, by_card=by_card)
            for line in reference.measure_lines(label, played, printed):
                print(line)
    finally:
        reference.stop(setup)
        gc.collect()


if __name__ == "__main__":
    main()
