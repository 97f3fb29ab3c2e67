"""Every number in the configuration has a range: a value outside it is refused naming the key
(REL-07 timeouts, SEC-10 clerk lock, QR expiry), and the documented defaults lie inside."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest

from kiosk import config as cfg
from kiosk.errors import ConfigError


def integer_settings() -> list[tuple[str, str, int]]:
    defaults = cfg.Config()
    found = []
    for section in fields(defaults):
        value = getattr(defaults, section.name)
        if not is_dataclass(value):
            continue
        for setting in fields(value):
            current = getattr(value, setting.name)
            if isinstance(current, int) and not isinstance(current, bool):
                found.append((section.name, setting.name, current))
    return found


INTEGERS = integer_settings()


def load_text(tmp_path: Path, text: str) -> cfg.Config:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return cfg.load(path)


def test_the_configuration_has_integer_settings():
    names = {f"{s}.{k}" for s, k, _ in INTEGERS}
    assert {"qr.clock_skew_seconds", "database.connect_timeout_seconds", "clerk.max_sign_in_failures",
            "clerk.lock_after_seconds", "printer.job_timeout_seconds"} <= names


@pytest.mark.parametrize(("section", "key", "default"), INTEGERS, ids=[f"{s}.{k}" for s, k, _ in INTEGERS])
@pytest.mark.parametrize("value", [-1, 0, 10**9])
def test_every_integer_setting_has_a_range(tmp_path, section, key, default, value):
    if (section, key) in {("qr", "clock_skew_seconds"), ("staff_call", "silent_after_seconds")} and value == 0:
        value = -5  # no tolerance at all is a valid choice; no silence threshold is twice health_seconds
    with pytest.raises(ConfigError) as err:
        load_text(tmp_path, f"[{section}]\n{key} = {value}\n")
    assert f"{section}.{key}: must be" in str(err.value)
    assert err.value.key == "error.config_key"
    # the default is inside the range and loads
    assert getattr(getattr(load_text(tmp_path, f"[{section}]\n{key} = {default}\n"), section), key) == default


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[qr]\nclock_skew_seconds = -5\n", "qr.clock_skew_seconds: must be between 0 and 900"),
        ("[qr]\nclock_skew_seconds = 31536000\n", "qr.clock_skew_seconds: must be between 0 and 900"),
        ("[database]\nconnect_timeout_seconds = -1\n", "database.connect_timeout_seconds: must be between 2"),
        ("[clerk]\nmax_sign_in_failures = 0\n", "clerk.max_sign_in_failures: must be between 1 and 10"),
        ("[clerk]\nlock_after_seconds = 999999\n", "clerk.lock_after_seconds: must be between 30 and 1800"),
        # REL-10: a kiosk beats every health_seconds; silent sooner than that, every kiosk would show as silent
        ("[staff_call]\nhealth_seconds = 30\nsilent_after_seconds = 20\n",
         "staff_call.silent_after_seconds: 20 is shorter than staff_call.health_seconds (30)"),
    ],
)
def test_values_from_the_issue_are_refused(tmp_path, text, named):
    with pytest.raises(ConfigError) as err:
        load_text(tmp_path, text)
    assert named in str(err.value)


def test_a_silent_threshold_of_at_least_one_beat_is_accepted(tmp_path):
    """REL-10: silent after one beat's time or more, or 0 (twice health_seconds)."""
    assert load_text(tmp_path, "[staff_call]\nhealth_seconds = 30\nsilent_after_seconds = 30\n").staff_call.silent_after == 30
    assert load_text(tmp_path, "[staff_call]\nhealth_seconds = 30\n").staff_call.silent_after == 60


def test_limits_themselves_are_accepted(tmp_path):
    config = load_text(tmp_path, "[qr]\nclock_skew_seconds = 0\n[clerk]\nlock_after_seconds = 1800\n"
                                 "max_sign_in_failures = 1\n")
    assert (config.qr.clock_skew_seconds, config.clerk.lock_after_seconds, config.clerk.max_sign_in_failures) == (
        0, 1800, 1)


def test_a_configuration_file_that_is_not_utf8_or_is_a_folder_is_named(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"[municipality]\nname = \"\xff\"\n")
    with pytest.raises(ConfigError) as err:
        cfg.load(bad)
    assert err.value.key == "error.config_unreadable" and "not UTF-8" in str(err.value) and str(bad) in str(err.value)
    with pytest.raises(ConfigError) as err:
        cfg.load(tmp_path)
    assert err.value.key == "error.config_unreadable" and str(tmp_path) in str(err.value)
