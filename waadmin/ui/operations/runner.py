"""One long action at a time behind a cancellable progress dialog, and its outcome shown in a
non-modal box, for every controller that starts one (retries, cleanup, export, bulk actions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from waadmin.ui import retranslate
from waadmin.ui.long_operation import LongOperation
from waadmin.ui.tasks import TaskTracker


class LongActions(QObject):
    changed = Signal()  # an action started or ended: the commands' enabled states follow
    finished = Signal(object)  # what an action returned, or the error it failed with

    def __init__(self, parent: QWidget, tracker: TaskTracker, *, show_error: Callable[[BaseException], None], refresh: Callable[[], None]) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.tracker = tracker
        self.show_error = show_error
        self.refresh = refresh
        self.operation: LongOperation | None = None
        self.last_summary: QMessageBox | None = None

    @property
    def idle(self) -> bool:
        return self.operation is None

    def start(self, title: str, label: retranslate.TextBuilder | str, fn: Any, *args: Any, total: int | None = None, describe: Any = None, on_done: Any = None, **kwargs: Any) -> LongOperation:
        operation = LongOperation(self.parent_widget, self.tracker, title, label, fn, *args, total=total, describe=describe, **kwargs)
        self.operation = operation
        self.changed.emit()

        def finished(result: Any) -> None:
            self.operation = None
            self.changed.emit()
            if on_done is not None:
                on_done(result)
            self.finished.emit(result)
            self.refresh()

        def failed(error: BaseException) -> None:
            self.operation = None
            self.changed.emit()
            self.show_error(error)
            self.finished.emit(error)
            self.refresh()

        operation.finished.connect(finished)
        operation.failed.connect(failed)
        return operation

    def show_summary(self, title: str, text: retranslate.TextBuilder | str, *, warning: bool = False, parent: QWidget | None = None) -> None:
        """A long action's outcome, non-modal so the list stays usable; said again in the new
        language if it changes while the box is open (``text`` a builder)."""
        box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information, title, "", parent=parent or self.parent_widget)
        retranslate.keep(box, "text", text if callable(text) else (lambda: text), box.setText, box.text)
        box.setObjectName("summaryBox")
        box.open()
        self.last_summary = box
