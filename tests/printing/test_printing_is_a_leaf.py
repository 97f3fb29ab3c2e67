"""The printing package draws plain values and imports nothing from the kiosk application, so it
can be reused and tested on its own (one direction of dependency: kiosk → printing)."""

from __future__ import annotations

import ast
from pathlib import Path

import printing

PRINTING_DIR = Path(printing.__file__).resolve().parent


def imported_modules(source: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), filename=str(source))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
                found.append((node.lineno, str(node.args[0].value)))
    return found


def test_no_module_in_printing_imports_kiosk() -> None:
    files = sorted(PRINTING_DIR.rglob("*.py"))
    assert len(files) >= 8  # the whole package is inspected, not an empty folder
    offending = [
        f"{file.relative_to(PRINTING_DIR.parent)}:{line} imports {module}"
        for file in files for line, module in imported_modules(file)
        if module == "kiosk" or module.startswith("kiosk.")
    ]
    assert offending == []


def test_the_check_sees_an_import_of_kiosk(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nif True:\n    from kiosk.ks1 import encode_sheet\n", encoding="utf-8")
    assert (3, "kiosk.ks1") in imported_modules(sample)
