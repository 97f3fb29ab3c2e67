"""The kiosk command: every subcommand answers --help; doctor prints its table."""

from __future__ import annotations

import subprocess
import sys

from kiosk.cli import COMMANDS, build_parser


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=60, **kw)


def test_every_registered_subcommand_has_help():
    parser = build_parser()
    registered = parser._subparsers._group_actions[0].choices  # noqa: SLF001
    for required in ("run", "demo", "clerk", "admin", "doctor", "db"):
        assert required in COMMANDS
    for name in registered:
        result = run(name, "--help")
        assert result.returncode == 0, (name, result.stderr)
        assert "usage: kiosk " + name in result.stdout


def test_broken_config_is_named(tmp_path):
    bad = tmp_path / "kiosk.toml"
    bad.write_text("[session]\nidle_warn_seconds = 'soon'\n", encoding="utf-8")
    result = run("--config", str(bad), "doctor")
    assert result.returncode == 1
    assert "session.idle_warn_seconds" in result.stderr and "Traceback" not in result.stderr


def test_doctor_reports_each_component(tmp_path):
    result = run("doctor")
    for name in ("card reader", "printer queue", "font", "database", "signing key", "form catalogue"):
        assert name in result.stdout
    assert "BIZUDGothic" in result.stdout


def test_db_upgrade_creates_sqlite_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'k.sqlite3'}"
    result = run("db", "upgrade", "--url", url)
    assert result.returncode == 0, result.stderr
    assert "at revision" in result.stdout
    assert (tmp_path / "k.sqlite3").exists()
    assert run("db", "audit-verify", "--url", url).stdout.startswith("audit chain intact")


def test_bootstrap_without_root_prints_the_install_line(tmp_path):
    """A missing Debian package and no root: the exact apt-get line, non-zero exit, nothing done."""
    import os
    import shutil
    from pathlib import Path

    # script/with-services runs the suite as root, so the test can drop to an unprivileged user.
    assert os.geteuid() == 0 and shutil.which("runuser"), "run through script/test (needs root and runuser)"
    root = Path(__file__).resolve().parents[2]
    import tempfile

    # The checkout may sit in a folder only root can enter: give the unprivileged user its own copy.
    work = Path(tempfile.mkdtemp(prefix="kiosk-bootstrap-"))
    try:
        os.chmod(work, 0o755)
        (work / "script").mkdir(mode=0o755)
        shutil.copy(root / "script" / "bootstrap", work / "script" / "bootstrap")
        os.chmod(work / "script" / "bootstrap", 0o755)
        packages = work / "packages.txt"
        packages.write_text("# test list\nbash\nkiosk-no-such-package-xyz\n", encoding="utf-8")
        os.chmod(packages, 0o644)
        result = subprocess.run(
            ["runuser", "-u", "nobody", "--", "env", f"KIOSK_APT_PACKAGES={packages}", "bash",
             str(work / "script" / "bootstrap")],
            capture_output=True, text=True, timeout=60, cwd=work,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    assert result.returncode != 0
    assert "apt-get install -y --no-install-recommends kiosk-no-such-package-xyz" in result.stderr
    assert " bash" not in result.stderr.split("install", 1)[1]  # only what is missing


def test_unreachable_database_is_reported_by_doctor(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text('[database]\nurl = "postgresql+psycopg://kiosk@127.0.0.1:9/kiosk"\nconnect_timeout_seconds = 3\n')
    result = run("--config", str(config), "doctor")
    assert result.returncode == 1
    line = next(x for x in result.stdout.splitlines() if x.startswith("database"))
    assert "FAIL" in line and "unreachable" in line
