"""Where things live: the project's data folders and the per-user data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FORMS_DIR = PROJECT_ROOT / "forms"
LOCALES_DIR = PROJECT_ROOT / "locales"
ASSETS_DIR = PROJECT_ROOT / "assets"
PERSONAS_DIR = ASSETS_DIR / "personas"


def default_data_dir() -> Path:
    """Per-user data directory (SQLite database, keys, logs, spooled PDFs)."""
    env = os.environ.get("KIOSK_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir("kiosk", appauthor=False))


def default_config_path() -> Path:
    env = os.environ.get("KIOSK_CONFIG")
    return Path(env) if env else Path(platformdirs.user_config_dir("kiosk", appauthor=False)) / "kiosk.toml"
