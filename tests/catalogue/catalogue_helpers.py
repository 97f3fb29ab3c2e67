"""Helpers of the catalogue tests: edit copied definition files, run ``kiosk forms check`` on them."""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml


def edit_yaml(path: Path, change) -> None:
    """Load a YAML file, let ``change(data)`` modify it, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def replace_text(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def check(folder: Path) -> int:
    """``kiosk forms check FOLDER`` in this process; its exit code."""
    from kiosk.commands import forms

    parser = argparse.ArgumentParser(prog="kiosk")
    parser.add_argument("--config", default=None)
    forms.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["forms", "check", str(folder)])
    return args.func(args)
