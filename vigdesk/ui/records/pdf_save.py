"""Save a report as a PDF where the user picks: render on the GUI thread, write in a task.

The location is asked for each time and never remembered (no QSettings).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from vigdesk.core.errors import storage_error
from vigdesk.render.pdf import html_to_pdf
from vigdesk.ui.failures import Failure
from vigdesk.ui.records.labels import tr
from vigdesk.ui.tasks import TaskContext, TaskHandle, TaskRunner


def ask_pdf_path(parent: QWidget, caption: str, suggested_name: str) -> Path | None:
    """A save dialog for a .pdf file; None when the user cancels."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent, caption, str(Path.home() / suggested_name), tr("PDF documents (*.pdf)")
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def write_pdf(
    runner: TaskRunner,
    owner: QWidget,
    html: str,
    title: str,
    path: Path,
    on_saved: Callable[[Path], None],
    on_failure: Callable[[Failure], None],
) -> TaskHandle:
    """Render `html` now (GUI thread) and write the bytes to `path` in a task."""
    data = html_to_pdf(html, title)

    def work(task: TaskContext) -> Path:
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise storage_error(exc, f"save {path.name}") from exc
        return path

    return runner.run(work, on_success=on_saved, on_failure=on_failure, owner=owner)
