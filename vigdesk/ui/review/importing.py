"""Import footage into the case (from the file dialog or dropped files), then offer to
delete the originals, and decode-check each new video in the background. The work runs
in tasks with progress. Functions named `*_job` run on a worker thread and call
services only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vigdesk.core.errors import (
    Cancelled,
    ConsentRequired,
    Locked,
    StorageFull,
    StorageReadOnly,
    VigdeskError,
)
from vigdesk.core.ids import CaseId, MediaId, PersonId
from vigdesk.core.media_checks import MediaCheck
from vigdesk.media.decode_check import DecodeReport
from vigdesk.services.media import ImportResult, MediaService
from vigdesk.services.session import Services
from vigdesk.ui.tasks import TaskContext

# Errors that stop the rest of a batch: every later file would fail the same way.
_STOPPING = (Cancelled, ConsentRequired, Locked, StorageFull, StorageReadOnly)


@dataclass(frozen=True)
class FileOutcome:
    """What became of one chosen file: `result` if imported, else `why` it was not."""

    name: str
    result: ImportResult | None = None
    why: str = ""


@dataclass(frozen=True)
class ImportOutcome:
    """One entry per chosen file, in the order chosen."""

    files: tuple[FileOutcome, ...]
    stopped: str = ""  # why the files after a stop were not tried

    @property
    def imported(self) -> tuple[ImportResult, ...]:
        return tuple(f.result for f in self.files if f.result is not None)


def import_job(
    services: Services,
    case_id: CaseId,
    paths: list[Path],
    task: TaskContext,
    appearing: list[PersonId] | None = None,
) -> ImportOutcome:
    """Import `paths` one by one, each showing the people in `appearing` (None: the
    whole family); each file is imported or refused on its own. A cancel, missing
    consent or a full disk stops the run (raised if nothing was done yet); the files not
    tried are listed with that reason."""
    files: list[FileOutcome] = []
    total = len(paths)
    for index, path in enumerate(paths):
        text = f"{path.name} ({index + 1}/{total})"

        def progress(fraction: float, index: int = index, text: str = text) -> None:
            task.progress((index + fraction) / total, text)

        try:
            task.raise_if_cancelled()
            progress(0.0)
            result = services.media.import_footage(
                case_id, path, appearing=appearing, progress=progress, cancelled=task.cancelled
            )
        except _STOPPING as error:
            if not files:
                raise
            rest = tuple(FileOutcome(p.name) for p in paths[index:])
            return ImportOutcome((*files, *rest), str(error))
        except VigdeskError as error:
            files.append(FileOutcome(path.name, why=str(error)))
        except OSError as error:  # e.g. the card was pulled out mid-way
            files.append(FileOutcome(path.name, why=error.strerror or str(error)))
        else:
            files.append(FileOutcome(path.name, result))
    return ImportOutcome(tuple(files))


def check_job(services: Services, media_id: MediaId, task: TaskContext) -> DecodeReport:
    """Decode every frame of the new footage from its sealed copy (reads only: pool)."""
    return services.media.decode_footage(
        media_id, progress=lambda fraction: task.progress(fraction), cancelled=task.cancelled
    )


def record_check_job(services: Services, media_id: MediaId, report: DecodeReport) -> MediaCheck:
    """Store what the check found with the footage (a write: serial)."""
    return services.media.record_check(media_id, report)


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
