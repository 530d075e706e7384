"""constraints.txt pins every direct dependency, within what pyproject.toml allows.

CI and the installer build install with `-c constraints.txt`; a dependency added to
pyproject.toml without a pin would be installed at whatever version is newest that day.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
# Installed with PySide6-Essentials/Addons and released in lockstep with them.
QT_PARTS = ("pyside6-essentials", "pyside6-addons", "shiboken6")


def pins() -> dict[str, Version]:
    found: dict[str, Version] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", f"not a pin: {line}"
        name = canonicalize_name(requirement.name)
        assert name not in found, f"pinned twice: {name}"
        found[name] = Version(specifiers[0].version)
    return found


def direct_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    return [Requirement(line) for line in lines]


def test_every_direct_dependency_is_pinned_within_its_range() -> None:
    pinned = pins()
    wrong = []
    for requirement in direct_requirements():
        name = canonicalize_name(requirement.name)
        if name not in pinned:
            wrong.append(f"{requirement.name} is not in constraints.txt")
        elif pinned[name] not in requirement.specifier:
            wrong.append(f"{requirement.name}=={pinned[name]} is outside {requirement.specifier}")
    assert wrong == []


def test_the_qt_parts_are_pinned_to_one_release() -> None:
    pinned = pins()
    assert {pinned[part] for part in QT_PARTS if part in pinned} == {pinned["pyside6-essentials"]}
    assert all(part in pinned for part in QT_PARTS)
