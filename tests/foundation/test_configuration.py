"""Configuration: defaults that work, and broken files named by key and reason."""

from __future__ import annotations

import pytest

from kiosk import config as cfg
from kiosk.errors import ConfigError


def write(tmp_path, text: str):
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_default_file_gives_working_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "absent.toml"))
    config = cfg.load()
    assert config.database_url.startswith("sqlite:///")
    assert config.printer.queue == "kiosk-pdf"
    assert config.card.allow_virtual_reader is False  # production default: never the virtual reader
    assert config.session.idle_warn_seconds == 90 and config.session.extend_seconds == 30
    assert config.session.max_extensions >= 10
    assert config.kiosk.my_number_enabled is False


def test_values_are_read(tmp_path):
    path = write(tmp_path, '[municipality]\nname = "さくら市"\ncode = 999997\n[kiosk]\nlanguages = ["ja", "en"]\n'
                           '[database]\nurl = "postgresql+psycopg://k@db/kiosk"\n')
    config = cfg.load(path)
    assert config.municipality.name == "さくら市"
    assert config.kiosk.languages == ("ja", "en")
    assert config.database_url == "postgresql+psycopg://k@db/kiosk"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[session]\nidle_warn_seconds = \"soon\"\n", "session.idle_warn_seconds: expected an integer"),
        ("[session]\nmax_extensions = 3\n", "session.max_extensions: must be between 10 and 100"),
        ("[printer]\nqueu = \"x\"\n", "printer.queu: unknown setting"),
        ("[printers]\nqueue = \"x\"\n", "printers: unknown section"),
        ("[kiosk]\nlanguages = [\"ja\", \"xx\"]\n", "kiosk.languages: must be a non-empty list"),
        ("[kiosk]\nlanguages = [\"en\"]\n", "kiosk.default_language"),
        ("[municipality]\ncode = 12\n", "municipality.code: must be a 6-digit"),
        ("[card]\nreader_pattern = \"(\"\n", "card.reader_pattern: is not a valid regular expression"),
        ("[card]\nallow_virtual_reader = \"yes\"\n", "card.allow_virtual_reader: expected true or false"),
        ("[kiosk\n", "not valid TOML"),
    ],
)
def test_broken_file_names_key_and_reason(tmp_path, text, named):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        cfg.load(path)
    assert named in str(err.value)
    assert str(path) in str(err.value)


def test_explicit_missing_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        cfg.load(tmp_path / "nowhere.toml")


def test_defaults_written_as_toml_load_back_identically(tmp_path):
    path = write(tmp_path, cfg.to_toml(cfg.Config()))
    loaded = cfg.load(path)
    assert loaded.kiosk == cfg.Config().kiosk
    assert loaded.session == cfg.Config().session
