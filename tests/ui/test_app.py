"""Starting the desktop app: the window paints before the first queries start."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from waadmin.ui.app import _AfterFirstPaint, start


class _FirstPaint(QObject):
    """Notes, at the window's first paint, whether the session had begun connecting."""

    def __init__(self, window: QWidget, session) -> None:
        super().__init__(window)
        self.window, self.session = window, session
        self.connecting_when_painted: bool | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.Paint and self.connecting_when_painted is None:
            self.connecting_when_painted = self.session.request is not None
        return False


def test_the_window_paints_before_the_connection_starts_then_shows_the_list(qtbot, demo_db, answers) -> None:
    context = start(demo_db)
    qtbot.addWidget(context.window)
    first_paint = _FirstPaint(context.window, context.session)
    context.window.installEventFilter(first_paint)
    qtbot.waitUntil(lambda: context.window.attempts.model.rowCount() > 0, timeout=10_000)
    assert first_paint.connecting_when_painted is False
    context.window.close()
    context.tracker.wait_idle(10_000)
    context.session.close()


def test_a_window_the_platform_never_paints_still_connects_once(qtbot) -> None:
    widget = QWidget()  # never shown: no paint will come
    qtbot.addWidget(widget)
    runs: list[int] = []
    _AfterFirstPaint(widget, lambda: runs.append(1))
    qtbot.waitUntil(lambda: runs == [1], timeout=_AfterFirstPaint.FALLBACK_MS + 2000)
    widget.show()
    qtbot.waitExposed(widget)
    widget.repaint()
    # Nothing happened: a second run would be queued by the paint as a zero timer; one queued
    # after it fires after it.
    marker: list[int] = []
    QTimer.singleShot(0, lambda: marker.append(1))
    qtbot.waitUntil(lambda: marker == [1], timeout=5000)
    assert runs == [1]
