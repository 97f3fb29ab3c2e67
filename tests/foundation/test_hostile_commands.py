"""Every ``kiosk`` subcommand, given hostile arguments and files, fails with one line on stderr
naming what is wrong, a non-zero exit and no traceback (SEC-03: no stack trace is ever shown).

The files are built in tmp: a configuration that is not UTF-8, one that is a folder, a data folder
that cannot be created, a database URL that does not parse, missing and non-UTF-8 trust files, a
values file in a folder that does not exist, a reader pattern that is no regular expression."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_helpers import kiosk, write_config

from kiosk.cli import COMMANDS, EXIT_INTERNAL


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, str]:
    files = {
        "not_utf8_toml": tmp_path / "latin1.toml",
        "folder_toml": tmp_path / "config.d",
        "blocked_data": tmp_path / "blocked.toml",
        "bad_url": tmp_path / "bad-url.toml",
        "not_utf8_json": tmp_path / "trust-latin1.json",
        "not_json": tmp_path / "trust.txt",
        "plain_file": tmp_path / "plain-file",
    }
    files["not_utf8_toml"].write_bytes(b'[municipality]\nname = "Midori-ch\xf4"\n')
    files["folder_toml"].mkdir()
    files["plain_file"].write_text("not a folder\n", encoding="utf-8")
    files["blocked_data"].write_text(f'[paths]\ndata_dir = "{files["plain_file"] / "data"}"\n', encoding="utf-8")
    files["bad_url"].write_text('[database]\nurl = "postgresql+psycopg://kiosk:secret@[::1:5432/kiosk"\n',
                                encoding="utf-8")
    files["not_utf8_json"].write_bytes(b'{"kid": "\xff\xfe"}\n')
    files["not_json"].write_text("kiosk-01 = trusted\n", encoding="utf-8")
    out = {name: str(path) for name, path in files.items()}
    out["config"] = str(write_config(tmp_path))
    out["missing"] = str(tmp_path / "does-not-exist.json")
    out["no_folder_pdf"] = str(tmp_path / "no-such-folder" / "sheet.pdf")
    out["values"] = str(Path(__file__).resolve().parents[2] / "forms" / "samples" / "single_adult.yaml")
    return out


# (case id, argv with {placeholders}, words the one line must contain)
CASES = [
    ("run-config-not-utf8", ["--config", "{not_utf8_toml}", "run"], "not UTF-8"),
    ("demo-config-folder", ["--config", "{folder_toml}", "demo"], "cannot read"),
    ("demo-out-under-a-file", ["--config", "{config}", "demo", "--out", "{plain_file}/demo"], "plain-file"),
    ("clerk-trust-import-missing", ["--config", "{config}", "clerk", "trust", "import", "--admin", "admin01", "{missing}"],
     "does-not-exist.json"),
    ("clerk-trust-import-not-utf8", ["--config", "{config}", "clerk", "trust", "import", "--admin", "admin01", "{not_utf8_json}"],
     "not JSON"),
    ("counter-config-folder", ["--config", "{folder_toml}", "counter"], "config.d"),
    ("clerk-export-unknown-division", ["--config", "{config}", "clerk", "export", "--division", "nosuchdivision",
                                       "--format", "json", "--account", "clerk01"], "nosuchdivision"),
    ("display-config-not-utf8", ["--config", "{not_utf8_toml}", "display"], "latin1.toml"),
    ("admin-config-not-utf8", ["--config", "{not_utf8_toml}", "admin", "pending"], "latin1.toml"),
    ("doctor-config-not-utf8", ["--config", "{not_utf8_toml}", "doctor"], "latin1.toml"),
    ("doctor-config-folder", ["--config", "{folder_toml}", "doctor"], "config.d"),
    ("db-data-dir-cannot-be-created", ["--config", "{blocked_data}", "db", "upgrade"], "plain-file"),
    ("db-url-unparsable", ["--config", "{bad_url}", "db", "upgrade"], "database URL"),
    ("db-url-argument-unparsable", ["--config", "{config}", "db", "audit-verify", "--url", "sqlite::://x"],
     "database URL"),
    ("card-read-bad-pattern", ["--config", "{config}", "card", "read", "--reader", "(unclosed"],
     "regular expression"),
    ("card-simulate-missing-persona", ["--config", "{config}", "card", "simulate", "--persona", "{missing}"],
     "does-not-exist.json"),
    ("forms-list-missing-folder", ["--config", "{config}", "forms", "list", "{missing}"], "does-not-exist.json"),
    ("navigate-answers-not-utf8", ["--config", "{config}", "navigate", "--answers", "{not_utf8_json}"],
     "not UTF-8"),
    ("sheet-out-missing-folder", ["--config", "{config}", "sheet", "--form", "juminido", "--values", "{values}",
                                  "--out", "{no_folder_pdf}"], "no-such-folder"),
    ("sheet-values-missing", ["--config", "{config}", "sheet", "--form", "juminido", "--values", "{missing}",
                              "--out", "{plain_file}.pdf"], "does-not-exist.json"),
    ("verify-trust-missing", ["--config", "{config}", "verify", "--trust", "{missing}"], "does-not-exist.json"),
    ("verify-trust-not-json", ["--config", "{config}", "verify", "--trust", "{not_json}"], "trust.txt"),
    ("verify-database-url-unparsable", ["--config", "{config}", "verify", "--database", "postgresql://[::1"],
     "database URL"),
    ("keys-export-config-folder", ["--config", "{folder_toml}", "keys", "export"], "config.d"),
    ("keys-init-data-dir-blocked", ["--config", "{blocked_data}", "keys", "init"], "plain-file"),
    ("supervise-negative-watchdog", ["supervise", "--watchdog-sec", "-5", "--", "true"], "not negative"),
    ("supervise-nan-restart", ["supervise", "--restart-sec", "nan", "--", "true"], "finite number"),
    ("supervise-infinite-watchdog", ["supervise", "--watchdog-sec", "inf", "--", "true"], "finite number"),
    ("supervise-no-command", ["supervise"], "a command is required"),
]


def test_every_subcommand_is_exercised():
    assert {argv[argv.index("--config") + 2] if "--config" in argv else argv[0] for _, argv, _ in CASES} == set(COMMANDS)


@pytest.mark.parametrize(("argv", "words"), [(argv, words) for _, argv, words in CASES], ids=[c[0] for c in CASES])
def test_sec03_hostile_arguments_give_one_line_and_no_traceback(hostile: dict[str, str], argv: list[str],
                                                                 words: str) -> None:
    result = kiosk(*(a.format(**hostile) for a in argv), env={"QT_QPA_PLATFORM": "offscreen"})
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode not in (0, EXIT_INTERNAL), err
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert words in lines[0], err
    assert "secret" not in err  # a database URL is never echoed with its password
