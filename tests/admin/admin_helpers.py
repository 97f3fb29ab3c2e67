"""Shared values for the admin workbench tests: two administrators' TOTP secrets and password
(invented), and the small invented catalogue's folder."""

from __future__ import annotations

from pathlib import Path

import pyotp

CATALOGUE = Path(__file__).parent / "catalogue"
PASSWORD = "correct horse battery"
SECRETS = {"admin-a": pyotp.random_base32(), "admin-b": pyotp.random_base32()}


def code(account: str, at=None) -> str:
    """The account's current TOTP code (or the one valid at ``at``)."""
    return pyotp.TOTP(SECRETS[account]).at(at) if at is not None else pyotp.TOTP(SECRETS[account]).now()
