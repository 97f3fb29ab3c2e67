"""The built wheel runs on its own: built from the checkout, installed in a fresh environment, and
run from a folder outside the checkout, the kiosk finds its catalogue, translations and assets as
installed data (kiosk/_data) and plays the reference journey (``kiosk demo``, cards read through
pcscd/vpcd under script/with-services).

The fresh environment gets the dependencies from the project environment through a ``.pth`` line
(nothing is downloaded); such a line only adds the folder to sys.path, so the project's editable
install (a finder registered by its own .pth file) is not loaded and ``kiosk`` comes from the wheel.
The wheel is built the way pip builds any project, with the build requirements of pyproject.toml
from the configured package index (as script/bootstrap's install does).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_SHIPPED = (".venv", ".git", "tests", "bench", "__pycache__", "*.egg-info", "build", "dist")


@dataclass(frozen=True)
class Installed:
    venv: Path
    outside: Path  # a working folder outside the checkout

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def run(self, *args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        env.update(KIOSK_DATA_DIR=str(self.outside / "data"), KIOSK_CONFIG=str(self.outside / "no-config.toml"),
                   QT_QPA_PLATFORM="offscreen", PATH=f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
        return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout, env=env,
                              cwd=self.outside)


def _run(*args: str | Path, timeout: float = 180) -> None:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy, so that building leaves nothing in the checkout
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SHIPPED))
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", work / "dist", source)
    wheels = sorted((work / "dist").glob("*.whl"))
    assert len(wheels) == 1
    venv = work / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    # installed before the .pth exists: the fresh interpreter sees no other kiosk while pip runs
    _run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q", "--no-deps",
         "--no-index", wheels[0])
    fresh = Path(subprocess.run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                capture_output=True, text=True, check=True).stdout.strip())
    (fresh / "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    outside = work / "elsewhere"
    outside.mkdir()
    return Installed(venv, outside)


def test_installed_kiosk_comes_from_the_wheel_with_its_data(installed: Installed) -> None:
    probe = ("import kiosk, printing; from kiosk import paths; "
             "print(kiosk.__file__, printing.__file__, paths.FORMS_DIR, paths.LOCALES_DIR, paths.ASSETS_DIR, sep='\\n')")
    result = installed.run(installed.python, "-c", probe)
    assert result.returncode == 0, result.stderr
    located = [Path(line) for line in result.stdout.split()]
    assert len(located) == 5
    for path in located:
        assert path.is_relative_to(installed.venv), path  # not the checkout, not the editable install
    assert all(path.is_dir() for path in located[2:])
    assert (located[2] / "schema" / "form.schema.json").is_file()


def test_installed_kiosk_checks_its_catalogue(installed: Installed) -> None:
    result = installed.run("kiosk", "forms", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ") and str(installed.venv) in result.stdout
    assert "forms" in result.stdout and "languages" in result.stdout


def test_installed_kiosk_plays_the_reference_journey(installed: Installed, pcsc: None) -> None:
    out = installed.outside / "demo"
    result = installed.run("kiosk", "demo", "--langs", "ja", "--out", out, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "[ja] screens:" in result.stdout
    assert sorted(out.glob("sheets/*.pdf")) and sorted(out.glob("screens/ja/*.png"))
    assert (out / "guide-ja.pdf").read_bytes().startswith(b"%PDF")
