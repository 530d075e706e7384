"""Import footage into the case (from the file dialog or dropped files), then offer to
delete the originals. The work runs in a task with progress and Cancel. Functions
named `*_job` run on a worker thread and call services only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vigdesk.core.errors import Cancelled, MediaError, VigdeskError
from vigdesk.services.media import ImportResult, MediaService
from vigdesk.services.session import Services
from vigdesk.ui.tasks import TaskContext


@dataclass(frozen=True)
class ImportOutcome:
    imported: tuple[ImportResult, ...]
    failed: tuple[tuple[str, str], ...]  # (file name, why), for files that are not usable video
    stopped: str = ""  # why the rest was not imported, when something stopped it part-way


def import_job(
    services: Services, case_id: str, paths: list[Path], task: TaskContext
) -> ImportOutcome:
    """Import `paths` one by one. A damaged or unsupported file is skipped and reported;
    anything else (consent, disk full, cancel) stops the run, keeping what was done."""
    imported: list[ImportResult] = []
    failed: list[tuple[str, str]] = []
    total = len(paths)
    for index, path in enumerate(paths):
        text = f"{path.name} ({index + 1}/{total})"

        def progress(fraction: float, index: int = index, text: str = text) -> None:
            task.progress((index + fraction) / total, text)

        try:
            task.raise_if_cancelled()
            progress(0.0)
            imported.append(
                services.media.import_footage(
                    case_id, path, progress=progress, cancelled=task.cancelled
                )
            )
        except MediaError as error:
            failed.append((path.name, str(error)))
        except OSError as error:  # e.g. the card was pulled out mid-way
            failed.append((path.name, error.strerror or str(error)))
        except (Cancelled, VigdeskError) as error:
            if not imported and not failed:
                raise
            return ImportOutcome(tuple(imported), tuple(failed), str(error))
    return ImportOutcome(tuple(imported), tuple(failed))


def delete_sources_job(paths: list[Path], task: TaskContext) -> list[tuple[str, str]]:
    """Overwrite and delete each original; returns (file name, why) for those that failed."""
    problems: list[tuple[str, str]] = []
    for index, path in enumerate(paths):
        task.progress(index / max(1, len(paths)), path.name)
        try:
            MediaService.delete_source(path)
        except VigdeskError as error:
            problems.append((path.name, str(error)))
    return problems
