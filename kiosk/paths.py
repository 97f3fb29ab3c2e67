"""Where things live: the project's data folders and the per-user data directory.

The catalogue (``forms``), translations (``locales``) and assets are found as installed data of
the kiosk package first (``kiosk/_data/<folder>`` in a wheel) and in the checkout second (the
folders at the top of the repository, for development and editable installs)."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parent.parent  # the checkout (development and editable installs)
DATA_PACKAGE_DIR = "_data"  # inside the kiosk package in a wheel


def data_dir(name: str) -> Path:
    """The folder ``name`` (forms, locales, assets): installed with the package, else in the checkout."""
    installed = resources.files("kiosk") / DATA_PACKAGE_DIR / name
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return PROJECT_ROOT / name


FORMS_DIR = data_dir("forms")
LOCALES_DIR = data_dir("locales")
ASSETS_DIR = data_dir("assets")
PERSONAS_DIR = ASSETS_DIR / "personas"


def default_data_dir() -> Path:
    """Per-user data directory (SQLite database, keys, logs, spooled PDFs)."""
    env = os.environ.get("KIOSK_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir("kiosk", appauthor=False))


def default_config_path() -> Path:
    env = os.environ.get("KIOSK_CONFIG")
    return Path(env) if env else Path(platformdirs.user_config_dir("kiosk", appauthor=False)) / "kiosk.toml"
