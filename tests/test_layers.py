"""Architecture guards: Qt stays in vigdesk/ui, imports flow one way, nothing runs at import."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import vigdesk

PACKAGE = Path(vigdesk.__file__).parent
# Allowed imports between vigdesk packages (DESIGN §2: ui → services → the rest → core).
ALLOWED = {
    "core": {"core"},
    "crypto": {"core", "crypto"},
    "storage": {"core", "crypto", "storage", "paths"},
    "media": {"core", "media"},
    "sync": {"core", "crypto", "storage", "media", "sync", "paths"},
    "services": {"core", "crypto", "storage", "media", "sync", "services", "paths"},
}


def non_ui_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="vigdesk."):
        if info.name.startswith("vigdesk.ui") or info.name in ("vigdesk.app",):
            continue
        names.append(info.name)
    return names


def test_importing_every_non_ui_module_leaves_pyside6_unloaded() -> None:
    modules = non_ui_modules()
    assert "vigdesk.storage.vault" in modules and "vigdesk.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken')))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_imports_flow_one_way() -> None:
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        layer = path.relative_to(PACKAGE).parts[0]
        if layer not in ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                parts = node.module.split(".")
                if parts[0] == "vigdesk" and len(parts) > 1 and parts[1] not in ALLOWED[layer]:
                    wrong.append(f"{path.relative_to(PACKAGE)} imports {node.module}")
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [a.name for a in node.names]
                )
                if any(n.startswith("PySide6") for n in names):
                    wrong.append(f"{path.relative_to(PACKAGE)} imports Qt")
    assert wrong == []
