"""``kiosk clerk export`` and ``kiosk clerk purge``: a division's received sheets as JSON or CSV
(schema in the README, "Division queues"), and the retention purge a station also runs by itself.

Export holds personal data: a clerk signs in first (password, then one-time code if the account
has one; from the terminal, or as two lines of stdin), and the export is audited (ids and counts)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser("export", help="a division's received sheets as JSON or CSV (clerk sign-in)")
    export.add_argument("--division", required=True, metavar="ID", help="counter id of forms/procedures.yaml")
    export.add_argument("--format", required=True, choices=("json", "csv"))
    export.add_argument("--day", default=None, metavar="YYYY-MM-DD", help="only that day's numbers (default: all kept)")
    export.add_argument("--out", default="-", metavar="FILE", help="output file ('-' = stdout, the default)")
    export.add_argument("--account", required=True, metavar="ID",
                        help="the clerk exporting (password and one-time code are asked for)")
    export.set_defaults(func=handle_export)
    purge = sub.add_parser("purge", help="drop received data whose division retention has ended")
    purge.set_defaults(func=handle_purge)


def handle_export(args: argparse.Namespace) -> int:
    from kiosk import staff
    from kiosk.catalogue.loader import load_catalogue
    from kiosk.cli import load_config
    from kiosk.commands.credentials import read_admin_credentials
    from kiosk.errors import RoutingError
    from kiosk.routing import export, queue
    from kiosk.storage import audit
    from kiosk.storage.database import open_database

    config = load_config(args)
    catalogue = load_catalogue(config.forms_dir, municipality=str(config.municipality.code))
    if args.division not in catalogue.counters:
        raise RoutingError(f"unknown division {args.division}", key="routing.error")
    db = open_database(config)
    password, code = read_admin_credentials(args.account)
    account = staff.sign_in(db, args.account, password, code or None, role="clerk",
                            station=f"cli:{config.clerk.station_id}")
    queue.purge_expired(db, by=account.id)  # what is past its retention is never exported
    sheets = queue.queued_sheets(db, args.division, day=args.day)
    now = queue.now_utc()
    if args.format == "json":
        data = export.json_bytes(args.division, sheets, exported_at=now, day=args.day)
    else:
        data = export.csv_bytes(args.division, sheets, catalogue)
    with db.session() as s:
        audit.append(s, account.id, "routing.export", args.division,
                     {"format": args.format, "sheets": len(sheets), "day": args.day or ""})
    if args.out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        _write_private(Path(args.out), data)
    return 0


def _write_private(path: Path, data: bytes) -> None:
    """The export holds personal data: a new file readable by its owner only."""
    import os

    from kiosk.errors import ClerkError

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise ClerkError(f"{path}: cannot write: {exc.strerror or type(exc).__name__}", key="routing.export_unwritable",
                         where=str(path)) from exc


def handle_purge(args: argparse.Namespace) -> int:
    from kiosk.cli import load_config
    from kiosk.routing import queue
    from kiosk.storage.database import open_database

    config = load_config(args)
    count = queue.purge_expired(open_database(config), by=f"purge:{config.clerk.station_id}")
    print(f"purged {count}")
    return 0
