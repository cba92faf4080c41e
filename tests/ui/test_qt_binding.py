"""The Qt binding must not corrupt reference counts while charts draw: PySide6 6.12.0 released
True and None once per pyqtgraph paint, and the test run (or the app, at exit) aborted with
"deallocating None". Drawing a few hundred frames here shows such a binding at once."""

from __future__ import annotations

import sys

import pyqtgraph as pg


def test_drawing_charts_keeps_reference_counts(qtbot) -> None:
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show()
    before = sys.getrefcount(True), sys.getrefcount(None)
    for n in range(60):
        plot.plot([1, 2, 3], [n, 2, 3], clear=True)
        plot.grab()
    after = sys.getrefcount(True), sys.getrefcount(None)
    # Drawing may cache a few objects; a broken binding loses thousands of references.
    assert after[0] > before[0] - 100, (before, after)
    assert after[1] > before[1] - 500, (before, after)
