"""Cold start to the first painted screen: a bare PySide6 window against the kiosk, each in a fresh
process, several runs, medians and their ratio (goal: the kiosk within 3× the bare window).

    .venv/bin/python bench/startup.py --runs 7

The clock starts just before the process is spawned and stops at the first paint event of the
window (the kiosk's language screen), as reported by the child. The kiosk is assembled as
``kiosk run`` does (configuration, database, printer, catalogue loaded off the GUI thread) but
without the card reader thread. Qt offscreen unless QT_QPA_PLATFORM says otherwise. Prints
figures only.

Both start from byte-compiled modules, as an installed kiosk does (pip compiles a package when it
installs it): the runs write their bytecode to a temporary cache (``PYTHONPYCACHEPREFIX``) even
where ``PYTHONDONTWRITEBYTECODE`` is set, and an uncounted first run of each fills it.
``--no-bytecode`` measures instead a checkout that writes no bytecode, whose own modules are
compiled again at each start.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PAINTED = '''
import time, sys
from PySide6.QtCore import QEvent, QObject, QTimer
class Painted(QObject):
    done = False

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            if not self.done:
                self.done = True
                print(f"painted {time.time():.6f}", flush=True)
                QTimer.singleShot(0, lambda: app.exit(0))  # quit() would ask the kiosk to close
        return False
'''

BARE = _PAINTED + '''
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
window = QLabel("ready")
watch = Painted()
app.installEventFilter(watch)
window.resize(1280, 900)
window.show()
app.exec()
'''

KIOSK = _PAINTED + '''
from kiosk.config import Config
from kiosk.ui.app import application, build
app = application()
kiosk = build(Config(), card=False)
window = kiosk.window
watch = Painted()
app.installEventFilter(watch)
window.resize(1280, 900)
window.show()
app.exec()
app.removeEventFilter(watch)
import os
os._exit(0)  # the measurement is taken; skip the orderly shutdown
'''


PREPARE = '''
from kiosk.config import Config
from kiosk.ui import app, reference
config = Config()
reference.ensure_keys(config)
database = app.make_database(config)
database.upgrade()
'''


def _one(code: str, env: dict[str, str]) -> float:
    started = time.time()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120)
    for line in done.stdout.splitlines():
        if line.startswith("painted "):
            return (float(line.split()[1]) - started) * 1000
    raise SystemExit(f"bench: no paint reported (exit {done.returncode}): {done.stderr[-500:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-bytecode", action="store_true",
                        help="write no bytecode: the checkout's modules are compiled at each start")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory(prefix="kiosk-startup-") as data:
        env["KIOSK_DATA_DIR"] = data
        env.setdefault("KIOSK_CONFIG", str(Path(data) / "none.toml"))
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"  # only the bytecode already on disk (site-packages) is read
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(data) / "pycache")
        subprocess.run([sys.executable, "-c", PREPARE], check=True, env=env, cwd=ROOT, capture_output=True)
        _one(BARE, env)  # warm the OS file cache (and the bytecode cache) for both; not counted
        _one(KIOSK, env)
        bare, kiosk = [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            bare.append(_one(BARE, env))
            kiosk.append(_one(KIOSK, env))
    b, k = statistics.median(bare), statistics.median(kiosk)
    print(f"cold start to first painted screen, median of {args.runs} fresh processes "
          f"({env['QT_QPA_PLATFORM']}, {'modules compiled at each start' if args.no_bytecode else 'byte-compiled'}):")
    print(f"  bare PySide6 window  {b:7.0f} ms   (min {min(bare):.0f}, max {max(bare):.0f})")
    print(f"  kiosk                {k:7.0f} ms   (min {min(kiosk):.0f}, max {max(kiosk):.0f})")
    print(f"  ratio                {k / b:7.2f} ×   (goal ≤ 3×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
