"""Long work with a progress dialog the user can cancel: the work stops at its next safe point
(after the current chunk or the sends in flight) and the dialog waits for that, then reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from waadmin.engine.progress import Progress
from waadmin.ui import engine_text, retranslate
from waadmin.ui.tasks import Task, TaskTracker

# The dialog shows the newest progress at most this often. Each update repaints the progress
# bar at once (~1 ms); the worker reports every send, and reports queued while the window was
# busy used to be painted one after another, 60 ms in one go.
PROGRESS_INTERVAL_MS = 50


class LongOperation(QObject):
    finished = Signal(object)  # the work's result
    failed = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        tracker: TaskTracker,
        title: str,
        label: retranslate.TextBuilder | str,
        fn: Callable[..., Any],
        *args: Any,
        total: int | None = None,
        describe: Callable[[Progress], str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(parent)
        # The label is said again in the new language when it changes: its builder is kept
        # (the caller's, then the last progress's description).
        self._label: retranslate.TextBuilder = label if callable(label) else (lambda: label)
        self.dialog = QProgressDialog(self._label(), self.tr("Cancel"), 0, total or 0, parent)
        self.dialog.installEventFilter(self)
        self.dialog.setObjectName("longOperationDialog")
        self.dialog.setWindowTitle(title)
        # Not modal: a filtered retry of 100,000 attempts at the provider's pace runs for about
        # twenty minutes and staff keep using the window meanwhile (the other long actions stay
        # disabled until it ends, and quitting asks first).
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
        # Nor does it take the focus from the list: activating it would repaint the whole main
        # window in its inactive colours (~40 ms with a screen of selected rows).
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        self.dialog.canceled.disconnect()  # keep the dialog open until the work has really stopped
        self.dialog.canceled.connect(self.cancel)
        self.total = total
        self.describe = describe
        self.cancelled = False
        self._latest: Progress | None = None
        self._paint = QTimer(self)
        self._paint.setSingleShot(True)
        self._paint.setInterval(PROGRESS_INTERVAL_MS)
        self._paint.timeout.connect(self._show_latest)
        self.task: Task = tracker.run(
            fn, *args, on_result=self._done, on_error=self._error, on_progress=self._progress, with_progress=True, **kwargs
        )
        self.dialog.show()

    def cancel(self) -> None:
        if not self.cancelled:
            self.cancelled = True
            self.task.stop()
            self._set_label(lambda: self.tr("Stopping after the work in progress…"))

    def _progress(self, progress: Progress) -> None:
        self._latest = progress
        if not self._paint.isActive():
            self._paint.start()

    def _show_latest(self) -> None:
        progress, self._latest = self._latest, None
        if progress is None or not self.dialog.isVisible():
            return
        total = progress.total or self.total
        if total:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(progress.done, total))
        if not self.cancelled:
            describe = self.describe
            if describe is not None:
                self._set_label(lambda: describe(progress))
            elif progress.message:
                self._set_label(lambda: engine_text.translate(progress.message))

    def _set_label(self, build: retranslate.TextBuilder) -> None:
        self._label = build
        self.dialog.setLabelText(build())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.dialog and event.type() == QEvent.Type.LanguageChange:
            self.dialog.setLabelText(self._label())
        return False

    def _done(self, result: Any) -> None:
        self._paint.stop()
        self.dialog.close()
        self.finished.emit(result)

    def _error(self, error: BaseException) -> None:
        self._paint.stop()
        self.dialog.close()
        self.failed.emit(error)
