"""``kiosk clerk trust …`` and ``kiosk clerk account add`` from a shell (SEC-14: changes audited,
made by a signed-in administrator)."""

from __future__ import annotations

import io
import re
import time

import pyotp
import pytest

from kiosk import cli

ADMIN_PASSWORD = "administrator passphrase"


@pytest.fixture
def admin(capsys, monkeypatch):
    """The first administrator (``kiosk clerk bootstrap-admin``); ``admin()`` -> the stdin lines
    that sign it in, with the next one-time code each time."""
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{ADMIN_PASSWORD}\n"))
    assert cli.main(["clerk", "bootstrap-admin", "admin01"]) == 0
    uri = re.search(r"otpauth://\S+", capsys.readouterr().out).group(0)
    totp = pyotp.TOTP(pyotp.parse_uri(uri).secret)
    used = [int(time.time()) // 30 - 2]

    def credentials() -> str:
        """A code not used before; after three quick sign-ins, the authenticator's next one."""
        while used[0] + 1 > int(time.time()) // 30 + 1:
            time.sleep(1)
        used[0] = max(used[0] + 1, int(time.time()) // 30 - 1)
        return f"{ADMIN_PASSWORD}\n{totp.generate_otp(used[0])}\n"

    return credentials


def _run(capsys, *argv, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_trust_import_list_retire_revoke(capsys, tmp_path, kiosk_keys, monkeypatch, admin):
    export = tmp_path / "kiosk-01.json"
    export.write_text(kiosk_keys, encoding="utf-8")
    code, out, _ = _run(capsys, "clerk", "trust", "import", str(export), "--admin", "admin01", stdin=admin(),
                        monkeypatch=monkeypatch)
    assert code == 0 and "kiosk-01" in out and "active" in out
    kid = out.split()[0]
    code, out, _ = _run(capsys, "clerk", "trust", "list")
    assert code == 0 and kid in out
    code, out, _ = _run(capsys, "clerk", "trust", "retire", kid, "--admin", "admin01", stdin=admin(),
                        monkeypatch=monkeypatch)
    assert code == 0 and "retired" in out
    code, out, _ = _run(capsys, "clerk", "trust", "revoke", kid, "--admin", "admin01", stdin=admin(),
                        monkeypatch=monkeypatch)
    assert code == 0 and "revoked" in out
    code, _, err = _run(capsys, "clerk", "trust", "revoke", kid, "--admin", "admin01", stdin=admin(),
                        monkeypatch=monkeypatch)
    assert code == 1 and "revoked" in err and "Traceback" not in err
    from kiosk.cli import load_config
    from kiosk.storage.audit import verify_chain
    from kiosk.storage.database import open_database

    db = open_database(load_config(type("A", (), {"config": None})()))
    from sqlalchemy import select

    from kiosk.storage.models import AuditEntry

    with db.session() as s:
        report = verify_chain(s)
        trust = [(e.actor, e.action) for e in s.scalars(select(AuditEntry).where(AuditEntry.action.like("trust.%")))]
    assert report.ok
    assert trust == [("admin01", "trust.import"), ("admin01", "trust.retire"), ("admin01", "trust.revoke")]


def test_trust_import_of_a_bad_file_is_a_message_not_a_traceback(capsys, tmp_path, admin, monkeypatch):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = _run(capsys, "clerk", "trust", "import", str(bad), "--admin", "admin01", stdin=admin(),
                        monkeypatch=monkeypatch)
    assert code == 1 and "Traceback" not in err


def test_account_add_reads_the_password_from_stdin(capsys, monkeypatch, admin):
    code, out, _ = _run(capsys, "clerk", "account", "add", "clerk01", "--role", "clerk", "--admin", "admin01",
                        stdin=admin() + "correct horse battery\n", monkeypatch=monkeypatch)
    assert code == 0 and out.split() == ["clerk01", "clerk"]
    code, out, _ = _run(capsys, "clerk", "account", "add", "admin02", "--role", "admin", "--totp", "--admin", "admin01",
                        stdin=admin() + "another long secret\n", monkeypatch=monkeypatch)
    assert code == 0 and "otpauth://totp/" in out
    from kiosk import staff
    from kiosk.cli import load_config
    from kiosk.storage.database import open_database

    db = open_database(load_config(type("A", (), {"config": None})()))
    assert staff.sign_in(db, "clerk01", "correct horse battery").role == "clerk"


@pytest.mark.parametrize("password", ["short\n", "\n"])
def test_account_add_refuses_a_short_password(capsys, monkeypatch, password, admin):
    code, _, err = _run(capsys, "clerk", "account", "add", "clerk01", "--role", "clerk", "--admin", "admin01",
                        stdin=admin() + password, monkeypatch=monkeypatch)
    assert code == 1 and "Traceback" not in err


def test_clerk_without_action_opens_the_station():
    parser = cli.build_parser()
    args = parser.parse_args(["clerk", "--windowed"])
    assert args.func.__name__ == "handle_station" and args.windowed
    args = parser.parse_args(["clerk", "trust", "list"])
    assert args.func.__name__ == "handle_trust_list"
