"""The one helper for background work (Anki's CollectionOp/QueryOp).

A task is a plain function `fn(ctx) -> result` run on a worker thread. It gets a
Qt-free `TaskContext` to report progress and to see a cancel request, so core and
service code never imports Qt. Results, failures and progress come back on the GUI
thread through queued signals. Work goes to one of three queues by kind:

- reads, decoding and hashing (the default): a thread pool;
- `serial=True`, small database writes: one dedicated thread, one task at a time, in
  submission order, so a save never waits behind long work;
- `heavy=True`, long jobs over files (seal/import, cut, stills, export, sync, sweep and
  erasure, which shred): their own single worker, one at a time in order, with
  progress and cancel. Their short database steps take the `Database` lock, so they
  never interleave with a write.

Screens never subclass QThread.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from vigdesk.core.changes import Changed
from vigdesk.core.errors import Cancelled
from vigdesk.ui.events import AppEvents
from vigdesk.ui.failures import Failure, describe, show_failure

T = TypeVar("T")
ProgressCallback = Callable[[float | None, str], None]
_PROGRESS_INTERVAL_S = 0.05


class TaskContext:
    """What the background function may touch: progress and cancel. Any thread."""

    def __init__(self, report: ProgressCallback, cancel: threading.Event) -> None:
        self._report = report
        self._cancel = cancel
        self._last = 0.0

    def progress(self, fraction: float | None, text: str = "") -> None:
        """Report `fraction` (0–1, None when unknown) and a short line; throttled to 20/s."""
        now = time.monotonic()
        final = fraction is not None and fraction >= 1.0
        if final or now - self._last >= _PROGRESS_INTERVAL_S:
            self._last = now
            self._report(fraction, text)

    def cancelled(self) -> bool:
        """True once the user (or a lock) asked to stop; check between units of work."""
        return self._cancel.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise `Cancelled` when cancel was requested (roll back before letting it out)."""
        if self._cancel.is_set():
            raise Cancelled("Cancelled.")


class TaskHandle:
    """The caller's grip on a submitted task. GUI thread only."""

    def __init__(self, cancel: threading.Event) -> None:
        self._cancel = cancel
        self._discarded = False
        self.finished = False

    def cancel(self) -> None:
        """Ask the task to stop; it ends with a `Cancelled` failure if it honours it."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def discard(self) -> None:
        """Cancel and never deliver the outcome (used when the vault locks)."""
        self._discarded = True
        self._cancel.set()

    @property
    def discarded(self) -> bool:
        return self._discarded


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, queued slots deliver."""

    succeeded = Signal(object)
    failed = Signal(object, str)
    progressed = Signal(object, str)

    def __init__(self, deliver: _Delivery[Any]) -> None:
        super().__init__()
        self._deliver = deliver
        queued = Qt.ConnectionType.QueuedConnection
        self.succeeded.connect(self._on_succeeded, queued)
        self.failed.connect(self._on_failed, queued)
        self.progressed.connect(self._on_progressed, queued)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._deliver.success(result)

    @Slot(object, str)
    def _on_failed(self, error: BaseException, details: str) -> None:
        self._deliver.failure(error, details)

    @Slot(object, str)
    def _on_progressed(self, fraction: float | None, text: str) -> None:
        self._deliver.progress(fraction, text)


class _Delivery(Generic[T]):
    """Calls the caller's callbacks on the GUI thread unless the task was discarded."""

    def __init__(
        self,
        runner: TaskRunner,
        handle: TaskHandle,
        on_success: Callable[[T], None],
        on_failure: Callable[[Failure], None] | None,
        on_progress: ProgressCallback | None,
        changes: frozenset[Changed],
        owner: QObject | None,
    ) -> None:
        self._runner = runner
        self.handle = handle
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        self._changes = changes
        self._owner = owner

    def _live(self) -> bool:
        owner_gone = self._owner is not None and not shiboken6.isValid(self._owner)
        return not self.handle.discarded and not owner_gone

    def success(self, result: T) -> None:
        self._runner._finish(self)
        if self._live():
            self._on_success(result)
            if self._runner.events is not None:
                self._runner.events.announce_changes(self._changes)

    def failure(self, error: BaseException, details: str) -> None:
        self._runner._finish(self)
        if not self._live():
            return
        failure = describe(error, details)
        if self._on_failure is not None:
            self._on_failure(failure)
        else:
            owner = self._owner if isinstance(self._owner, QWidget) else None
            show_failure(failure, owner)

    def progress(self, fraction: float | None, text: str) -> None:
        if self._on_progress is not None and not self.handle.finished and self._live():
            self._on_progress(fraction, text)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[TaskContext], Any], ctx: TaskContext, relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._ctx = ctx
        self._relay = relay

    def run(self) -> None:
        try:
            self._ctx.raise_if_cancelled()
            result = self._fn(self._ctx)
        except BaseException as error:
            outcome: tuple[Any, ...] = (error, "".join(traceback.format_exception(error)))
            signal = self._relay.failed
        else:
            outcome, signal = (result,), self._relay.succeeded
        try:
            signal.emit(*outcome)
        except RuntimeError:  # the app quit under the job: nobody is left to tell
            if shiboken6.isValid(self._relay):
                raise


class TaskRunner(QObject):
    """Runs background functions; create and call on the GUI thread.

    `busy_changed(bool)` says whether any task is in flight (for a global indicator).
    """

    busy_changed = Signal(bool)

    def __init__(
        self,
        events: AppEvents | None = None,
        parent: QObject | None = None,
        *,
        max_threads: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.events = events
        self._pool = QThreadPool(self)
        if max_threads is not None:
            self._pool.setMaxThreadCount(max(1, max_threads))
        self._serial = QThreadPool(self)
        self._serial.setMaxThreadCount(1)
        self._heavy = QThreadPool(self)
        self._heavy.setMaxThreadCount(1)
        self._active: dict[TaskHandle, tuple[_Delivery[Any], _Relay]] = {}

    def run(
        self,
        fn: Callable[[TaskContext], T],
        *,
        on_success: Callable[[T], None],
        on_failure: Callable[[Failure], None] | None = None,
        on_progress: ProgressCallback | None = None,
        serial: bool = False,
        heavy: bool = False,
        changes: Iterable[Changed] = (),
        owner: QObject | None = None,
    ) -> TaskHandle:
        """Start `fn(ctx)` off the GUI thread and return its handle.

        `on_success(result)` runs on the GUI thread, then `data_changed(changes)` is
        announced. `on_failure(Failure)` likewise; without it a message box shows the
        failure (parented to `owner` when that is a widget). Nothing is delivered once
        `owner` is deleted or the handle is discarded. `serial=True` for small database
        writes, `heavy=True` for long work over files (see the module docstring).
        """
        if serial and heavy:
            raise ValueError("a task goes to one queue: serial or heavy")
        cancel = threading.Event()
        handle = TaskHandle(cancel)
        delivery = _Delivery(
            self, handle, on_success, on_failure, on_progress, frozenset(changes), owner
        )
        relay = _Relay(delivery)
        ctx = TaskContext(relay.progressed.emit, cancel)
        was_busy = bool(self._active)
        self._active[handle] = (delivery, relay)
        pool = self._serial if serial else self._heavy if heavy else self._pool
        pool.start(_Job(fn, ctx, relay))
        if not was_busy:
            self.busy_changed.emit(True)
        return handle

    @property
    def active_count(self) -> int:
        return len(self._active)

    def cancel_all(self) -> None:
        """Cancel every task in flight and drop their outcomes (the vault is locking)."""
        for handle in list(self._active):
            handle.discard()

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until every queue is idle; only for shutdown and tests."""
        return bool(
            self._pool.waitForDone(msecs)
            and self._heavy.waitForDone(msecs)
            and self._serial.waitForDone(msecs)
        )

    def wait_for_heavy(self, msecs: int = -1) -> bool:
        """Block until the heavy queue is idle. Any thread: closing the vault waits on
        the database queue for heavy work to let go of it."""
        return bool(self._heavy.waitForDone(msecs))

    def _finish(self, delivery: _Delivery[Any]) -> None:
        delivery.handle.finished = True
        entry = self._active.pop(delivery.handle, None)
        if entry is not None:
            entry[1].deleteLater()
        if not self._active:
            self.busy_changed.emit(False)
