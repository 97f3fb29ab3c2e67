"""``kiosk demo``: the reference journey played headlessly through the real widgets — a family of
four moving in from another city (two adults on 国保, children aged 4 and 9): each adult's virtual
card read through pcscd/vpcd, the children entered by hand. Writes the sheets, the guide slips and
a PNG of every screen in each language to the output folder, and prints its path."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("demo", help="play the reference journey headlessly and save screens and sheets")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: ./kiosk-demo)")
    parser.add_argument("--langs", default="ja,ja-easy,en", help="comma-separated languages (default: ja,ja-easy,en)")
    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk import cli, log
    from kiosk.ui import reference
    from kiosk.ui.play_hands import PlayError

    config = cli.load_config(args)
    out = (args.out or Path("kiosk-demo")).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from kiosk.errors import StorageError

        raise StorageError(f"{out}: cannot create: {exc.strerror or type(exc).__name__}",
                           key="error.output_unwritable", where=str(out)) from exc
    langs = [x.strip() for x in args.langs.split(",") if x.strip()]
    log.setup(out / "logs", stderr=False)
    try:
        summary = reference.play_all(config, out, langs)
    except PlayError as exc:
        print(f"kiosk demo: {exc}")
        print(out)
        return 1
    for line in summary:
        print(line)
    print(out)
    return 0
