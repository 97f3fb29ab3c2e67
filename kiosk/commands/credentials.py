"""Reading an acting administrator's credentials for a command: from the terminal (the password
not echoed), or, when stdin is not a terminal, as lines of stdin (password, then one-time code).
Never from the command line, where they would land in the shell history and the process list."""

from __future__ import annotations

import getpass
import sys


def read_line(prompt: str, *, secret: bool = False) -> str:
    """One answer: prompted on a terminal, otherwise the next line of stdin."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt) if secret else input(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def read_admin_credentials(account: str) -> tuple[str, str]:
    """(password, one-time code) of administrator ``account``."""
    password = read_line(f"password of {account}: ", secret=True)
    code = read_line(f"one-time code of {account}: ").strip()
    return password, code
