"""``kiosk db upgrade``: create or migrate the database named by the configuration."""

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
                                description="Verify the audit log's hash chain and say where it breaks.")
    verify.add_argument("--url", help="database URL (default: from the configuration)")
    verify.set_defaults(func=_audit_verify)


def _database(args: argparse.Namespace) -> Database:
    from kiosk.cli import load_config
    from kiosk.storage.database import Database

    config = load_config(args)
    return Database(args.url or config.database_url, settings=config.database)


def _upgrade(args: argparse.Namespace) -> int:
    db = _database(args)
    try:
        db.upgrade()
        print(f"database {db.safe_url} at revision {db.current_revision()}")
    finally:
        db.dispose()
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    from kiosk.storage.audit import verify_chain

    db = _database(args)
    try:
        db.check_reachable()
        with db.session() as s:
            report = verify_chain(s)
    finally:
        db.dispose()
    print(report.describe())
    return 0 if report.ok else 1
