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
    """The database server cannot be reached or did not answer within its timeouts. Nothing is
    known about the data: a screen says so and tries again; it never shows a verdict instead."""

    key = "db.unreachable"


class DatabaseDamaged(StorageError):
    """SQLite's own check (``PRAGMA quick_check``; ``check`` names it) found the embedded
    database's file damaged, e.g. by a power cut on a disk that does not keep its write order
    (REL-09). The station refuses to use it: nothing is written into a damaged file."""

    key = "error.database_damaged"


class DiskFull(StorageError):
    """Less free space than the kiosk needs where it writes (REL-12): ``place`` is ``data`` (its
    data folder: the database, keys, metrics) or ``temp`` (the temporary folder: speech); with
    ``free_mb`` and ``need_mb``. No new session starts until there is room again."""

    key = "error.disk_full"


class AuditChainBroken(StorageError):
    key = "error.audit_chain"


class CatalogueError(KioskError):
    """A form definition, the field dictionary or the navigator rules are invalid; ``problems``
    lists every one found (file:line: what) when known."""

    key = "error.catalogue"
    problems: list[str] = []  # replaced per instance, never mutated


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

    def __init__(self, detail: str = "", *, position: int = 0, key: str | None = None, **params: object) -> None:
        super().__init__(detail, key=key, **params)
        self.position = position


class PrinterUnavailable(PrintError):
    """The print queue cannot take a job now (paper out, jam, stopped…); ``reason`` says why."""

    key = "print.unavailable"


class PrintJobTimeout(PrintError):
    """A job did not finish in time; it was cancelled and purged."""

    key = "print.job_timeout"


class StaffError(KioskError):
    """A staff account problem (clerk station, admin workbench)."""

    key = "clerk.staff_error"


class SignInFailed(StaffError):
    """Wrong account, password or second factor. The message never says which."""

    key = "clerk.sign_in_failed"


class AccountLocked(StaffError):
    """Too many failed sign-ins; an administrator unlocks the account."""

    key = "clerk.account_locked"


class ClerkError(KioskError):
    """A clerk station operation that cannot be done (trust list, receipt, export)."""

    key = "clerk.error"


class ExportEncodingError(ClerkError):
    """A character of the record has no Shift_JIS (cp932) code; ``char`` and ``field_id`` name it."""

    key = "clerk.export_not_sjis"


class AdminError(KioskError):
    """An admin workbench operation that cannot be done (versions, publishing, approval)."""

    key = "admin.error"


class EditConflict(AdminError):
    """Another administrator saved the same document after this edit began; ``document``,
    ``author`` and ``version`` name the newer save. Nothing was overwritten."""

    key = "admin.conflict"


class PublishRefused(AdminError):
    """The assembled catalogue is invalid or an approval is missing; ``problems`` lists why."""

    key = "admin.publish_refused"

    def __init__(self, detail: str = "", *, problems: list[str] | None = None, key: str | None = None,
                 **params: object) -> None:
        super().__init__(detail, key=key, **params)
        self.problems = list(problems or [])


class ApprovalRequired(PublishRefused):
    """A form adds, enables or changes the 個人番号: a second administrator must approve it first."""

    key = "admin.approval_required"


class ImportRefused(PublishRefused):
    """An imported catalogue has problems; nothing was changed. ``problems`` are located."""

    key = "admin.import_refused"


class RoutingError(ClerkError):
    """A division queue operation that cannot be done (no such ticket, a ticket in another state,
    a form no division handles)."""

    key = "routing.error"
