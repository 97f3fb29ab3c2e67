"""Health checks of a kiosk installation: reader, printer queue, fonts, database, keys, catalogue,
the town's postal areas, audio output, speech voices, the headphone jack, the counter's held PIN
pad, the clock, swap, every kiosk's last heartbeat and what opens the staff exit.

Each check returns a :class:`Check` (name, ok, detail); ``kiosk doctor`` prints them as a table.
Checks never raise and each is bounded in time (the database within its connect timeout)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kiosk.config import Config

if TYPE_CHECKING:
    from kiosk.storage.database import Database

T = TypeVar("T")

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/morisawa/BIZUDGothic-Regular.ttf"),
    Path("/usr/share/fonts/truetype/morisawa-bizud-gothic/BIZUDGothic-Regular.ttf"),
)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    warning: bool = False  # usable, but worth a look


def find_font() -> Path | None:
    from kiosk import paths

    for candidate in (*FONT_CANDIDATES, paths.ASSETS_DIR / "fonts" / "BIZUDGothic-Regular.ttf"):
        if candidate.exists():
            return candidate
    for found in Path("/usr/share/fonts").rglob("BIZUDGothic-Regular.ttf"):
        return found
    return None


def check_reader(config: Config) -> Check:
    try:
        from smartcard.pcsc.PCSCExceptions import EstablishContextException
        from smartcard.System import readers
    except ImportError as exc:  # pragma: no cover - dependency missing
        return Check("card reader", False, f"pyscard not importable: {exc}")
    try:
        names = [str(r) for r in readers()]
    except EstablishContextException:
        return Check("card reader", False, "pcscd is not running (start pcscd)")
    except Exception as exc:  # noqa: BLE001 - report, never raise
        return Check("card reader", False, f"PC/SC error: {exc}")
    pattern = re.compile(config.card.reader_pattern or ".*")
    usable = [n for n in names if pattern.search(n) and (config.card.allow_virtual_reader or "Virtual PCD" not in n)]
    if usable:
        virtual = all("Virtual PCD" in n for n in usable)
        return Check("card reader", True, ", ".join(usable) + (" (virtual)" if virtual else ""), warning=virtual)
    if names:
        return Check("card reader", False, f"no reader matches the configuration; present: {', '.join(names)}")
    return Check("card reader", False, "no PC/SC reader attached")


def check_printer(config: Config) -> Check:
    queue = config.printer.queue
    if not shutil.which("lpstat"):
        return Check("printer queue", False, "CUPS client tools missing (apt-get install cups-client)")
    try:
        out = subprocess.run(["lpstat", "-p", queue], capture_output=True, text=True, timeout=5)
    except subprocess.TimeoutExpired:
        return Check("printer queue", False, "CUPS did not answer within 5 s")
    text = (out.stdout + out.stderr).strip()
    if out.returncode != 0 or not text:
        return Check("printer queue", False, f"queue {queue!r} not found ({text or 'cupsd not running?'})")
    if "disabled" in text:
        return Check("printer queue", False, f"queue {queue!r} is stopped: {text.splitlines()[0]}")
    return Check("printer queue", True, text.splitlines()[0])


def check_font(_config: Config) -> Check:
    font = find_font()
    if font is None:
        return Check("font", False, "BIZ UD Gothic not found (apt-get install fonts-morisawa-bizud-gothic)")
    return Check("font", True, str(font))


def _read_database(config: Config, read: Callable[[Database], T]) -> T:
    """``read`` on the configured database, whose connections are closed after it, whatever happened."""
    from kiosk.storage.database import database_for

    db = database_for(config)
    try:
        return read(db)
    finally:
        db.dispose()


def check_database(config: Config) -> Check:
    from kiosk.errors import KioskError

    def read(db: Database) -> tuple[str, str | None]:
        db.check_reachable()
        return db.safe_url, db.current_revision()

    try:
        url, revision = _read_database(config, read)
    except KioskError as exc:
        return Check("database", False, str(exc))
    if revision is None:
        return Check("database", False, f"{url}: reachable but empty (run: kiosk db upgrade)")
    return Check("database", True, f"{url} (schema {revision})")


def check_database_integrity(config: Config) -> Check:
    """REL-09: SQLite's full ``PRAGMA integrity_check`` of the embedded database, and the journal
    mode and synchronous level its connections run with as found (WAL and FULL: a commit is on
    the disk before the kiosk acknowledges it)."""
    from kiosk.errors import KioskError
    from kiosk.storage import integrity
    from kiosk.storage.database import database_for

    try:
        db = database_for(config, check=False)  # checked here in full, not refused by the quick check
    except KioskError as exc:
        return Check("database integrity", False, str(exc))
    try:
        if db.sqlite_path() is None:
            return Check("database integrity", True, "PostgreSQL: the server keeps its own files")
        found = integrity.run(db.engine, integrity.FULL)
    except Exception as exc:  # noqa: BLE001 - report, never raise
        return Check("database integrity", False, f"PRAGMA {integrity.FULL} not run ({type(exc).__name__})")
    finally:
        db.dispose()
    settings = f"journal_mode={found.journal_mode}, synchronous={found.synchronous}"
    if not found.ok:
        return Check("database integrity", False, f"PRAGMA {found.check} failed ({len(found.problems)} problem(s), "
                     f"first: {found.problems[0]}): restore the database from its backup; {settings}")
    durable = found.journal_mode == "WAL" and found.synchronous in ("FULL", "EXTRA")
    detail = f"PRAGMA {found.check} ok in {found.seconds * 1000:.0f} ms; {settings}"
    return Check("database integrity", durable, detail if durable else f"{detail} (WAL and FULL expected)")


def check_keys(config: Config) -> Check:
    from kiosk import keys
    from kiosk.errors import KioskError

    try:
        signer = keys.load_signer(config.key_dir)  # refuses a missing key or one readable by others
    except KioskError as exc:
        return Check("signing key", False, str(exc))
    return Check("signing key", True, f"{config.key_dir / keys.PRIVATE_KEY_FILE} ({signer.algorithm}, kid {signer.kid.hex()})")


def check_catalogue(config: Config) -> Check:
    try:
        from kiosk.catalogue.loader import check_catalogue as run_check
    except ImportError:
        return Check("form catalogue", False, "catalogue loader not installed")
    problems = run_check(config.forms_dir)
    if problems:
        return Check("form catalogue", False, f"{len(problems)} problem(s), first: {problems[0]}")
    return Check("form catalogue", True, str(config.forms_dir))


def check_town_areas(config: Config) -> Check:
    """How many postal areas the town has to choose a new address from; none is no fault (the
    postal code is typed on the number pad then)."""
    from kiosk import town_areas

    code = config.municipality.postal_areas
    try:
        areas = town_areas.load_areas(code)
    except town_areas.TownAreaDataMissing as exc:
        return Check("town areas", True, f"{exc}: postal codes are typed", warning=True)
    if not areas.areas:
        return Check("town areas", True, f"{code}: none (postal codes are typed on the number pad)")
    fallback = f", その他 {areas.fallback.code}" if areas.fallback is not None else ""
    return Check("town areas", True, f"{code}: {len(areas)} postal areas{fallback}")


def check_audio(_config: Config) -> Check:
    """Speech mode needs somewhere to play; without it the kiosk works on silently."""
    from kiosk.speech import audio

    problem = audio.audio_problem()
    if problem is not None:
        return Check("audio output", True, problem + ": speech mode stays silent", warning=True)
    program = audio.player()
    if program is None:
        return Check("audio output", True, "no audio player (install pipewire-bin or alsa-utils)", warning=True)
    return Check("audio output", True, f"{audio.sound_server() or 'ALSA'} via {program}")


def check_speech(_config: Config) -> Check:
    """Open JTalk's dictionary (Japanese, やさしい日本語) and espeak-ng with every voice the
    voice table names (assets/speech/voices.yaml)."""
    from kiosk import jtalk
    from kiosk.errors import KioskError
    from kiosk.speech import engines, voices

    try:
        table = voices.load()
    except KioskError as exc:
        return Check("speech voices", False, str(exc))
    problems = []
    dictionary = jtalk.dictionary_problem()
    if dictionary is not None and any(v.engine == "jtalk" for v in table.voices.values()):
        problems.append(dictionary)
    known = engines.espeak_voices()
    wanted = sorted({v.voice for v in table.voices.values() if v.engine == "espeak"})
    if known is None and wanted:
        problems.append("espeak-ng is not installed (apt-get install espeak-ng)")
    elif known is not None:
        problems.extend(f"espeak-ng has no voice {name!r}" for name in wanted if name.lower() not in known)
    if problems:
        return Check("speech voices", False, "; ".join(problems))
    silent = sorted(lang for lang, v in table.voices.items() if v.engine == "none")
    detail = f"Open JTalk {jtalk.dictionary_dir()}, espeak-ng ({', '.join(wanted)})"
    if silent:
        detail += f"; no voice for {', '.join(silent)} (English speech)"
    return Check("speech voices", True, detail)


def check_headphone_jack(config: Config) -> Check:
    """Whether headphones plugged in can start speech mode (A11Y-06): the jack found (or named
    by ``speech.headphone_jack``), opened and its state read; none found is no fault (speech
    mode starts by its key)."""
    import os

    from kiosk.evdev import PROC_DEVICES
    from kiosk.speech import jack

    setting = config.speech.headphone_jack
    if setting == "off":
        return Check("headphone jack", True, "off (speech.headphone_jack): speech mode starts by its key")
    device = jack.locate(setting)
    if device is None:
        return Check("headphone jack", True, f"none found in {PROC_DEVICES}: speech mode starts by its key",
                     warning=True)
    try:
        opened = jack.open_jack(device)
    except jack.HeadphoneJackError as exc:
        return Check("headphone jack", False, f"{device.name}: cannot open {exc} "
                     "(the kiosk's account needs read access, e.g. the group input)")
    os.close(opened.fd)
    state = jack.JackDecoder(device.switches, opened.state).plugged
    said = {True: "headphones plugged in", False: "no headphones plugged in", None: "state unknown"}[state]
    where = "" if device.name == str(device.path) else f" at {device.path}"
    return Check("headphone jack", True, f"{device.name}{where} ({said})")


def check_pin_pad(config: Config) -> Check:
    """The PIN pad the resident holds at the counter (``counter.pin_pad``): opened and grabbed
    (its keys then reach the counter only), or why not; the device is released at once."""
    from pathlib import Path

    from kiosk.counter.pin_pad import PinPadError, close_pin_pad, open_pin_pad

    setting = config.counter.pin_pad
    if setting == "off":
        return Check("pin pad", True, "off (counter.pin_pad): the resident types the PIN on their screen")
    try:
        opened = open_pin_pad(Path(setting))
    except PinPadError as exc:
        code = str(exc.params.get("code"))
        why = {"EBUSY": "another program holds it grabbed", "ENOENT": "not plugged in",
               "EACCES": "the kiosk's account needs read access, e.g. the group input"}.get(code, code)
        return Check("pin pad", False, f"{setting}: cannot be used ({code}: {why}); "
                     "the resident types the PIN on their screen")
    close_pin_pad(opened.fd)
    if not opened.grabbed:
        return Check("pin pad", True, f"{setting}: opened, but not an input device (nothing to grab)", warning=True)
    return Check("pin pad", True, f"{setting}: found and grabbed")


def check_clock(config: Config) -> Check:
    """REL-11: kept by NTP, and within 5 s of the database server's clock (PostgreSQL)."""
    from kiosk import clock
    from kiosk.errors import KioskError

    synced = clock.ntp_synchronized()
    try:
        drift = _read_database(config, clock.database_drift)
    except KioskError as exc:
        return Check("clock", False, f"not compared with the database server's: {exc}")
    if drift is not None and abs(drift) > clock.DRIFT_LIMIT_SECONDS:
        side = "ahead of" if drift > 0 else "behind"
        return Check("clock", False, f"{abs(drift):.1f} s {side} the database server's "
                                     f"(limit {clock.DRIFT_LIMIT_SECONDS:.0f} s): check NTP")
    against = "SQLite: no server clock" if drift is None else f"{drift:+.1f} s from the database server's"
    if synced is False:
        return Check("clock", False, f"not synchronised by NTP (timedatectl); {against}")
    if synced is None:
        return Check("clock", True, f"NTP state unknown (no timedatectl or systemd); {against}", warning=True)
    return Check("clock", True, f"synchronised by NTP; {against}")


def check_swap(_config: Config) -> Check:
    """PRIV-09: memory of a station never reaches a disk in the clear (the stations write no core
    file themselves, kiosk.no_dumps)."""
    from kiosk.no_dumps import swap_state

    swaps = swap_state()
    if not swaps:
        return Check("swap", True, "off")
    clear = [s.name for s in swaps if s.where == "disk"]
    if clear:
        return Check("swap", False, f"on a disk in the clear: {', '.join(clear)} (swapoff, or encrypt it with dm-crypt)")
    return Check("swap", True, ", ".join(f"{s.name} ({s.where})" for s in swaps))


def check_disk_room(config: Config) -> Check:
    """REL-10, REL-12: free space in the kiosk's data and temporary folders: under
    ``disk_refuse_mb`` the kiosk takes no resident (a failure), under ``disk_low_mb`` staff are alerted."""
    from kiosk import resources

    calls = config.staff_call
    spaces = [(place, resources.free_mb(path)) for place, path in resources.places(config.data_dir)]
    found, lowest = ", ".join(f"{place} {free} MB free" for place, free in spaces), min(free for _, free in spaces)
    if lowest < calls.disk_refuse_mb:
        return Check("disk room", False, f"{found}: under disk_refuse_mb ({calls.disk_refuse_mb}): no resident is taken")
    if lowest < calls.disk_low_mb:
        return Check("disk room", True, f"{found}: under disk_low_mb ({calls.disk_low_mb}): staff are alerted",
                     warning=True)
    return Check("disk room", True, found)


def check_heartbeats(config: Config) -> Check:
    """REL-10: every kiosk's last heartbeat in the shared database, with the parts not ``ok``; a
    running kiosk not heard for ``silent_after_seconds`` is a warning (the stations show it)."""
    import datetime as dt

    from kiosk import heartbeat

    def read(db: Database) -> tuple[list[heartbeat.Beat], set[str]]:
        after = dt.timedelta(seconds=config.staff_call.silent_after)
        return heartbeat.last_beats(db), {b.kiosk_id for b in heartbeat.silent_kiosks(db, after)}

    try:
        beats, silent = _read_database(config, read)
    except Exception as exc:  # noqa: BLE001 - the database row says why; this one only that it is unread
        return Check("heartbeats", True, f"not read ({type(exc).__name__})", warning=True)
    if not beats:
        return Check("heartbeats", True, "no kiosk has sent one yet")
    shown = []
    for beat in beats:
        odd = [f"{part} {code}" for part, code in beat.codes.items() if code not in (heartbeat.OK, heartbeat.NONE)]
        state = "SILENT" if beat.kiosk_id in silent else beat.state.value
        when = beat.beat_at.astimezone().strftime("%m-%d %H:%M:%S")
        shown.append(f"{beat.kiosk_id} {state} {when}" + (f" ({', '.join(odd)})" if odd else ""))
    return Check("heartbeats", True, "; ".join(shown), warning=bool(silent))


def check_staff_exit(config: Config) -> Check:
    """SEC-09: what opens the kiosk's staff exit. Enrolled staff cards (kiosk admin enrol-card):
    ok; the shared staff PIN (``kiosk.staff_pin``) as well or instead: a warning; neither: fails."""
    from kiosk.staff_card import usable_cards

    pin = bool(config.kiosk.staff_pin)
    try:
        cards = _read_database(config, usable_cards)
    except Exception as exc:  # noqa: BLE001 - report, never raise
        if pin:
            return Check("staff exit", True, f"staff cards not read ({type(exc).__name__}); relies on the "
                                             "shared staff PIN", warning=True)
        return Check("staff exit", False, f"staff cards not read ({type(exc).__name__}) and no staff PIN set")
    if cards and not pin:
        return Check("staff exit", True, f"{cards} staff card(s) enrolled")
    if cards:
        return Check("staff exit", True, f"{cards} staff card(s) enrolled; the shared staff PIN "
                                         "(kiosk.staff_pin) opens it too", warning=True)
    if pin:
        return Check("staff exit", True, "relies on the shared staff PIN (kiosk.staff_pin): "
                                         "enrol staff cards (kiosk admin enrol-card)", warning=True)
    return Check("staff exit", False, "nothing opens it: enrol a staff card (kiosk admin enrol-card) "
                                      "or set kiosk.staff_pin")


CHECKS: tuple[Callable[[Config], Check], ...] = (
    check_reader, check_printer, check_font, check_database, check_keys, check_catalogue, check_town_areas,
    check_audio, check_speech, check_headphone_jack, check_pin_pad, check_clock, check_swap, check_disk_room, check_heartbeats,
    check_database_integrity, check_staff_exit,
)


def run_checks(config: Config) -> list[Check]:
    results = []
    for check in CHECKS:
        try:
            results.append(check(config))
        except Exception as exc:  # noqa: BLE001 - a broken check is a failed check
            results.append(Check(check.__name__.removeprefix("check_"), False, f"check failed: {exc}"))
    return results


def format_table(results: list[Check]) -> str:
    width = max(len(r.name) for r in results)
    lines = [f"{'check':<{width}}  status  detail", f"{'-' * width}  ------  ------"]
    for r in results:
        status = "WARN" if r.ok and r.warning else ("ok" if r.ok else "FAIL")
        lines.append(f"{r.name:<{width}}  {status:<6}  {r.detail}")
    return "\n".join(lines)
