"""``kiosk forms``: check a catalogue folder (``forms check [PATH]``) or list its forms."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("forms", help="check or list the form catalogue (forms/)")
    sub = parser.add_subparsers(dest="forms_command", metavar="ACTION")
    check = sub.add_parser("check", help="validate a catalogue folder; lists every problem with file and line")
    check.add_argument("path", nargs="?", type=Path, default=None, help="catalogue folder (default: the configured forms/)")
    check.set_defaults(func=check_command)
    listing = sub.add_parser("list", help="list forms and procedures")
    listing.add_argument("path", nargs="?", type=Path, default=None)
    listing.add_argument("--lang", default="ja")
    listing.set_defaults(func=list_command)

    def show_help(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(func=show_help)


def _folder(args: argparse.Namespace) -> Path:
    if args.path is not None:
        return Path(args.path)
    from kiosk import cli

    return cli.load_config(args).forms_dir


def check_command(args: argparse.Namespace) -> int:
    from kiosk.catalogue.loader import check_catalogue, load_catalogue

    folder = _folder(args)
    problems = check_catalogue(folder)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    catalogue = load_catalogue(folder)
    print(
        f"ok: {folder}: {len(catalogue.fields)} fields, {len(catalogue.forms)} forms, "
        f"{len(catalogue.procedures)} procedures, {len(catalogue.questions)} questions, "
        f"{len(catalogue.languages)} languages, version {catalogue.version}"
    )
    return 0


def list_command(args: argparse.Namespace) -> int:
    from kiosk.catalogue.loader import load_catalogue
    from kiosk.catalogue.model import localized

    catalogue = load_catalogue(_folder(args))
    for form in catalogue.forms.values():
        rows = form.persons.max_rows if form.persons else 0
        flag = " 個人番号" if form.requires_my_number else ""
        print(f"form {form.id} v{form.version}: {localized(form.title, args.lang)} ({len(form.all_fields())} fields, {rows} person rows){flag}")
    for proc in catalogue.procedures.values():
        forms = ", ".join(proc.forms) or "guidance only"
        print(f"procedure {proc.id} [{proc.counter}]: {localized(proc.title, args.lang)} — {forms}")
    return 0
