"""REL-12 where the kiosk meets its disk: the room check on a real volume filled for the test (a
tmpfs), a resident's bundle written to an embedded database on a full volume (refused whole, the
database sound, nothing half written), and the setting's own check. The kiosk window's side is in
tests/ui/test_disk_full.py."""

from __future__ import annotations

import datetime as dt
import errno
import sqlite3
from pathlib import Path

import pytest
from small_volume import small_volume

from kiosk import resources
from kiosk.config import from_mapping
from kiosk.errors import ConfigError, DiskFull
from kiosk.storage import sheets
from kiosk.storage.database import Database


def _bundle(prefix: str, n: int) -> list[sheets.Issued]:
    now = dt.datetime.now(dt.UTC)
    return [sheets.Issued(f"{prefix}{i:030x}", "juminido", 1, "kiosk-01", now, now + dt.timedelta(days=30))
            for i in range(n)]


def test_rel12_room_names_the_place_without_room_and_clears_once_freed(tmp_path: Path) -> None:
    with small_volume(tmp_path / "vol", 8) as volume:
        assert resources.room([("data", volume.path)], 4) is None
        volume.fill(leave_bytes=2 * 2**20)
        full = resources.room([("temp", tmp_path), ("data", volume.path)], 4)
        assert isinstance(full, DiskFull)
        assert full.key == "error.disk_full" and full.params["place"] == "data"
        assert full.params["need_mb"] == 4 and 1 <= int(full.params["free_mb"]) <= 2  # type: ignore[call-overload]
        volume.empty()
        assert resources.room([("data", volume.path)], 4) is None


def test_rel12_the_temporary_folder_has_its_own_message(tmp_path: Path) -> None:
    with small_volume(tmp_path / "tmp", 4) as volume:
        volume.fill()
        full = resources.room([("data", tmp_path), ("temp", volume.path)], 1)
        assert full is not None and full.key == "error.disk_full_temp" and full.params["place"] == "temp"


def test_rel12_a_not_yet_made_data_folder_is_measured_on_the_disk_it_will_be_on(tmp_path: Path) -> None:
    with small_volume(tmp_path / "vol", 4) as volume:
        volume.fill()
        assert resources.room([("data", volume.path / "kiosk" / "data")], 1) is not None


def test_rel12_a_bundle_written_on_a_full_volume_is_refused_whole_and_the_database_stays_sound(
        tmp_path: Path) -> None:
    with small_volume(tmp_path / "vol", 16) as volume:
        url = f"sqlite:///{volume.path / 'kiosk.sqlite3'}"
        db = Database(url, key_dir=tmp_path / "keys")
        try:
            db.upgrade()
            sheets.record_bundle(db, _bundle("aa", 3))
            volume.fill()
            with pytest.raises(Exception) as raised:
                sheets.record_bundle(db, _bundle("bb", 400))  # a page or more: it cannot fit
            assert resources.is_disk_full(raised.value), repr(raised.value)
            volume.empty()
            sheets.record_bundle(db, _bundle("cc", 3))
            with db.session() as s:
                from sqlalchemy import select

                from kiosk.storage.models import IssuedSheet

                ids = {row for row in s.execute(select(IssuedSheet.sheet_id)).scalars()}
        finally:
            db.dispose()
        assert ids == {x.sheet_id for x in _bundle("aa", 3) + _bundle("cc", 3)}  # none of the refused bundle
        with sqlite3.connect(volume.path / "kiosk.sqlite3") as check:
            assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_rel12_disk_full_failures_are_told_apart() -> None:
    assert resources.is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert resources.is_disk_full(RuntimeError("wrapped")) is False
    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError as inner:
            raise RuntimeError("the write failed") from inner
    except RuntimeError as outer:
        assert resources.is_disk_full(outer)
    assert not resources.is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not resources.is_disk_full(sqlite3.OperationalError("database is locked"))


def test_rel12_the_refusal_level_must_be_below_the_staff_alert_level() -> None:
    assert from_mapping({}).staff_call.disk_refuse_mb == 50
    with pytest.raises(ConfigError) as refused:
        from_mapping({"staff_call": {"disk_low_mb": 100, "disk_refuse_mb": 100}})
    assert refused.value.params["where"] == "staff_call.disk_refuse_mb"
    assert from_mapping({"staff_call": {"disk_low_mb": 100, "disk_refuse_mb": 99}}).staff_call.disk_refuse_mb == 99


def test_rel12_doctor_fails_under_the_refusal_level_and_warns_under_the_alert_level(tmp_path: Path) -> None:
    from kiosk.doctor import check_disk_room

    with small_volume(tmp_path / "vol", 16) as volume:
        config = from_mapping({"paths": {"data_dir": str(volume.path / "data")},
                               "staff_call": {"disk_low_mb": 8, "disk_refuse_mb": 4}})
        roomy = check_disk_room(config)
        assert roomy.ok and not roomy.warning and "data 16 MB free" in roomy.detail
        volume.fill(leave_bytes=6 * 2**20)
        low = check_disk_room(config)
        assert low.ok and low.warning and "disk_low_mb" in low.detail
        volume.fill(leave_bytes=2 * 2**20)
        full = check_disk_room(config)
        assert not full.ok and "disk_refuse_mb" in full.detail and str(volume.path) not in full.detail
