"""Logging through one module: a rotating file and stderr, with a filter that refuses records
carrying personal data (PRIV: logs carry ids and codes, never names, addresses, PINs or
My Numbers).

The filter knows two things: shapes that are always personal (a 12-digit number that could be
a 個人番号, a 4-digit PIN after "pin"), and the live values of the current session, which the
session object registers with :func:`protect` and removes with :func:`forget` at wipe.
A value is found anywhere in a record's text; one that begins and ends with a Latin letter or
a digit (a romaji name, a date, a phone number, a code such as ``head``) only where it stands
on its own, not inside a longer word or number (a letter beside its letter, a digit beside its digit): the household's relationship ``head`` does not
withhold "headphone jack: plugged", while ``Smith`` in "for Smith," and 森山 in 「森山花」 are.
A refused record is replaced by a notice naming its logger and message template only.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path

_LOCK = threading.Lock()
_PROTECTED: dict[str, re.Pattern[str] | None] = {}  # a value, and how it stands on its own (None: anywhere)
_ALNUM = "A-Za-z0-9"
_EDGE = re.compile(rf"^[{_ALNUM}].*[{_ALNUM}]$", re.S)
_PATTERNS = (
    re.compile(r"(?<!\d)\d{4}[ -]?\d{4}[ -]?\d{4}(?!\d)"),  # 12 digits: a possible 個人番号
    re.compile(r"(?i)\bpin\b\W{0,3}\d{4}\b"),
)
_CONFIGURED = False
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def protect(*values: object) -> None:
    """Register values (names, addresses, numbers) that must never reach a log."""
    with _LOCK:
        for value in values:
            text = str(value).strip() if value is not None else ""
            if len(text) >= 2 and text not in _PROTECTED:
                _PROTECTED[text] = _on_its_own(text) if _EDGE.match(text) else None


def forget(*values: object) -> None:
    with _LOCK:
        for value in values:
            _PROTECTED.pop(str(value).strip() if value is not None else "", None)


def forget_all() -> None:
    with _LOCK:
        _PROTECTED.clear()


def carries_personal_data(text: str) -> bool:
    if any(p.search(text) for p in _PATTERNS):
        return True
    with _LOCK:
        return any(value in text and (alone is None or alone.search(text) is not None)
                   for value, alone in _PROTECTED.items())


def _on_its_own(value: str) -> re.Pattern[str]:
    """Not inside a longer word (a letter beside a letter) or a longer number (a digit beside a
    digit): a date in a timestamp (``2026-11-27T00:00``) still stands on its own."""
    def beside(ch: str) -> str:
        return "0-9" if ch.isdigit() else "A-Za-z"

    return re.compile(rf"(?<![{beside(value[0])}]){re.escape(value)}(?![{beside(value[-1])}])")


class PersonalDataFilter(logging.Filter):
    """Rewrites any record whose final text carries personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the template only
            message = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            message += " " + str(record.exc_info[1])
        if carries_personal_data(message):
            template = record.msg if isinstance(record.msg, str) else type(record.msg).__name__
            record.msg = "record withheld: it carried personal data (template: %s)"
            record.args = (_template_shape(template),)
            record.exc_info = None
            record.exc_text = None
        return True


def _template_shape(template: str) -> str:
    return re.sub(r"\d", "#", template)[:80]


def setup(log_dir: Path | None = None, level: int = logging.INFO, stderr: bool = True) -> None:
    """Configure the root logger once: rotating file in ``log_dir`` (if given) and stderr."""
    global _CONFIGURED
    root = logging.getLogger()
    if _CONFIGURED:
        return
    root.setLevel(level)
    handlers: list[logging.Handler] = []
    if stderr:
        handlers.append(logging.StreamHandler())
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_dir / "kiosk.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
            )
        )
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(PersonalDataFilter())
        root.addHandler(handler)
    _CONFIGURED = True


def get_logger(name: str) -> logging.Logger:
    logger = logging.getLogger(name)
    if not any(isinstance(f, PersonalDataFilter) for f in logger.filters):
        logger.addFilter(PersonalDataFilter())
    return logger
