"""``kiosk verify`` under hostile input and a failing database: bytes that are not UTF-8 get
their own verdict and never cost the verdicts around them; a database fault is an operator error
with its own exit code and one line on stderr, never a verdict about the code (REL-07, PRIV-11)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from hostile_helpers import kiosk, signed_codes, verdicts, write_config
from private_postgres import PrivateCluster

from kiosk.commands.verify import EXIT_DATABASE

JA_LOCALE = {"LANG": "ja_JP.UTF-8", "LC_ALL": "ja_JP.UTF-8", "PYTHONIOENCODING": "utf-8:strict"}


def test_a_line_that_is_not_utf8_gets_its_own_verdict(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    (first, second), trust = signed_codes(tmp_path, 2)
    stdin = first.encode() + b"\n\xff\xfeKS1-\x80\n" + second.encode() + b"\n"
    result = kiosk("--config", str(config), "verify", "--trust", str(trust), "--no-catalogue", stdin=stdin,
                   env=JA_LOCALE)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert [(v["verdict"], v.get("reason")) for v in verdicts(result.stdout)] == [
        ("authentic", None), ("malformed", "encoding"), ("authentic", None)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _assert_database_fault(result: subprocess.CompletedProcess[bytes], where: str) -> None:
    assert result.returncode == EXIT_DATABASE, result.stderr
    err = result.stderr.decode()
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "database cannot be reached" in err and where in err
    assert b"malformed" not in result.stdout


def test_rel07_database_server_down_is_an_operator_error_not_a_verdict(tmp_path: Path) -> None:
    config = write_config(tmp_path, "[database]\nconnect_timeout_seconds = 2\n")
    (code,), trust = signed_codes(tmp_path, 1)
    url = f"postgresql+psycopg://kiosk@127.0.0.1:{_free_port()}/kiosk"
    result = kiosk("--config", str(config), "verify", "--database", url, "--trust", str(trust), "--no-catalogue",
                   stdin=code.encode() + b"\n")
    _assert_database_fault(result, "before the first line")
    assert result.stdout == b""


def test_rel07_database_server_that_never_answers_is_an_operator_error(tmp_path: Path) -> None:
    config = write_config(tmp_path, "[database]\nconnect_timeout_seconds = 2\nstatement_timeout_seconds = 1\n")
    (code,), trust = signed_codes(tmp_path, 1)
    with socket.socket() as silent:  # accepts connections (the kernel's backlog) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"postgresql+psycopg://kiosk@127.0.0.1:{silent.getsockname()[1]}/kiosk"
        result = kiosk("--config", str(config), "verify", "--database", url, "--trust", str(trust),
                       "--no-catalogue", stdin=code.encode() + b"\n")
    _assert_database_fault(result, "before the first line")


def test_rel07_database_lost_mid_stream_keeps_earlier_verdicts_and_names_the_line(
        tmp_path: Path, private_cluster: PrivateCluster) -> None:
    config = write_config(tmp_path, "[database]\nconnect_timeout_seconds = 2\nstatement_timeout_seconds = 1\n")
    (first, second), trust = signed_codes(tmp_path, 2)
    upgraded = kiosk("--config", str(config), "db", "upgrade", "--url", private_cluster.url)
    assert upgraded.returncode == 0, upgraded.stderr
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config), "verify", "--database", private_cluster.url,
         "--trust", str(trust), "--no-catalogue"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(first.encode() + b"\n")
        process.stdin.flush()
        assert json.loads(process.stdout.readline())["verdict"] == "authentic"
        private_cluster.stop()
        out, err = process.communicate(second.encode() + b"\n", timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    result = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    _assert_database_fault(result, "line 2 and after were not checked")
    assert out == b""
