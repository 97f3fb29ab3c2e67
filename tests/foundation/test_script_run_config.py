"""``script/run`` out of the box: the configuration it writes for the machine (when ``KIOSK_CONFIG``
names none) gives the invented demo town the demo's postal areas, so that ``kiosk doctor`` counts
them and a new address is chosen among the town's areas instead of typed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from kiosk import paths
from kiosk.config import DEMO_POSTAL_AREA_CODE, Config, load

SCRIPT = paths.PROJECT_ROOT / "script" / "run"


def written(tmp_path: Path, allow_virtual_reader: bool) -> Path:
    """Run script/run's own configuration step (its Python part) and return the file it wrote."""
    found = re.search(r"<<'PY'\n(import sys\n.*?from kiosk\.config import .*?)\nPY\n",
                      SCRIPT.read_text(encoding="utf-8"), re.S)
    assert found is not None, "script/run writes no configuration"
    out = tmp_path / "script-run.toml"
    done = subprocess.run([sys.executable, "-", str(out), "true" if allow_virtual_reader else "false"],
                          input=found.group(1).encode(), cwd=paths.PROJECT_ROOT, capture_output=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return out


def test_script_run_writes_the_demo_towns_postal_areas(tmp_path: Path) -> None:
    config = load(written(tmp_path, True))
    assert config.municipality.postal_area_code == DEMO_POSTAL_AREA_CODE == "13101"  # 千代田区
    assert config.municipality.code == Config().municipality.code  # still the invented town
    assert config.card.allow_virtual_reader
    assert not load(written(tmp_path, False)).card.allow_virtual_reader  # a real reader attached


def test_kiosk_doctor_on_script_runs_configuration_finds_the_towns_areas(tmp_path: Path) -> None:
    """What `kiosk doctor` prints for the file: the areas a new address is chosen from (the
    invented town's own code has none, and its postal codes would be typed)."""
    env = {**os.environ, "KIOSK_CONFIG": str(written(tmp_path, True)), "KIOSK_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([str(Path(sys.executable).with_name("kiosk")), "doctor"], env=env,
                          capture_output=True, timeout=120, check=False)
    line = next(line for line in done.stdout.decode().splitlines() if line.startswith("town areas"))
    assert re.fullmatch(r"town areas +ok +13101: \d+ postal areas, その他 1000000", line), line
    assert "Traceback" not in done.stderr.decode()
