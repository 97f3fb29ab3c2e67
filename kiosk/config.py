"""One TOML configuration file. Every setting has a default that works on the embedded set-up
(SQLite in the data directory, a cups-pdf queue, the virtual reader only where allowed).

An invalid file raises :class:`ConfigError` naming the key and the problem, e.g.
``kiosk.toml: session.idle_warn_seconds: expected an integer, got 'soon'``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, get_type_hints

from kiosk import paths
from kiosk.errors import ConfigError

SHIPPED_LANGUAGES = ("ja", "ja-easy", "en", "zh-Hans", "ko", "vi", "tl", "ne", "pt-BR", "id")


@dataclass(frozen=True)
class Municipality:
    name: str = "みどり町"  # an invented town
    code: int = 999991  # 地方公共団体コード (6 digits with check digit); 99999x is not a real town
    counter_note: str = ""
    # The town's name per language, e.g. ``[municipality.names] en = "Midori Town"``; a language
    # not listed uses ``name`` (Japanese).
    names: dict[str, str] = field(default_factory=dict)
    # The 5-digit 全国地方公共団体コード (JIS X 0402) whose postal areas (町域) are the town's: a new
    # address inside the town is chosen from them. Empty: the first five digits of ``code``.
    postal_area_code: str = ""

    @property
    def postal_areas(self) -> str:
        """The JIS X 0402 code of the town's postal areas."""
        return self.postal_area_code or f"{self.code:06d}"[:5]

    def name_in(self, lang: str) -> str:
        """The town's name as residents reading ``lang`` know it."""
        return self.names.get(lang) or self.name


@dataclass(frozen=True)
class KioskSection:
    id: str = "kiosk-01"
    languages: tuple[str, ...] = SHIPPED_LANGUAGES
    default_language: str = "ja"
    output_mode: str = "sheets"  # "sheets" (completed A4 forms) or "ticket" (QR ticket)
    ticket_paper: str = "a4"  # "a4" or "80mm" (thermal receipt queue)
    # The 個人番号 switch (PRIV-02): off, the kiosk never reads the card's 個人番号 EF (whatever
    # card.read_my_number says) and no form gets or shows a 個人番号 field. Off by default.
    my_number_enabled: bool = False
    # The shared staff PIN: the staff exit's fallback to staff cards (kiosk admin enrol-card).
    # Empty (the default): no shared PIN, the staff exit takes an enrolled staff card only.
    staff_pin: str = ""
    # A11Y-16: false, nothing on the resident's screens moves by itself: busy bars stand still
    # (part-filled) and a flicked page stops where the finger leaves it
    animations: bool = True
    fullscreen: bool = True


@dataclass(frozen=True)
class CardSection:
    reader_pattern: str = ""  # regular expression on the PC/SC reader name; empty = any
    allow_virtual_reader: bool = False  # a production kiosk never uses "Virtual PCD" unless set
    read_my_number: bool = False


@dataclass(frozen=True)
class PrinterSection:
    queue: str = "kiosk-pdf"
    job_timeout_seconds: int = 120
    pdf_dir: str = ""  # where to also keep PDFs (empty: data_dir/sheets)


@dataclass(frozen=True)
class DatabaseSection:
    url: str = ""  # empty: sqlite:///<data_dir>/kiosk.sqlite3
    connect_timeout_seconds: int = 5  # PostgreSQL: establishing a connection (psycopg needs at least 2)
    statement_timeout_seconds: int = 5  # PostgreSQL: longest statement; the client waits 1 s more for any reply
    lock_timeout_seconds: int = 3  # PostgreSQL: longest wait for a row or table lock
    keepalive_seconds: int = 5  # PostgreSQL: idle seconds before TCP keepalive probes (1 s apart, 3 of them)
    pool_timeout_seconds: int = 5  # longest wait for a free pooled connection
    busy_timeout_seconds: int = 5  # SQLite: longest wait for another writer
    health_probe_seconds: int = 5  # clerk station: how often to try the database again while it is unreachable
    sslmode: str = ""  # PostgreSQL: "verify-full" checks the server certificate and host name (SEC-11)
    sslrootcert: str = ""  # PostgreSQL: the CA file that signed the server certificate


@dataclass(frozen=True)
class SessionSection:
    idle_warn_seconds: int = 90
    extend_seconds: int = 30
    max_extensions: int = 10
    # "ゆっくり" on the first screen multiplies every timeout of that session (A11Y-09, WCAG 2.2.1)
    more_time_factor: int = 3


@dataclass(frozen=True)
class StaffCallSection:
    raise_again_seconds: int = 120  # an unacknowledged call alerts every clerk station again after this
    poll_seconds: int = 2  # SQLite: how often stations look for calls; kiosks: for the answer to theirs
    # REL-10: a kiosk checks its printer, its free disk and its clock this often, and alerts every
    # station of a failure (kiosk.health)
    health_seconds: int = 60
    disk_low_mb: int = 500  # less free space than this where the kiosk keeps its data: an alert
    # REL-12: less free space than this where the kiosk writes (its data folder, the temporary
    # folder): no new session starts; the kiosk is out of service until there is room again
    disk_refuse_mb: int = 50
    # REL-10: clerk stations show a running kiosk whose last heartbeat is older than this as silent
    # (kiosk.heartbeat); 0: twice health_seconds
    silent_after_seconds: int = 0

    @property
    def silent_after(self) -> int:
        return self.silent_after_seconds or 2 * self.health_seconds


@dataclass(frozen=True)
class QrSection:
    validity_days: int = 30
    clock_skew_seconds: int = 300
    algorithm: str = "EdDSA"  # or "ES256"


@dataclass(frozen=True)
class PathsSection:
    data_dir: str = ""  # empty: per-user data directory
    key_dir: str = ""  # empty: data_dir/keys
    forms_dir: str = ""  # empty: the shipped forms/
    log_dir: str = ""  # empty: data_dir/logs


@dataclass(frozen=True)
class ClerkSection:
    station_id: str = "clerk-01"
    lock_after_seconds: int = 300
    max_sign_in_failures: int = 5


@dataclass(frozen=True)
class SpeechSection:
    # The headphone jack that starts speech mode when headphones are plugged in (A11Y-06):
    # "auto" finds it in /proc/bus/input/devices, "off" watches none, else the device's path.
    headphone_jack: str = "auto"


@dataclass(frozen=True)
class CounterSection:
    # The PIN pad the resident holds at the counter (issue #17): "off" (the resident types the
    # PIN on their screen), else the keypad's input device, e.g. "/dev/input/by-id/…-event-kbd".
    pin_pad: str = "off"


@dataclass(frozen=True)
class Config:
    municipality: Municipality = field(default_factory=Municipality)
    kiosk: KioskSection = field(default_factory=KioskSection)
    card: CardSection = field(default_factory=CardSection)
    printer: PrinterSection = field(default_factory=PrinterSection)
    database: DatabaseSection = field(default_factory=DatabaseSection)
    session: SessionSection = field(default_factory=SessionSection)
    qr: QrSection = field(default_factory=QrSection)
    paths: PathsSection = field(default_factory=PathsSection)
    clerk: ClerkSection = field(default_factory=ClerkSection)
    staff_call: StaffCallSection = field(default_factory=StaffCallSection)
    speech: SpeechSection = field(default_factory=SpeechSection)
    counter: CounterSection = field(default_factory=CounterSection)
    source: str = "(defaults)"

    def __post_init__(self) -> None:
        if self.card.read_my_number and not self.kiosk.my_number_enabled:
            # kiosk.my_number_enabled is the one switch: the card worker never reads the EF without it.
            object.__setattr__(self, "card", replace(self.card, read_my_number=False))

    # Resolved locations -------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return Path(self.paths.data_dir).expanduser() if self.paths.data_dir else paths.default_data_dir()

    @property
    def key_dir(self) -> Path:
        return Path(self.paths.key_dir).expanduser() if self.paths.key_dir else self.data_dir / "keys"

    @property
    def forms_dir(self) -> Path:
        return Path(self.paths.forms_dir).expanduser() if self.paths.forms_dir else paths.FORMS_DIR

    @property
    def log_dir(self) -> Path:
        return Path(self.paths.log_dir).expanduser() if self.paths.log_dir else self.data_dir / "logs"

    @property
    def pdf_dir(self) -> Path:
        return Path(self.printer.pdf_dir).expanduser() if self.printer.pdf_dir else self.data_dir / "sheets"

    @property
    def database_url(self) -> str:
        return self.database.url or f"sqlite:///{self.data_dir / 'kiosk.sqlite3'}"


# The invented town (みどり町, 999991) has no postal areas: its demonstrations (``script/run``,
# ``kiosk demo``, the tests) choose a new address among 千代田区's.
DEMO_POSTAL_AREA_CODE = "13101"


def demo_town(config: Config) -> Config:
    """``config`` with the demo's postal areas (:data:`DEMO_POSTAL_AREA_CODE`) unless it names its
    town's own ``municipality.postal_area_code``."""
    code = config.municipality.postal_area_code or DEMO_POSTAL_AREA_CODE
    return replace(config, municipality=replace(config.municipality, postal_area_code=code))


def _between(low: int, high: int, why: str = "") -> tuple[Callable[[Any], bool], str]:
    return (lambda v: low <= v <= high), f"must be between {low} and {high}" + (f" ({why})" if why else "")


# Every number has a range (a test makes sure no integer setting is left without one).
_CHECKS: dict[tuple[str, str], tuple[Callable[[Any], bool], str]] = {
    ("municipality", "code"): (lambda v: 100000 <= v <= 999999, "must be a 6-digit 地方公共団体コード"),
    ("municipality", "names"): (lambda v: set(v) <= set(SHIPPED_LANGUAGES), "keys must be shipped languages"),
    ("municipality", "postal_area_code"): (
        lambda v: v == "" or re.fullmatch(r"[0-9]{5}", v) is not None,
        "must be the 5-digit 全国地方公共団体コード (JIS X 0402) of the town's postal areas, e.g. \"13101\"",
    ),
    ("kiosk", "output_mode"): (lambda v: v in ("sheets", "ticket"), "must be 'sheets' or 'ticket'"),
    ("kiosk", "ticket_paper"): (lambda v: v in ("a4", "80mm"), "must be 'a4' or '80mm'"),
    ("kiosk", "languages"): (
        lambda v: len(v) > 0 and all(x in SHIPPED_LANGUAGES for x in v),
        f"must be a non-empty list of {', '.join(SHIPPED_LANGUAGES)}",
    ),
    ("kiosk", "default_language"): (lambda v: v in SHIPPED_LANGUAGES, "is not a shipped language"),
    ("kiosk", "staff_pin"): (lambda v: v == "" or (v.isdigit() and 4 <= len(v) <= 12),
                             "must be empty (no shared staff PIN) or 4 to 12 digits"),
    ("qr", "algorithm"): (lambda v: v in ("EdDSA", "ES256"), "must be 'EdDSA' or 'ES256'"),
    ("qr", "validity_days"): _between(1, 366),
    ("qr", "clock_skew_seconds"): _between(0, 900, "a larger tolerance would let expired codes pass"),
    ("printer", "job_timeout_seconds"): _between(10, 3600),
    ("session", "idle_warn_seconds"): _between(10, 3600),
    ("session", "extend_seconds"): _between(5, 600),
    ("session", "max_extensions"): _between(10, 100, "A11Y: extendable at least ten times"),
    ("session", "more_time_factor"): _between(3, 10, "A11Y-09: at least three times the time"),
    ("staff_call", "raise_again_seconds"): _between(1, 3600),
    ("staff_call", "poll_seconds"): _between(1, 60),
    ("staff_call", "health_seconds"): _between(1, 60, "REL-10: at least once a minute"),
    ("staff_call", "disk_low_mb"): _between(1, 1_000_000),
    ("staff_call", "disk_refuse_mb"): _between(1, 1_000_000),
    ("staff_call", "silent_after_seconds"): _between(0, 3600),
    ("database", "connect_timeout_seconds"): _between(2, 300),
    ("database", "statement_timeout_seconds"): _between(1, 600),
    ("database", "lock_timeout_seconds"): _between(1, 600),
    ("database", "keepalive_seconds"): _between(1, 600),
    ("database", "pool_timeout_seconds"): _between(1, 600),
    ("database", "busy_timeout_seconds"): _between(1, 600),
    ("database", "health_probe_seconds"): _between(1, 3600),
    ("clerk", "lock_after_seconds"): _between(30, 1800, "SEC-10: a clerk station locks within 30 minutes"),
    ("clerk", "max_sign_in_failures"): _between(1, 10),
    ("card", "reader_pattern"): (lambda v: _is_regex(v), "is not a valid regular expression"),
    ("speech", "headphone_jack"): (
        lambda v: v in ("auto", "off") or v.startswith("/"),
        "must be 'auto', 'off' or the absolute path of the jack's input device, e.g. \"/dev/input/event7\"",
    ),
    ("counter", "pin_pad"): (
        lambda v: v == "off" or v.startswith("/"),
        "must be 'off' or the absolute path of the keypad's input device, "
        "e.g. \"/dev/input/by-id/usb-…-event-kbd\"",
    ),
}


def _is_regex(value: str) -> bool:
    try:
        re.compile(value)
    except re.error:
        return False
    return True


def _coerce(where: str, expected: Any, value: Any) -> Any:
    if expected is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}", key="error.config_key", where=where)
        return value
    if expected is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected an integer, got {value!r}", key="error.config_key", where=where)
        return value
    if expected is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {value!r}", key="error.config_key", where=where)
        return value
    if expected == tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise ConfigError(f"{where}: expected a list of strings, got {value!r}", key="error.config_key", where=where)
        return tuple(value)
    if expected == dict[str, str]:
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                                  for k, v in value.items()):
            raise ConfigError(f"{where}: expected a table of non-empty strings, got {value!r}",
                              key="error.config_key", where=where)
        return dict(value)
    raise AssertionError(expected)  # pragma: no cover - schema error


def from_mapping(data: dict[str, Any], source: str = "(mapping)") -> Config:
    sections: dict[str, Any] = {}
    hints = get_type_hints(Config)
    for name, value in data.items():
        if name not in hints or name == "source":
            raise ConfigError(f"{source}: {name}: unknown section", key="error.config_key", where=name)
        if not isinstance(value, dict):
            raise ConfigError(f"{source}: {name}: expected a table [{name}]", key="error.config_key", where=name)
        section_type = hints[name]
        section_hints = get_type_hints(section_type)
        kwargs = {}
        for key, raw in value.items():
            where = f"{name}.{key}"
            if key not in section_hints:
                raise ConfigError(f"{source}: {where}: unknown setting", key="error.config_key", where=where)
            coerced = _coerce(f"{source}: {where}", section_hints[key], raw)
            check = _CHECKS.get((name, key))
            if check and not check[0](coerced):
                raise ConfigError(f"{source}: {where}: {check[1]} (got {raw!r})", key="error.config_key", where=where)
            kwargs[key] = coerced
        sections[name] = section_type(**kwargs)
    config = Config(**sections, source=source)
    if config.kiosk.default_language not in config.kiosk.languages:
        raise ConfigError(
            f"{source}: kiosk.default_language: {config.kiosk.default_language!r} is not in kiosk.languages",
            key="error.config_key", where="kiosk.default_language",
        )
    calls = config.staff_call
    if calls.silent_after_seconds and calls.silent_after_seconds < calls.health_seconds:
        raise ConfigError(
            f"{source}: staff_call.silent_after_seconds: {calls.silent_after_seconds} is shorter than "
            f"staff_call.health_seconds ({calls.health_seconds}): every kiosk would show as silent between its "
            "beats (0: twice health_seconds)", key="error.config_key", where="staff_call.silent_after_seconds",
        )
    if calls.disk_refuse_mb >= calls.disk_low_mb:
        raise ConfigError(
            f"{source}: staff_call.disk_refuse_mb: {calls.disk_refuse_mb} is not below staff_call.disk_low_mb "
            f"({calls.disk_low_mb}): staff would not be warned before the kiosk stops taking residents",
            key="error.config_key", where="staff_call.disk_refuse_mb",
        )
    return config


def load(path: Path | str | None = None) -> Config:
    """Load the configuration; a missing default file means all defaults."""
    explicit = path is not None
    path = Path(path) if path is not None else paths.default_config_path()
    if not path.exists():
        if explicit:
            raise ConfigError(f"{path}: file not found", key="error.config_missing", where=str(path))
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or type(exc).__name__)
        raise ConfigError(f"{path}: cannot read: {reason}", key="error.config_unreadable", where=str(path)) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}", key="error.config_syntax", where=str(path)) from exc
    return from_mapping(data, source=str(path))


def to_toml(config: Config) -> str:
    """The configuration as TOML text (used to write a documented default file)."""
    lines: list[str] = []
    for f in fields(config):
        value = getattr(config, f.name)
        if not is_dataclass(value):
            continue
        lines.append(f"[{f.name}]")
        for sf in fields(value):
            v = getattr(value, sf.name)
            if isinstance(v, bool):
                text = "true" if v else "false"
            elif isinstance(v, int):
                text = str(v)
            elif isinstance(v, tuple):
                text = "[" + ", ".join(f'"{x}"' for x in v) + "]"
            elif isinstance(v, dict):
                text = "{" + ", ".join(f'"{k}" = {_toml_string(str(x))}' for k, x in v.items()) + "}"
            else:
                text = _toml_string(str(v))
            lines.append(f"{sf.name} = {text}")
        lines.append("")
    return "\n".join(lines)


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
