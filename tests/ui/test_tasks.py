"""Background tasks: results on the GUI thread, worker threads below the GUI thread's priority."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from waadmin.ui.tasks import BACKGROUND_NICENESS, TaskTracker


def _niceness() -> tuple[str, int]:
    return threading.current_thread().name, os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")
def test_tasks_run_below_the_gui_threads_priority_and_the_gui_thread_keeps_its_own(qtbot) -> None:
    gui_before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    tracker = TaskTracker()
    results: list[tuple[str, int]] = []
    for _ in range(3):  # pool threads are reused: lowered once, still lowered
        tracker.run(_niceness, on_result=results.append, owner=tracker)
    qtbot.waitUntil(lambda: len(results) == 3, timeout=5000)
    assert tracker.wait_idle(5000)
    expected = min(gui_before + BACKGROUND_NICENESS, 19)
    assert [nice for _name, nice in results] == [expected] * 3
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == gui_before



def test_finished_workers_are_freed_on_the_gui_thread(qtbot) -> None:
    """A worker freed on a pool thread took its signals object (a GUI-thread QObject) with it,
    and PySide's deferred delete of that object later crashed the app (gdb: ~QObject of a
    superqt WorkerBaseSignals looking up a freed wrapper). That race needs the pool thread to
    finish late, which a test cannot arrange every time; this checks where workers end up."""
    import gc
    import weakref

    tracker = TaskTracker()
    freed_on: list[str] = []
    results: list[int] = []
    for n in range(20):
        task = tracker.run(lambda n=n: n, on_result=results.append, owner=tracker)
        weakref.finalize(task._worker, lambda: freed_on.append(threading.current_thread().name))
        del task
    qtbot.waitUntil(lambda: len(results) == 20, timeout=5000)
    assert tracker.wait_idle(5000)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del tracker
    gc.collect()
    assert freed_on and set(freed_on) == {threading.main_thread().name}
