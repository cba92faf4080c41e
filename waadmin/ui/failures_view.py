"""The Failures tab: failed attempts grouped by error code and message shape, biggest first.
Opening a group shows its attempts in the list, where they can be retried or cancelled."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from waadmin.db.database import Database
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.statuses import Status
from waadmin.engine import failures
from waadmin.ui import labels, retranslate, timefmt
from waadmin.ui.session import Session
from waadmin.ui.tasks import TaskTracker, user_message

RowIndex = QModelIndex | QPersistentModelIndex


class FailuresModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("FailuresModel", "Count"),
        QT_TRANSLATE_NOOP("FailuresModel", "Error code"),
        QT_TRANSLATE_NOOP("FailuresModel", "Message (numbers and ids stripped)"),
        QT_TRANSLATE_NOOP("FailuresModel", "First seen"),
        QT_TRANSLATE_NOOP("FailuresModel", "Last seen"),
        QT_TRANSLATE_NOOP("FailuresModel", "Message types"),
        QT_TRANSLATE_NOOP("FailuresModel", "Regions"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.groups: list[failures.FailureGroup] = []
        self.time_zone = "local"

    def set_groups(self, groups: list[failures.FailureGroup]) -> None:
        self.beginResetModel()
        self.groups = groups
        self.endResetModel()

    def rowCount(self, parent: RowIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.groups)

    def columnCount(self, parent: RowIndex = QModelIndex()) -> int:  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("FailuresModel", self.HEADERS[section])
        return None

    def data(self, index: RowIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        group = self.groups[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return QLocale().toString(group.count)
            if column == 1:
                return labels.error_code(group.error_code) or "—"
            if column == 2:
                return group.template or "—"
            if column == 3:
                return timefmt.absolute(group.first_seen, self.time_zone)
            if column == 4:
                return timefmt.absolute(group.last_seen, self.time_zone)
            if column == 5:
                return ", ".join(f"{labels.message_type(k)} {n}" for k, n in group.message_types.most_common(3))
            if column == 6:
                auto = QCoreApplication.translate("FailuresModel", "automatic")
                return ", ".join(f"{k or auto} {n}" for k, n in group.regions.most_common(3))
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            # The stored code, for the CLI's --error-code.
            return QCoreApplication.translate("FailuresModel", "Error code: {code}").format(code=group.error_code) if group.error_code else None
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return group.example
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class FailuresView(QWidget):
    show_group = Signal(object)  # the AttemptFilter of the chosen group

    SCOPES = (
        ("all", QT_TRANSLATE_NOOP("FailuresView", "Retrying and final")),
        ("final", QT_TRANSLATE_NOOP("FailuresView", "Failed permanently")),
        ("retry", QT_TRANSLATE_NOOP("FailuresView", "Retry scheduled")),
    )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "scope"):
            for index, (_key, label) in enumerate(self.SCOPES):
                self.scope.setItemText(index, QCoreApplication.translate("FailuresView", label))
            self._fit_code_column()

    def _fit_code_column(self) -> None:
        """The error code column as wide as its longest label in the current language."""
        metrics = self.table.fontMetrics()
        width = max(metrics.horizontalAdvance(labels.error_code(code)) for code in labels.ERROR_CODES) + 16
        self.table.setColumnWidth(1, max(120, width))

    def __init__(self, session: Session, tracker: TaskTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("failuresView")
        self.session = session
        self.tracker = tracker
        self.database: Database | None = None
        self._generation = 0
        self.model = FailuresModel(self)
        self.scope = QComboBox()
        self.scope.setObjectName("failuresScope")
        for key, label in self.SCOPES:
            self.scope.addItem(QCoreApplication.translate("FailuresView", label), key)
        self.scope.currentIndexChanged.connect(lambda _: self.reload())
        self.open_button = QPushButton(self.tr("Show these attempts"))
        self.open_button.setObjectName("failuresShow")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_current)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.reload)
        self.summary = QLabel()
        self.summary.setObjectName("failuresSummary")
        self.table = QTableView()
        self.table.setObjectName("failuresTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((70, 120, 460, 130, 130, 260, 160)):
            self.table.setColumnWidth(column, width)
        self._fit_code_column()
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.open_button.setEnabled(self._current_row() is not None))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Failures:")))
        top.addWidget(self.scope)
        top.addWidget(self.summary, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def set_database(self, database: Database | None) -> None:
        self.database = database
        self.model.set_groups([])
        if self.isVisible():
            self.reload()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.reload()

    def _scope_filter(self) -> AttemptFilter:
        key = self.scope.currentData()
        if key == "final":
            return AttemptFilter(statuses=frozenset({Status.FAILED_FINAL}))
        if key == "retry":
            return AttemptFilter(statuses=frozenset({Status.FAILED_RETRY}))
        return AttemptFilter()

    def reload(self) -> None:
        if self.database is None:
            return
        self._generation += 1
        generation = self._generation
        self.summary.setText(self.tr("Grouping…"))
        self.tracker.run(
            failures.group_failures,
            self.database,
            self._scope_filter(),
            on_result=lambda groups: self._show(generation, groups),
            on_error=self._failed,
        )

    def _show(self, generation: int, groups: list[failures.FailureGroup]) -> None:
        if generation != self._generation:
            return
        self.model.set_groups(groups)
        total = sum(g.count for g in groups)
        retranslate.set_text(self.summary, lambda: self.tr("%Ln failed attempts in {groups} groups", "", total).format(groups=len(groups)))
        self.open_button.setEnabled(self._current_row() is not None)

    def _failed(self, error: BaseException) -> None:
        if not self.session.report_problem(error):
            retranslate.set_text(self.summary, lambda: "❌ " + user_message(error))

    def _current_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _open_current(self) -> None:
        row = self._current_row()
        if row is not None:
            self._open_row(row)

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.model.groups):
            self.show_group.emit(self.model.groups[row].attempts_filter(self._scope_filter()))
