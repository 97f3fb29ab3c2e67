"""Shared values for the admin workbench tests: two administrators' TOTP secrets and password
(invented), and the small invented catalogue's folder."""

from __future__ import annotations

import time
from pathlib import Path

import pyotp

CATALOGUE = Path(__file__).parent / "catalogue"
PASSWORD = "correct horse battery"
SECRETS = {"admin-a": pyotp.random_base32(), "admin-b": pyotp.random_base32()}


USED_STEPS: dict[str, int] = {}  # account -> newest time step handed out (a code is accepted once)


def code(account: str, at=None) -> str:
    """The TOTP code valid at ``at``; without ``at``, a fresh code for the account: the next time
    step not yet handed out within the accepted window (now ± 30 s), as an administrator who
    signs in again soon types the next code shown by the authenticator."""
    totp = pyotp.TOTP(SECRETS[account])
    if at is not None:
        return totp.at(at)
    while True:
        current = int(time.time()) // 30
        step = max(USED_STEPS.get(account, current - 2) + 1, current - 1)
        if step <= current + 1:
            USED_STEPS[account] = step
            return totp.generate_otp(step)
        time.sleep(1)
