"""``kiosk clerk``: the clerk station (scan, verify, show, receive, hand over), its trust list and
staff accounts.

    kiosk clerk                                         open the station window
    kiosk clerk --division ID                           open a division's queue station
    kiosk clerk export --division ID --format json|csv --account ID   the division's received sheets
    kiosk clerk purge                                   drop received data past its division's retention
    kiosk clerk bootstrap-admin ID                      the very first administrator (once only)
    kiosk clerk trust import FILE --admin ID            add kiosk keys (JSON from ``kiosk keys export``)
    kiosk clerk trust list
    kiosk clerk trust retire KID --admin ID | revoke KID --admin ID
    kiosk clerk account add ID --role clerk|admin [--totp] --admin ID
    kiosk clerk account unlock ID --admin ID

Every change needs a signed-in administrator (``--admin``: password and one-time code, read from
the terminal, or from stdin as two lines when it is not a terminal); the audit log records that
account. ``account add`` then reads the new account's password (a third line). The first
administrator is created with ``bootstrap-admin``, which refuses once any administrator exists.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk import staff
    from kiosk.config import Config
    from kiosk.storage.database import Database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("clerk", help="clerk station: verify and receive printed sheets")
    parser.add_argument("--station", default=None, help="station id (default: clerk.station_id)")
    parser.add_argument("--lang", default="ja", help="interface language besides Japanese")
    parser.add_argument("--windowed", action="store_true", help="do not open full screen")
    parser.add_argument("--division", default=None, metavar="ID",
                        help="open this division's queue station instead (a counter id of forms/procedures.yaml)")
    parser.set_defaults(func=handle_station)
    sub = parser.add_subparsers(dest="clerk_command", metavar="ACTION")
    from kiosk.commands import division_export

    division_export.register(sub)

    trust = sub.add_parser("trust", help="the trust list of kiosk public keys")
    tsub = trust.add_subparsers(dest="trust_command", metavar="ACTION", required=True)
    imp = tsub.add_parser("import", help="add kiosk keys from a 'kiosk keys export' file ('-' = stdin)")
    imp.add_argument("file")
    imp.set_defaults(func=handle_trust_import)
    lst = tsub.add_parser("list", help="list trusted keys")
    lst.set_defaults(func=handle_trust_list)
    for name, text in (("retire", "stop accepting new sheets from this key"),
                       ("revoke", "stop accepting any sheet signed with this key")):
        p = tsub.add_parser(name, help=text)
        p.add_argument("kid", help="key id (16 hex digits)")
        p.set_defaults(func=handle_trust_change, change=name)
    for name in ("import", "retire", "revoke"):
        _admin_option(tsub.choices[name])

    account = sub.add_parser("account", help="staff accounts")
    asub = account.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    add = asub.add_parser("add", help="create an account; the password is read from stdin")
    add.add_argument("id")
    add.add_argument("--role", choices=("clerk", "admin"), required=True)
    add.add_argument("--totp", action="store_true", help="give the account a TOTP second factor (prints the URI)")
    _admin_option(add)
    add.set_defaults(func=handle_account_add)
    unlock = asub.add_parser("unlock", help="clear the lock after repeated failed sign-ins")
    unlock.add_argument("id")
    _admin_option(unlock)
    unlock.set_defaults(func=handle_account_unlock)

    boot = sub.add_parser("bootstrap-admin", help="create the first administrator (refused once one exists)",
                          description="Create the very first administrator account, with password (read from "
                                      "the terminal or stdin) and a TOTP second factor (the URI is printed). "
                                      "Refused once any administrator exists.")
    boot.add_argument("id")
    boot.set_defaults(func=handle_bootstrap_admin)


def _admin_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--admin", required=True, metavar="ID",
                        help="the administrator making the change (password and one-time code are asked for)")


def _database(args: argparse.Namespace) -> tuple[Config, Database]:
    from kiosk.cli import load_config
    from kiosk.storage.database import open_database

    config = load_config(args)
    return config, open_database(config)


def _actor(args: argparse.Namespace, config: Config, db: Database) -> str:
    """The signed-in administrator's account id (password and one-time code checked)."""
    from kiosk import staff
    from kiosk.commands.credentials import read_admin_credentials

    password, code = read_admin_credentials(args.admin)
    return staff.authenticate_admin(db, args.admin, password, code, station=f"cli:{config.clerk.station_id}").id


def handle_trust_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.clerk import trustlist
    from kiosk.errors import ClerkError

    try:  # bytes: the JSON reader says "not JSON" for a file that is not UTF-8
        text = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        raise ClerkError(f"{args.file}: cannot read: {exc.strerror or type(exc).__name__}",
                         key="error.file_unreadable", where=str(args.file)) from exc
    trustlist.parse_export(text)  # a file that is not a trust export is refused before any sign-in
    config, db = _database(args)
    actor = _actor(args, config, db)
    for info in trustlist.import_entries(db, text, actor=actor):
        print(f"{info.kid}  {info.algorithm:6}  {info.kiosk_id}  {info.status}")
    return 0


def handle_trust_list(args: argparse.Namespace) -> int:
    from kiosk.clerk import trustlist

    _, db = _database(args)
    print(f"{'kid':16}  {'alg':6}  {'kiosk':16}  {'status':8}  valid_from / valid_to")
    for k in trustlist.list_keys(db):
        to = k.valid_to.isoformat() if k.valid_to else "-"
        print(f"{k.kid:16}  {k.algorithm:6}  {k.kiosk_id:16}  {k.status:8}  {k.valid_from.isoformat()} / {to}")
    return 0


def handle_trust_change(args: argparse.Namespace) -> int:
    from kiosk.clerk import trustlist

    config, db = _database(args)
    change = {"retire": trustlist.retire, "revoke": trustlist.revoke}[args.change]
    info = change(db, args.kid, actor=_actor(args, config, db))
    print(f"{info.kid}  {info.kiosk_id}  {info.status}")
    return 0


def handle_account_add(args: argparse.Namespace) -> int:
    from kiosk import staff
    from kiosk.commands.credentials import read_line

    config, db = _database(args)
    actor = _actor(args, config, db)
    password = read_line(f"password of the new account {args.id}: ", secret=True)
    secret = None
    if args.totp:
        import pyotp

        secret = pyotp.random_base32()
    account = staff.create_account(db, args.id, args.role, password, totp_secret=secret, actor=actor)
    _print_account(account, secret, config)
    return 0


def _print_account(account: staff.StaffAccount, secret: str | None, config: Config) -> None:
    print(f"{account.id}  {account.role}")
    if secret:
        import pyotp

        print(pyotp.TOTP(secret).provisioning_uri(name=account.id, issuer_name=config.municipality.name))


def handle_bootstrap_admin(args: argparse.Namespace) -> int:
    import pyotp

    from kiosk import staff
    from kiosk.commands.credentials import read_line

    config, db = _database(args)
    password = read_line(f"password of the first administrator {args.id}: ", secret=True)
    secret = pyotp.random_base32()
    account = staff.bootstrap_admin(db, args.id, password, secret)
    _print_account(account, secret, config)
    return 0


def handle_account_unlock(args: argparse.Namespace) -> int:
    from kiosk import staff

    config, db = _database(args)
    staff.unlock(db, args.id, actor=_actor(args, config, db))
    print(f"{args.id}  unlocked")
    return 0


def handle_station(args: argparse.Namespace) -> int:
    from kiosk import log
    from kiosk.cli import load_config
    from kiosk.storage.database import open_database

    config = load_config(args)
    log.setup(config.log_dir)
    db = open_database(config)
    catalogue = None
    try:
        from kiosk.catalogue.loader import load_catalogue

        catalogue = load_catalogue(config.forms_dir, municipality=str(config.municipality.code))
    except Exception as exc:  # the station still verifies; fields are then shown by id
        log.get_logger(__name__).warning("catalogue not loaded: %s", type(exc).__name__)
    station_id = args.station or config.clerk.station_id
    if args.division:
        from kiosk.errors import CatalogueError
        from kiosk.ui.clerk.division import run_division

        if catalogue is None:
            raise CatalogueError("the division station needs the catalogue", key="error.catalogue")
        return run_division(db, catalogue, args.division, station_id=station_id, lang=args.lang,
                            fullscreen=not args.windowed, health_probe_seconds=config.database.health_probe_seconds,
                            max_failures=config.clerk.max_sign_in_failures,
                            lock_after_seconds=config.clerk.lock_after_seconds)
    from kiosk.ui.clerk.app import run_station

    return run_station(config, db, catalogue, station_id=args.station or config.clerk.station_id,
                       lang=args.lang, fullscreen=not args.windowed)
