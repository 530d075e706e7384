"""OpenCV is gone: nothing imports it, nothing declares it, no media path loads it."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import vigdesk

PACKAGE = Path(vigdesk.__file__).parent
PYPROJECT = PACKAGE.parent / "pyproject.toml"


def test_no_module_imports_cv2() -> None:
    importers = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "cv2" for name in names):
                importers.append(str(path.relative_to(PACKAGE)))
    assert importers == []


def test_dependencies_name_what_media_imports_and_not_opencv() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    names = {
        dep.split(">")[0].split("=")[0].split("[")[0].strip().lower()
        for dep in project["dependencies"]
    }
    assert not any("opencv" in name for name in names)
    assert {"av", "numpy", "pillow"} <= names


EXERCISE = """
import io, sys
from datetime import date
from vigdesk.media.frames import frame_at, still_png, thumbnail_jpeg, thumbnail_strip
from vigdesk.media.synth import make_video
from vigdesk.media.watermark import Watermark, mark_png, mark_video
buf = io.BytesIO()
make_video(buf, seconds=1.0, fps=10, size=(160, 120), rotation=90, label="Łukasz 王芳")
data = buf.getvalue()
frame_at(io.BytesIO(data), "v.mp4", 0.5)
png = still_png(io.BytesIO(data), "v.mp4", 0.5)
thumbnail_jpeg(io.BytesIO(data), "v.mp4", 0.5)
thumbnail_strip(io.BytesIO(data), "v.mp4", 3, 24)
mark = Watermark.for_package("VIG-1", "王芳", "Supervision", date(2026, 1, 1), date(2026, 2, 1))
mark_png(png, mark)
mark_video(io.BytesIO(data), "v.mp4", mark)
print(sorted(m for m in sys.modules if m.split(".")[0] == "cv2"))
"""


def test_every_media_path_runs_without_loading_cv2() -> None:
    result = subprocess.run(
        [sys.executable, "-c", EXERCISE], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
