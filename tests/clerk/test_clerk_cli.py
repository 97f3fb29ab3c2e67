"""``kiosk clerk trust …`` and ``kiosk clerk account add`` from a shell (SEC-14: changes audited)."""

from __future__ import annotations

import io

import pytest

from kiosk import cli


def _run(capsys, *argv, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_trust_import_list_retire_revoke(capsys, tmp_path, kiosk_keys, monkeypatch):
    export = tmp_path / "kiosk-01.json"
    export.write_text(kiosk_keys, encoding="utf-8")
    code, out, _ = _run(capsys, "clerk", "trust", "import", str(export))
    assert code == 0 and "kiosk-01" in out and "active" in out
    kid = out.split()[0]
    code, out, _ = _run(capsys, "clerk", "trust", "list")
    assert code == 0 and kid in out
    code, out, _ = _run(capsys, "clerk", "trust", "retire", kid, "--actor", "admin01")
    assert code == 0 and "retired" in out
    code, out, _ = _run(capsys, "clerk", "trust", "revoke", kid)
    assert code == 0 and "revoked" in out
    code, _, err = _run(capsys, "clerk", "trust", "revoke", kid)
    assert code == 1 and "revoked" in err and "Traceback" not in err
    from kiosk.cli import load_config
    from kiosk.storage.audit import verify_chain
    from kiosk.storage.database import open_database

    db = open_database(load_config(type("A", (), {"config": None})()))
    with db.session() as s:
        report = verify_chain(s)
    assert report.ok and report.checked == 3


def test_trust_import_of_a_bad_file_is_a_message_not_a_traceback(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = _run(capsys, "clerk", "trust", "import", str(bad))
    assert code == 1 and "Traceback" not in err


def test_account_add_reads_the_password_from_stdin(capsys, monkeypatch):
    code, out, _ = _run(capsys, "clerk", "account", "add", "clerk01", "--role", "clerk",
                        stdin="correct horse battery\n", monkeypatch=monkeypatch)
    assert code == 0 and out.split() == ["clerk01", "clerk"]
    code, out, _ = _run(capsys, "clerk", "account", "add", "admin01", "--role", "admin", "--totp",
                        stdin="another long secret\n", monkeypatch=monkeypatch)
    assert code == 0 and "otpauth://totp/" in out
    from kiosk import staff
    from kiosk.cli import load_config
    from kiosk.storage.database import open_database

    db = open_database(load_config(type("A", (), {"config": None})()))
    assert staff.sign_in(db, "clerk01", "correct horse battery").role == "clerk"


@pytest.mark.parametrize("password", ["short\n", "\n"])
def test_account_add_refuses_a_short_password(capsys, monkeypatch, password):
    code, _, err = _run(capsys, "clerk", "account", "add", "clerk01", "--role", "clerk", stdin=password,
                        monkeypatch=monkeypatch)
    assert code == 1 and "Traceback" not in err


def test_clerk_without_action_opens_the_station():
    parser = cli.build_parser()
    args = parser.parse_args(["clerk", "--windowed"])
    assert args.func.__name__ == "handle_station" and args.windowed
    args = parser.parse_args(["clerk", "trust", "list"])
    assert args.func.__name__ == "handle_trust_list"
