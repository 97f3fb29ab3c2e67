"""``kiosk verify``: clerk QR strings on stdin (one per line), one JSON verdict per line on stdout.

A sheet split over several codes is collected line by line (``incomplete`` until every part has
been read). With ``--database`` a sheet's first authentic scan is recorded as a receipt, and a
second scan is ``already_used``. Garbage input yields ``malformed``, never a crash.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.ks1 import Seen, TrustEntry, TrustStore
    from kiosk.storage.database import Database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("verify", help="verify clerk QR strings read from stdin")
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
    from kiosk.ks1 import DatabaseTrustStore, MemoryTrustStore, TrustEntry

    stores: list[TrustStore] = []
    if db is not None:
        stores.append(DatabaseTrustStore(db))
    if args.trust:
        memory = MemoryTrustStore()
        for path in args.trust:
            data = json.loads(path.read_text(encoding="utf-8"))
            for entry in data if isinstance(data, list) else [data]:
                memory.add(TrustEntry.from_export(entry))
        stores.append(memory)

    class Chain:
        def lookup(self, kid: bytes) -> TrustEntry | None:
            return next((e for e in (s.lookup(kid) for s in stores) if e is not None), None)

    return Chain()


def handle(args: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk.cli import load_config
    from kiosk.errors import KioskError
    from kiosk.ks1 import AlreadyUsed, Authentic, Malformed, Seen, verify

    config = load_config(args)
    db = None
    if args.database:
        from kiosk.storage.database import Database

        db = Database(args.database, settings=config.database, key_dir=config.key_dir)
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
    for raw in sys.stdin:
        line = raw.strip()
        if not line:
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
        except KioskError:  # the database is down: an operator problem, not a verdict
            raise
        except Exception as exc:  # one bad line never stops the stream
            verdict = Malformed(f"internal:{type(exc).__name__}")
        print(json.dumps(verdict.to_json(), ensure_ascii=False), flush=True)
    return 0
