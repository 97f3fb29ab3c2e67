"""``kiosk verify``: clerk QR strings on stdin (one per line), one JSON verdict per line on stdout.

A sheet split over several codes is collected line by line (``incomplete`` until every part has
been read). With ``--database`` a sheet's first authentic scan is recorded as a receipt, and a
second scan is ``already_used``. Garbage input yields ``malformed``, never a crash: standard input is
read as bytes, and a line that is not UTF-8 gets its own ``{"verdict": "malformed", "reason":
"encoding"}``.

A database fault is never a verdict about a code: when the database cannot be reached, does not
answer within its timeouts or fails, the command prints one line on stderr naming the line that
was not checked and exits with :data:`EXIT_DATABASE` (the verdicts already printed stand).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import DatabaseDamaged, KioskError

if TYPE_CHECKING:
    from kiosk.ks1 import Seen, TrustEntry, TrustStore
    from kiosk.storage.database import Database

EXIT_DATABASE = 3  # the database could not be used: no verdict for the current line, stop


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "verify", help="verify clerk QR strings read from stdin",
        description="Verify clerk QR strings read from standard input (one per line) and print one JSON "
                    "verdict per line. Exit codes: 0 every line got a verdict; 1 bad arguments or files; "
                    f"{EXIT_DATABASE} the database (--database) cannot be reached or failed: the line it "
                    "happened on and the lines after it got no verdict.")
    parser.add_argument("--database", default=None, metavar="URL",
                        help="trust list and receipts from this database (replay detection)")
    parser.add_argument("--trust", type=Path, action="append", default=[],
                        help="trust entries exported by 'kiosk keys export' (JSON file; repeatable)")
    parser.add_argument("--forms", type=Path, default=None, help="catalogue folder (default: paths.forms_dir)")
    parser.add_argument("--no-catalogue", action="store_true", help="do not check values against the forms")
    parser.add_argument("--station", default=None, help="station id for receipts (default: clerk.station_id)")
    parser.set_defaults(func=handle)


class _Collector:
    """Groups the parts of multi-symbol sheets as lines arrive."""

    def __init__(self) -> None:
        self.pending: dict[tuple[str, int], list[str]] = {}

    def add(self, line: str) -> list[str]:
        from kiosk.ks1 import dec

        try:
            frame = dec.parse_frame(line)
        except dec.DecodeError:
            return [line]
        if frame.count == 1:
            return [line]
        group = self.pending.setdefault((frame.tag, frame.count), [])
        group.append(line)
        if len({dec.parse_frame(t).index for t in group}) >= frame.count:
            return self.pending.pop((frame.tag, frame.count))
        return group


def _trust(args: argparse.Namespace, db: Database | None) -> TrustStore:
    from kiosk.ks1 import DatabaseTrustStore, MemoryTrustStore

    stores: list[TrustStore] = []
    if db is not None:
        stores.append(DatabaseTrustStore(db))
    if args.trust:
        memory = MemoryTrustStore()
        for path in args.trust:
            for entry in _trust_file(path):
                memory.add(entry)
        stores.append(memory)

    class Chain:
        def lookup(self, kid: bytes) -> TrustEntry | None:
            return next((e for e in (s.lookup(kid) for s in stores) if e is not None), None)

    return Chain()


def _trust_file(path: Path) -> list[TrustEntry]:
    """The entries of one exported trust file; ClerkError naming the file when it is not one."""
    from kiosk.errors import ClerkError
    from kiosk.ks1 import TrustEntry

    try:
        data = json.loads(path.read_bytes())
        entries = [TrustEntry.from_export(e) for e in (data if isinstance(data, list) else [data])]
    except OSError as exc:
        raise ClerkError(f"{path}: cannot read: {exc.strerror or type(exc).__name__}",
                         key="error.file_unreadable", where=str(path)) from exc
    except (ValueError, TypeError, KeyError) as exc:  # not JSON, or not trust entries
        raise ClerkError(f"{path}: not a trust entry file from 'kiosk keys export' ({type(exc).__name__})",
                         key="error.file_unreadable", where=str(path)) from exc
    return entries


def _database_fault(db: Database, exc: Exception, line_number: int | None) -> int:
    """One line on stderr for a database fault; never a verdict."""
    from kiosk import i18n

    where = "before the first line" if line_number is None else f"line {line_number} and after were not checked"
    detail = str(exc) if isinstance(exc, KioskError) else f"database {db.safe_url}: {type(exc).__name__}"
    # REL-09: SQLite's quick_check found the file damaged; else the server or file cannot be used
    key = exc.key if isinstance(exc, DatabaseDamaged) else "error.database_unreachable"
    params = {"where": db.safe_url} | (exc.params if isinstance(exc, KioskError) else {})
    message = i18n.text(key, "en", **params)
    print(f"kiosk verify: {message} ({detail}); {where}", file=sys.stderr, flush=True)
    return EXIT_DATABASE


def _lines() -> Iterator[tuple[int, str | None]]:
    """(line number, text) of every non-empty line of standard input; text None when not UTF-8."""
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            yield number, None
            continue
        if line:
            yield number, line


def handle(args: argparse.Namespace) -> int:
    opened: list[Database] = []
    try:
        return _handle(args, opened)
    finally:
        for db in opened:
            db.dispose()  # the connections close with the command


def _handle(args: argparse.Namespace, opened: list[Database]) -> int:
    import datetime as dt

    from kiosk.cli import load_config
    from kiosk.ks1 import AlreadyUsed, Authentic, Malformed, Seen, verify

    config = load_config(args)
    db = None
    database_errors: tuple[type[Exception], ...] = ()
    if args.database:
        from sqlalchemy.exc import SQLAlchemyError

        from kiosk.errors import StorageError
        from kiosk.storage.database import Database

        database_errors = (StorageError, SQLAlchemyError)
        db = Database(args.database, settings=config.database, key_dir=config.key_dir)
        opened.append(db)
        try:
            db.check_integrity()  # REL-09: a damaged embedded file is not written into
            db.check_reachable()
        except database_errors as exc:
            return _database_fault(db, exc, None)
    trust = _trust(args, db)
    catalogue = None
    if not args.no_catalogue:
        from kiosk.catalogue.loader import load_catalogue
        from kiosk.errors import CatalogueError

        try:
            catalogue = load_catalogue(args.forms or config.forms_dir)
        except CatalogueError as exc:
            if args.forms:
                raise
            print(f"kiosk verify: forms not checked ({exc.detail[:120]})", file=sys.stderr)
    station = args.station or config.clerk.station_id

    def seen(cti: bytes) -> Seen | None:
        if db is None:
            return None
        from kiosk.storage.sheets import find_receipt

        receipt = find_receipt(db, cti.hex())
        return Seen(receipt.received_at, receipt.station_id) if receipt else None

    collector = _Collector()
    for number, line in _lines():
        if line is None:
            print(json.dumps(Malformed("encoding").to_json(), ensure_ascii=False), flush=True)
            continue
        try:
            verdict = verify(collector.add(line), trust=trust, now=dt.datetime.now(dt.UTC), seen=seen,
                             catalogue=catalogue, issuer=config.municipality.code,
                             skew=dt.timedelta(seconds=config.qr.clock_skew_seconds))
            if isinstance(verdict, Authentic) and db is not None:
                from kiosk.storage.sheets import receive_audited

                result = receive_audited(db, sheet_id=verdict.sheet_id, station_id=station, form_id=verdict.form_id,
                                         kiosk_id=verdict.kiosk_id)
                if not result.first:
                    verdict = AlreadyUsed(verdict.sheet_id, verdict.kiosk_id, verdict.issued_at, result.received_at,
                                          result.station_id)
        except database_errors as exc:  # an operator problem, not a verdict about the code
            assert db is not None
            return _database_fault(db, exc, number)
        except KioskError:
            raise
        except Exception as exc:  # one bad line never stops the stream
            verdict = Malformed(f"internal:{type(exc).__name__}")
        print(json.dumps(verdict.to_json(), ensure_ascii=False), flush=True)
    return 0
