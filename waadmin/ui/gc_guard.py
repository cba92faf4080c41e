"""Cyclic garbage collection on the GUI thread only.

Python runs the cycle collector in whichever thread happens to allocate when a threshold is
crossed. When that is a worker thread and the garbage holds a Qt widget (a closed dialog, a
replaced chart), shiboken hands the C++ deletion to the GUI thread while the worker holds the
GIL, and the two threads can deadlock; at exit the same late collection crashes the
interpreter. So the automatic collector is switched off while the app runs and a timer on the
GUI thread collects with the same generation thresholds Python would have used.

What exists once the window is built (modules, classes, Qt wrappers: ~150,000 objects) is then
frozen out of collection: a full collection had to walk all of it, 64 ms of frozen window every
minute or so. Freezing stops nothing from being freed by reference counting; only cycles among
those startup objects would wait for release().
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self.arm()

    def arm(self) -> None:
        gc.disable()
        self._timer.start()

    def check(self) -> None:
        counts = gc.get_count()
        generation = -1
        for level in range(3):
            if counts[level] > self._thresholds[level]:
                generation = level
            else:
                break
        if generation >= 0:
            gc.collect(generation)

    def settle(self) -> None:
        """The app is built: collect its start-up garbage, then leave the survivors out of every
        later collection."""
        gc.collect()
        gc.freeze()

    def release(self) -> None:
        """Give collection back to Python (the app is quitting or a test is done with Qt)."""
        self._timer.stop()
        gc.unfreeze()
        gc.collect()
        if self._was_enabled:
            gc.enable()


def install(app: QObject) -> MainThreadCollector:
    existing = app.findChild(MainThreadCollector)
    if existing is not None:
        existing.arm()
        return existing
    collector = MainThreadCollector(app)
    collector.setObjectName("waadmin-gc")
    return collector
