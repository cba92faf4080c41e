"""Background work for the GUI: every database or network call runs here, off the GUI thread.

A task is a plain function run by superqt's worker on the Qt thread pool; its result or error
comes back as a signal on the GUI thread. Long tasks receive a StopFlag and a progress
callback whose calls are delivered to the GUI thread as signals.
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QThreadPool, QTimer, Signal
from superqt.utils import create_worker

from waadmin.db.errors import DatabaseProblem
from waadmin.engine.progress import Progress, StopFlag
from waadmin.ui import engine_text

log = logging.getLogger(__name__)

# Enough threads that a long batch never starves list refreshes (the default is the core count).
POOL_THREADS = 8
# How much less CPU a task's thread gets than the GUI thread when both want it (Linux nice).
BACKGROUND_NICENESS = 10

_lowered = threading.local()


def lower_this_thread() -> None:
    """Give the calling thread less CPU than the GUI thread when they compete. On two cores
    the queries of the first seconds (filter menus, counts, work figures) ran four at once
    and the GUI thread got half a core: its first paints took twice as long. Threads the task
    starts inherit the priority (Linux). Once per pool thread: a lowered priority cannot be
    raised again without privileges, and every task is background work."""
    if getattr(_lowered, "done", False):
        return
    _lowered.done = True
    try:
        if sys.platform.startswith("linux"):
            # On Linux the nice value is per thread; Qt's priorities change nothing there.
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)
        else:
            QThread.currentThread().setPriority(QThread.Priority.LowPriority)
    except OSError as error:  # a sandbox that forbids it: the task runs at normal priority
        log.debug("could not lower a worker thread's priority: %s", error)


def _in_background(fn: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isgeneratorfunction(fn):
        return fn

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        lower_this_thread()
        return fn(*args, **kwargs)

    return run


def configure_pool() -> None:
    pool = QThreadPool.globalInstance()
    if pool.maxThreadCount() < POOL_THREADS:
        pool.setMaxThreadCount(POOL_THREADS)


def user_message(error: BaseException) -> str:
    """What to tell a person about an error from a task."""
    if isinstance(error, DatabaseProblem):
        return engine_text.translate(error.message)
    if isinstance(error, ValueError):
        return engine_text.translate(str(error))
    return f"{type(error).__name__}: {error}"


class _Relay(QObject):
    progressed = Signal(object)


def owner_of(*callbacks: Callable[..., Any] | None) -> QObject | None:
    """The Qt object a callback works on: a bound method's object, or the ``self`` a lambda
    closed over. A result is only delivered while that object still exists, so a query that
    ends after its view was closed is dropped instead of touching a deleted widget."""
    for callback in callbacks:
        if callback is None:
            continue
        bound = getattr(callback, "__self__", None)
        if isinstance(bound, QObject):
            return bound
        for cell in getattr(callback, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, QObject):
                return value
    return None


class _FinishedWorkers:
    """Keeps each finished worker until the pool has deleted its runnable, then lets it go here,
    on the GUI thread.

    The pool deletes a runnable on its own thread once run() has returned. If that dropped the
    last reference to the Python worker, the worker and its signals object (a QObject of the GUI
    thread) were freed on the pool's thread: PySide then deletes such a QObject later, and the
    GUI thread's deferred delete found its Python side already gone and crashed (seen in the
    GUI tests once task threads ran at a lower priority and finished later)."""

    CHECK_MS = 250

    def __init__(self) -> None:
        self._kept: list[Any] = []
        self._timer: QTimer | None = None

    def keep(self, worker: Any) -> None:
        self._kept.append(worker)
        if self._timer is None:
            self._timer = QTimer()
            self._timer.setInterval(self.CHECK_MS)
            self._timer.timeout.connect(self.release_done)
        if not self._timer.isActive():
            self._timer.start()

    def release_done(self) -> None:
        """Drop the workers whose runnable the pool has deleted (the thread is done with it)."""
        self._kept = [worker for worker in self._kept if shiboken6.isValid(worker)]
        if not self._kept and self._timer is not None:
            self._timer.stop()


_finished_workers = _FinishedWorkers()


class Task(QObject):
    """A running background call. Keep a reference while it runs (TaskTracker does)."""

    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    progressed = Signal(object)  # Progress
    ended = Signal()

    def __init__(self, fn: Callable[..., Any], *args: Any, with_progress: bool = False, **kwargs: Any) -> None:
        super().__init__()
        self.stop_flag = StopFlag()
        self.owner: QObject | None = None
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._on_progress)
        if with_progress:
            kwargs.setdefault("progress", self._relay.progressed.emit)
            kwargs.setdefault("stop", self.stop_flag)
        self._worker = create_worker(_in_background(fn), *args, _start_thread=False, _ignore_errors=True, **kwargs)
        self._worker.returned.connect(self._on_result)
        self._worker.errored.connect(self._on_error)
        self._worker.finished.connect(self._on_finished)
        self.running = False

    def _owner_alive(self) -> bool:
        return self.owner is None or shiboken6.isValid(self.owner)

    def _on_result(self, value: Any) -> None:
        if self._owner_alive():
            self.succeeded.emit(value)

    def _on_progress(self, progress: Any) -> None:
        if self._owner_alive():
            self.progressed.emit(progress)

    def _on_error(self, error: BaseException) -> None:
        if not isinstance(error, DatabaseProblem | ValueError):
            log.error("background task failed", exc_info=(type(error), error, error.__traceback__))
        if self._owner_alive():
            self.failed.emit(error)

    def _on_finished(self) -> None:
        self.running = False
        _finished_workers.keep(self._worker)
        self.ended.emit()

    def start(self) -> Task:
        self.running = True
        self._worker.start()
        return self

    def stop(self) -> None:
        self.stop_flag.set()


class TaskTracker(QObject):
    """Keeps tasks alive until they end and says whether any is running (for busy indicators)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: set[Task] = set()

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        with_progress: bool = False,
        owner: QObject | None = None,
        **kwargs: Any,
    ) -> Task:
        task = Task(fn, *args, with_progress=with_progress or on_progress is not None, **kwargs)
        task.owner = owner if owner is not None else owner_of(on_result, on_error, on_progress)
        if on_result is not None:
            task.succeeded.connect(on_result)
        if on_error is not None:
            task.failed.connect(on_error)
        if on_progress is not None:
            task.progressed.connect(on_progress)
        was_busy = bool(self._tasks)
        self._tasks.add(task)
        task.ended.connect(self._forget)
        task.start()
        if not was_busy:
            self.busy_changed.emit(True)
        return task

    def _forget(self) -> None:
        task = self.sender()
        if not isinstance(task, Task):
            return
        self._tasks.discard(task)
        # Deleted by Qt on this thread, with its connections, rather than left to the
        # cycle collector in some other thread (see gc_guard).
        task.deleteLater()
        if not self._tasks:
            self.busy_changed.emit(False)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def stop_all(self) -> None:
        for task in list(self._tasks):
            task.stop()

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """Wait for the running tasks and deliver their results, so nothing arrives later."""
        done = QThreadPool.globalInstance().waitForDone(msecs)
        QCoreApplication.sendPostedEvents()
        _finished_workers.release_done()
        return done
