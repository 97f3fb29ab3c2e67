"""``kiosk doctor``: a status table of reader, printer queue, font, database, keys and catalogue."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "doctor", help="check reader, printer queue, fonts, database, keys and catalogue",
        description="Check the installation and print a status table. Exit status 1 when a check fails.",
    )
    parser.set_defaults(func=_doctor)


def _doctor(args: argparse.Namespace) -> int:
    from kiosk.cli import load_config
    from kiosk.doctor import format_table, run_checks

    config = load_config(args)
    results = run_checks(config)
    print(f"configuration: {config.source}")
    print(format_table(results))
    return 0 if all(r.ok for r in results) else 1
