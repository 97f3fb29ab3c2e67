"""``kiosk admin``: the administrators' workbench (forms, versions, publishing, audit, metrics).

    kiosk admin                                  open the workbench (sign-in with password + code)
    kiosk admin check [DIR]                      check a catalogue folder (default: the shipped forms/)
    kiosk admin import DIR --account ID          import a folder as drafts (all or nothing)
    kiosk admin pending                          versions waiting for a second administrator
    kiosk admin approve VERSION_ID... --account ID  approve 個人番号 changes (not their author)
    kiosk admin publish --account ID             publish the newest drafts
    kiosk admin export DIR --account ID [--drafts]   write the published catalogue as YAML files
    kiosk admin metrics [--from D] [--to D] [--kiosk ID] [--csv FILE]
    kiosk admin audit                            verify the audit chain and show the newest entries
    kiosk admin enrol-card STAFF --account ID    enrol the staff card on the reader (its PIN asked hidden)
    kiosk admin revoke-card [STAFF] [--card N] --account ID   revoke a staff member's cards, or one card
    kiosk admin cards                            the enrolled staff cards (id, account, valid until, revoked)

Changes need an administrator's password and one-time code (read from the terminal, or from
stdin as two lines when it is not a terminal).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.admin.auth import AdminSession
    from kiosk.config import Config
    from kiosk.storage.database import Database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("admin", help="admin workbench: edit, preview, version and publish forms; metrics")
    parser.add_argument("--lang", default="ja", help="interface language")
    parser.add_argument("--url", default=None, help="database URL (default: from the configuration)")
    parser.set_defaults(func=handle_workbench)
    sub = parser.add_subparsers(dest="admin_command", metavar="ACTION")
    check = sub.add_parser("check", help="check a catalogue folder and list every located problem")
    check.add_argument("folder", nargs="?", type=Path, default=None)
    check.set_defaults(func=handle_check)
    imp = sub.add_parser("import", help="import a catalogue folder as new drafts")
    imp.add_argument("folder", type=Path)
    imp.set_defaults(func=handle_import)
    pub = sub.add_parser("publish", help="publish the newest drafts")
    pub.add_argument("--note", default="")
    pub.set_defaults(func=handle_publish)
    pend = sub.add_parser("pending", help="versions that need a second administrator's approval")
    pend.set_defaults(func=handle_pending)
    appr = sub.add_parser("approve", help="approve a version as a second administrator")
    appr.add_argument("version_id", type=int, nargs="+", help="one or more version ids ('kiosk admin pending')")
    appr.set_defaults(func=handle_approve)
    exp = sub.add_parser("export", help="write the published catalogue (or the drafts) as YAML files")
    exp.add_argument("folder", type=Path)
    exp.add_argument("--drafts", action="store_true", help="export the newest drafts instead")
    exp.set_defaults(func=handle_export)
    retire = sub.add_parser("retire-kiosk", help="mark a kiosk taken away without its clean stop as stopped: "
                                                 "the clerk stations stop showing it as silent (audited)")
    retire.add_argument("kiosk_id", help="the kiosk's id ([kiosk] id)")
    retire.set_defaults(func=handle_retire_kiosk)
    enrol = sub.add_parser("enrol-card", help="enrol the staff card on the reader for the kiosk's staff exit: "
                                              "the staff member types its 利用者証明用 PIN (audited)")
    enrol.add_argument("staff", help="the staff member's account")
    enrol.set_defaults(func=handle_enrol_card)
    revoke = sub.add_parser("revoke-card", help="revoke a staff member's cards, or one card by its id (audited)")
    revoke.add_argument("staff", nargs="?", default=None, help="the staff member's account: all their cards")
    revoke.add_argument("--card", type=int, default=None, help="one card, by the id 'kiosk admin cards' shows")
    revoke.set_defaults(func=handle_revoke_card)
    cards = sub.add_parser("cards", help="the enrolled staff cards")
    cards.set_defaults(func=handle_cards)
    for p in (imp, pub, exp, appr, retire, enrol, revoke):
        p.add_argument("--account", required=True, help="administrator account")
    met = sub.add_parser("metrics", help="usage figures (anonymous)")
    met.add_argument("--from", dest="start", type=dt.date.fromisoformat, default=None, help="first day YYYY-MM-DD")
    met.add_argument("--to", dest="end", type=dt.date.fromisoformat, default=None, help="last day YYYY-MM-DD")
    met.add_argument("--kiosk", default=None)
    met.add_argument("--csv", type=Path, default=None, help="write the figures as CSV")
    met.set_defaults(func=handle_metrics)
    aud = sub.add_parser("audit", help="verify the audit chain and show the newest entries")
    aud.add_argument("--limit", type=int, default=20)
    aud.set_defaults(func=handle_audit)
    for p in sub.choices.values():
        p.add_argument("--url", default=argparse.SUPPRESS, help="database URL (default: from the configuration)")


@contextmanager
def _database(args: argparse.Namespace) -> Iterator[tuple[Config, Database]]:
    """The configured database, upgraded; its connections are closed when the command ends."""
    from kiosk.cli import load_config
    from kiosk.storage.database import database_for

    config = load_config(args)
    db = database_for(config, getattr(args, "url", None))
    try:
        db.upgrade()
        yield config, db
    finally:
        db.dispose()


@contextmanager
def _signed_in(db: Database, account: str) -> Iterator[AdminSession]:
    """The administrator ``account`` signed in with the credentials read from the terminal; signed
    out when the command's work ends, whether it succeeded or not."""
    from kiosk.admin.auth import AdminSession
    from kiosk.commands.credentials import read_admin_credentials

    password, code = read_admin_credentials(account)
    session = AdminSession.sign_in(db, account, password, code, station="cli")
    try:
        yield session
    finally:
        session.sign_out()


def _print_problems(problems: list[str]) -> None:
    for problem in problems:
        print(problem)


def handle_check(args: argparse.Namespace) -> int:
    from kiosk.admin.documents import check_documents, read_folder
    from kiosk.paths import FORMS_DIR

    problems = check_documents(read_folder(args.folder or FORMS_DIR))
    _print_problems(problems)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def handle_import(args: argparse.Namespace) -> int:
    from kiosk.admin import publishing
    from kiosk.errors import ImportRefused

    with _database(args) as (_, db):
        with _signed_in(db, args.account) as session:
            try:
                saved = publishing.import_catalogue(db, args.folder, session.require())
            except ImportRefused as exc:
                _print_problems(exc.problems)
                raise
        for info in saved:
            print(f"{info.document}  v{info.version}{'  (removed)' if info.removed else ''}")
        return 0


def handle_publish(args: argparse.Namespace) -> int:
    from kiosk.admin import publishing
    from kiosk.errors import PublishRefused

    with _database(args) as (_, db):
        with _signed_in(db, args.account) as session:
            try:
                pub = publishing.publish(db, session.require(), args.note)
            except PublishRefused as exc:
                _print_problems(exc.problems)
                raise
        print(f"publication {pub.id}  {pub.catalogue_hash[:16]}  {len(pub.versions)} document(s)")
        return 0


def handle_pending(args: argparse.Namespace) -> int:
    from kiosk.admin import publishing

    with _database(args) as (_, db):
        for need in publishing.approvals_needed(db):
            print(f"{need.version_id:>6}  {need.document}  v{need.version}  form {need.form_id}  by {need.author}")
        return 0


def handle_approve(args: argparse.Namespace) -> int:
    from kiosk.admin import publishing

    with _database(args) as (_, db):
        with _signed_in(db, args.account) as session:
            for version_id in args.version_id:
                publishing.approve(db, version_id, session.require())
                print(f"version {version_id} approved by {args.account}")
        return 0


def handle_export(args: argparse.Namespace) -> int:
    from kiosk.admin import publishing

    with _database(args) as (_, db):
        with _signed_in(db, args.account) as session:
            out = publishing.export_catalogue(db, args.folder, published=not args.drafts, actor=session.require())
        print(out)
        return 0


def handle_metrics(args: argparse.Namespace) -> int:
    from kiosk.admin import metrics

    with _database(args) as (_, db):
        flt = metrics.MetricsFilter(args.start, args.end, args.kiosk)
        s = metrics.summarise(db, flt)
        print(f"sessions {s.sessions}  completed {s.completed} ({s.completion_rate:.0%})  "
              f"prefilled {s.fields_prefilled}/{s.fields_total} ({s.prefilled_share:.0%})")
        for day, n in s.sessions_per_day.items():
            print(f"  {day}  {n}")
        for f in s.funnel:
            t = s.screen_times.get(f.screen)
            timing = f"  median {t.median:g}s  p90 {t.p90:g}s" if t else ""
            print(f"  screen {f.screen:<10} reached {f.reached:>4}  abandoned {f.abandoned:>4}{timing}")
        for pid, t in s.procedure_times.items():
            print(f"  procedure {pid:<16} sessions {t.count:>4}  median {t.median:g}s  p90 {t.p90:g}s")
        print("  card " + "  ".join(f"{k} {v}" for k, v in s.card_outcomes.items()))
        if args.csv:
            print(metrics.export_csv(s, args.csv, flt))
        return 0


def handle_audit(args: argparse.Namespace) -> int:
    from kiosk.admin import audit_view
    from kiosk.storage.audit import verify_with_checkpoints

    with _database(args) as (_, db):
        checkpoints, forged = db.checkpoints.read()
        with db.session() as s:
            report = verify_with_checkpoints(s, checkpoints, forged)
        print(report.describe())
        for e in audit_view.entries(db, limit=args.limit):
            print(f"{e.id:>6}  {e.at:%Y-%m-%d %H:%M:%S%z}  {e.actor:<16} {e.action:<24} {e.subject}")
        return 0 if report.ok else 1


def handle_retire_kiosk(args: argparse.Namespace) -> int:
    from kiosk import heartbeat

    with _database(args) as (_, db):
        with _signed_in(db, args.account) as session:
            beat = heartbeat.retire(db, args.kiosk_id, by=session.require())
        if beat is None:
            print(f"{args.kiosk_id}: no heartbeat on record; nothing to retire", file=sys.stderr)
            return 1
        print(f"{beat.kiosk_id}: stopped (last heard {beat.beat_at:%Y-%m-%d %H:%M %Z}); "
              "shown as running again if it beats again")
        return 0


def handle_enrol_card(args: argparse.Namespace) -> int:
    from kiosk.card.transport import Terminal
    from kiosk.commands.credentials import read_line
    from kiosk.staff_card import Enrolment

    with _database(args) as (config, db):
        with _signed_in(db, args.account) as session:
            terminal = Terminal.from_config(config)
            try:
                with terminal.connect() as channel:
                    enrolment = Enrolment(db, channel, args.staff, by=session.require())
                    tries = enrolment.begin()
                    print(f"{tries} tries left on the card's 利用者証明用 PIN", file=sys.stderr)
                    pin = bytearray(read_line("the card's 利用者証明用 PIN (4 digits): ", secret=True).encode())
                    card = enrolment.finish(pin)
            finally:
                terminal.close()
        print(f"card {card.id} enrolled for {card.account}; valid until {card.not_after:%Y-%m-%d}")
        return 0


def handle_revoke_card(args: argparse.Namespace) -> int:
    from kiosk.staff_card import revoke

    if (args.staff is None) == (args.card is None):
        print("kiosk: name the staff account or --card N (not both)", file=sys.stderr)
        return 2
    with _database(args) as (_, db):
        with _signed_in(db, args.account) as session:
            revoked = revoke(db, by=session.require(), account=args.staff, card_id=args.card)
        if not revoked:
            print("no enrolled card to revoke", file=sys.stderr)
            return 1
        print("revoked card " + ", ".join(str(n) for n in revoked))
        return 0


def handle_cards(args: argparse.Namespace) -> int:
    from kiosk.staff_card import enrolled_cards

    with _database(args) as (_, db):
        for card_id, account, not_after, revoked_at in enrolled_cards(db):
            state = f"revoked {revoked_at:%Y-%m-%d}" if revoked_at else "active"
            print(f"{card_id:>6}  {account:<24} valid until {not_after:%Y-%m-%d}  {state}")
        return 0


def handle_workbench(args: argparse.Namespace) -> int:
    from kiosk.ui.admin.common import AdminContext
    from kiosk.ui.admin.signin import SignInDialog
    from kiosk.ui.admin.window import AdminWindow

    with _database(args) as (config, db):
        from kiosk.ui.app import application

        app = application()
        ctx = AdminContext(db, lang=args.lang, cache_dir=config.data_dir / "catalogue-cache", station="workbench")
        dialog = SignInDialog(ctx, "sign_in")
        if not dialog.exec() or dialog.session is None:
            return 1
        ctx.session = dialog.session
        window = AdminWindow(ctx)
        window.resize(1400, 900)
        window.show()
        return app.exec()
