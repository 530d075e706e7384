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
    "render": {"core", "render"},
}
# Qt engines outside the GUI package (injected by the composition roots): they may load
# PySide6, never vigdesk.ui.
QT_ENGINES = ("render/pdf.py",)


def non_ui_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="vigdesk."):
        if info.name.startswith("vigdesk.ui") or info.name in ("vigdesk.app", "vigdesk.render.pdf"):
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


def imported_names(path: Path, located: Path | None = None) -> list[str]:
    """Every module `path` imports, wherever the import sits: top level, `if
    TYPE_CHECKING:`, or inside a function body (a lazy import). Relative imports are
    resolved as if the file were at `located` (default: where it is); `from a import b`
    counts as importing `a` and `a.b` (b may be a module); `importlib.import_module`
    and `__import__` with a literal name count too."""
    package = (located or path).relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join((*base, node.module) if node.module else base)
            else:
                module = node.module or ""
            names.append(module)
            names.extend(f"{module}.{alias.name}" for alias in node.names if alias.name != "*")
        elif (
            isinstance(node, ast.Call)
            and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                or (
                    isinstance(node.func, ast.Name)
                    and node.func.id in ("import_module", "__import__")
                )
            )
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append(node.args[0].value)
    return names


def is_gui(name: str) -> bool:
    """Qt itself, or vigdesk's GUI package."""
    top = name.split(".")[0]
    return top in ("PySide6", "shiboken6") or name == "vigdesk.ui" or name.startswith("vigdesk.ui.")


# The GUI processes' composition roots (the desk, the package viewer) build the Qt app,
# so they import vigdesk.ui (lazily, inside `run`); every other module outside
# vigdesk/ui must not, even lazily.
GUI_ROOTS = ("app.py", "viewer_app.py")


def gui_imports_outside_ui() -> set[tuple[str, str]]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "ui" or relative.as_posix() in GUI_ROOTS:
            continue
        qt_engine = relative.as_posix() in QT_ENGINES
        for name in imported_names(path):
            if is_gui(name) and not (qt_engine and not name.startswith("vigdesk.")):
                found.add((relative.as_posix(), name))
    return found


def test_the_walk_sees_lazy_relative_and_dynamic_imports(tmp_path: Path) -> None:
    """The checker itself: an import hidden in a function body, a relative import of
    the ui package and an `importlib.import_module` call are all seen."""
    module = PACKAGE / "services" / "_layer_probe.py"
    text = (
        "import importlib\n"
        "def later():\n"
        "    from PySide6.QtGui import QImage\n"
        "    from ..ui import pdf\n"
        "    importlib.import_module('vigdesk.ui.viewer')\n"
    )
    probe = tmp_path / "vigdesk" / "services" / "_layer_probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(text, encoding="utf-8")
    names = imported_names(probe, located=module)
    assert [n for n in names if is_gui(n)] == [
        "PySide6.QtGui",
        "PySide6.QtGui.QImage",
        "vigdesk.ui",
        "vigdesk.ui.pdf",
        "vigdesk.ui.viewer",
    ]


def test_nothing_outside_ui_imports_qt_or_the_ui_even_lazily() -> None:
    assert gui_imports_outside_ui() == set()


def test_the_headless_cli_does_not_import_the_gui() -> None:
    offenders = {(m, n) for m, n in gui_imports_outside_ui() if m.startswith("cli/")}
    assert offenders == set()


def test_one_composition_root_per_process_kind() -> None:
    """The CLI starts the GUI processes through their roots (`app`, `viewer_app`) and
    never imports `__main__`; the roots never import the CLI or each other's entry."""
    wrong = []
    for path in [*(PACKAGE / "cli").rglob("*.py"), PACKAGE / "app.py", PACKAGE / "viewer_app.py"]:
        for name in imported_names(path):
            if name == "vigdesk.__main__" or name.startswith("vigdesk.__main__."):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
            if path.parent != PACKAGE / "cli" and name.startswith("vigdesk.cli"):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert wrong == []


def test_imports_flow_one_way() -> None:
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        layer = path.relative_to(PACKAGE).parts[0]
        if layer not in ALLOWED:
            continue
        qt_engine = path.relative_to(PACKAGE).as_posix() in QT_ENGINES
        for name in imported_names(path):
            parts = name.split(".")
            if parts[0] == "vigdesk" and len(parts) > 1 and parts[1] not in ALLOWED[layer]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
            if is_gui(name) and not (qt_engine and parts[0] != "vigdesk"):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert wrong == []
