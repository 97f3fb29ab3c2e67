"""Typed errors. Each carries a message key that the UI looks up in ``locales/``.

The UI never shows a traceback: it shows ``i18n.text(error.key, lang, **error.params)``.
``detail`` is for logs and operators; it must never hold personal data.
"""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk reports to a person."""

    key = "error.generic"

    def __init__(self, detail: str = "", *, key: str | None = None, **params: object) -> None:
        super().__init__(detail or self.key)
        if key is not None:
            self.key = key
        self.detail = detail
        self.params = params

    def __str__(self) -> str:  # operator-facing text
        return self.detail or self.key


class ConfigError(KioskError):
    key = "error.config"


class StorageError(KioskError):
    key = "error.storage"


class DatabaseUnreachable(StorageError):
    key = "error.database_unreachable"


class AuditChainBroken(StorageError):
    key = "error.audit_chain"


class CatalogueError(KioskError):
    """A form definition, the field dictionary or the navigator rules are invalid."""

    key = "error.catalogue"


class ValidationError(KioskError):
    """A value does not satisfy its field's validation."""

    key = "error.validation"


class CardError(KioskError):
    key = "error.card"


class PrintError(KioskError):
    key = "error.print"


class QrError(KioskError):
    key = "error.qr"


class ExpressionError(CatalogueError):
    """A condition or derivation in the catalogue does not parse or cannot be evaluated.

    ``position`` is the 0-based character offset in the expression text."""

    def __init__(self, detail: str = "", *, position: int = 0, **params: object) -> None:
        super().__init__(detail, **params)
        self.position = position
