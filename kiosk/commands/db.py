"""``kiosk db upgrade``: create or migrate the database named by the configuration.
``kiosk db audit-verify``: check the audit log's hash chain and compare it with this station's
signed checkpoints (kept in its key directory, outside the database): it reports entries that
were removed (their sequence numbers) or rewritten (the first changed one), and since when."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.storage.database import Database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("db", help="database maintenance", description="Database maintenance.")
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="create or migrate the schema to the current version",
                                 description="Create the database or migrate it to the current schema.")
    upgrade.add_argument("--url", help="database URL (default: from the configuration)")
    upgrade.set_defaults(func=_upgrade)
    verify = actions.add_parser("audit-verify", help="verify the audit log's hash chain",
                                description="Verify the audit log's hash chain, compare it with this station's "
                                            "signed checkpoints, and say what was removed or changed and since when.")
    verify.add_argument("--url", help="database URL (default: from the configuration)")
    verify.set_defaults(func=_audit_verify)


def _database(args: argparse.Namespace) -> Database:
    from kiosk.cli import load_config
    from kiosk.storage.database import database_for

    config = load_config(args)
    return database_for(config, args.url)


def _upgrade(args: argparse.Namespace) -> int:
    db = _database(args)
    try:
        db.upgrade()
        print(f"database {db.safe_url} at revision {db.current_revision()}")
    finally:
        db.dispose()
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    from kiosk.storage.audit import verify_with_checkpoints

    db = _database(args)
    try:
        db.check_reachable()
        checkpoints, forged = db.checkpoints.read()
        with db.session() as s:
            report = verify_with_checkpoints(s, checkpoints, forged)
    finally:
        db.dispose()
    print(report.describe())
    return 0 if report.ok else 1
