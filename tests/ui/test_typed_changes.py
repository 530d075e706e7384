"""Typed change sets (issue 20): what an operation changed is a `Changed` member, so a
view or a call site that names an area wrongly is a type error, not a stale screen.

mypy (strict, as CI runs it) checks a small example module against the real
`vigdesk.core.changes`, `vigdesk.ui.events` and `vigdesk.ui.tasks`: the correct lines
pass; each typo is reported on its own line.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from vigdesk.core.changes import Changed
from vigdesk.ui.events import AppEvents

EXAMPLE = """\
from vigdesk.core.changes import Changed
from vigdesk.ui.events import AppEvents
from vigdesk.ui.tasks import TaskRunner


def announce(events: AppEvents, runner: TaskRunner) -> None:
    events.announce_changes({Changed.MEDIA, Changed.CONSENT})
    runner.run(lambda _: None, on_success=lambda _: None, changes={Changed.CASES})
    events.announce_changes({Changed.MEDAI})  # typo-in-a-member
    events.announce_changes({"media"})  # a-free-string
    runner.run(lambda _: None, on_success=lambda _: None, changes={"cases"})  # string-task


def watch(changes: frozenset[Changed]) -> bool:
    fine = Changed.MEDIA in changes
    return fine or "media" in changes  # view-matching-a-string
"""


def test_a_misnamed_change_is_a_type_error(tmp_path: Path) -> None:
    example = tmp_path / "typed_changes_example.py"
    example.write_text(EXAMPLE, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--follow-imports=silent",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(example),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = EXAMPLE.splitlines()
    flagged = set()
    for match in re.finditer(r"typed_changes_example\.py:(\d+): error", result.stdout):
        line = lines[int(match.group(1)) - 1]
        flagged.add(line.split("# ")[-1] if "# " in line else line.strip())
    assert flagged == {
        "typo-in-a-member",
        "a-free-string",
        "string-task",
        "view-matching-a-string",
    }, result.stdout


def test_only_announce_changes_emits_data_changed() -> None:
    """`data_changed` is a Qt signal of `object`, which mypy cannot check: every change
    set goes through the typed `AppEvents.announce_changes` instead."""
    import ast

    import vigdesk

    root = Path(vigdesk.__file__).parent
    direct = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "emit"
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "data_changed"
                and path.name != "events.py"
            ):
                direct.append(f"{path.relative_to(root)}:{node.lineno}")
    assert direct == []


def test_views_receive_the_typed_set(qtbot: QtBot) -> None:
    events = AppEvents()
    with qtbot.waitSignal(events.data_changed, timeout=WAIT_MS) as blocker:
        events.announce_changes([Changed.MEDIA, Changed.MEDIA, Changed.SYNC])
    assert blocker.args == [frozenset({Changed.MEDIA, Changed.SYNC})]
