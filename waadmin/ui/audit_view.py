"""The Audit tab: every change made through waadmin on this database — who, when, what, how
many rows, the result — newest first, with filters."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget

from waadmin.db.audit_store import AuditRow
from waadmin.domain import audit_actions
from waadmin.domain.filters import AttemptFilter
from waadmin.ui import engine_text, labels, retranslate, timefmt
from waadmin.ui.session import Session
from waadmin.ui.tasks import TaskTracker, user_message

RowIndex = QModelIndex | QPersistentModelIndex


class AuditModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("AuditModel", "When"),
        QT_TRANSLATE_NOOP("AuditModel", "Who"),
        QT_TRANSLATE_NOOP("AuditModel", "From"),
        QT_TRANSLATE_NOOP("AuditModel", "Action"),
        QT_TRANSLATE_NOOP("AuditModel", "Target"),
        QT_TRANSLATE_NOOP("AuditModel", "Rows"),
        QT_TRANSLATE_NOOP("AuditModel", "Result"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []
        self.time_zone = "local"

    def row(self, number: int) -> AuditRow | None:
        return self.rows[number] if 0 <= number < len(self.rows) else None

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: RowIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: RowIndex = QModelIndex()) -> int:  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("AuditModel", self.HEADERS[section])
        return None

    def data(self, index: RowIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        values = (
            timefmt.absolute(row.at, self.time_zone, seconds=True),
            row.os_user,
            f"{row.interface} · {row.host}",
            labels.audit_action(row.action),
            labels.audit_target(row.target),
            QLocale().toString(row.row_count),
            labels.audit_result(row.result),
        )
        if role == Qt.ItemDataRole.DisplayRole:
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (3, 6):
            # The stored code, as the CLI's --action and the audit file know it.
            code = row.action if index.column() == 3 else row.result
            return QCoreApplication.translate("AuditModel", "Code: {code}").format(code=code)
        if role == Qt.ItemDataRole.ToolTipRole:
            return json.dumps(row.details, ensure_ascii=False, indent=1, default=str)[:2000] + f"\nwaadmin {row.app_version}"
        return None


def attempt_ids_of(row: AuditRow | None) -> list[int]:
    """The attempts an entry changed, where it kept them (retry runs do)."""
    details = row.details if row is not None and isinstance(row.details, dict) else {}
    ids = details.get("attempt_ids") or []
    return [int(i) for i in ids if isinstance(i, int | str) and str(i).isdigit()]


class AuditView(QWidget):
    show_attempts = Signal(object)  # an AttemptFilter selecting the entry's attempts

    def __init__(self, session: Session, tracker: TaskTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditView")
        self.session = session
        self.tracker = tracker
        self.model = AuditModel(self)
        self._generation = 0
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.action.addItem(self.tr("All actions"), "")
        for name in audit_actions.KNOWN:
            self.action.addItem(labels.audit_action(name), name)
        self.action.currentIndexChanged.connect(lambda _: self.reload())
        self.search = QLineEdit()
        self.search.setObjectName("auditSearch")
        self.search.setPlaceholderText(self.tr("Search user, action or target…"))
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _: self._timer.start())
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        self.where = QLabel()
        self.where.setObjectName("auditWhere")
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        for column, width in enumerate((150, 110, 170, 190, 420, 60)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.show_button = QPushButton(self.tr("Show these attempts"))
        self.show_button.setObjectName("auditShowAttempts")
        self.show_button.setToolTip(self.tr("The attempts the selected entry changed, in the list"))
        self.show_button.setEnabled(False)
        self.show_button.clicked.connect(self._show_attempts)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_show())
        self.table.doubleClicked.connect(lambda _: self._show_attempts())
        top = QHBoxLayout()
        top.addWidget(self.action)
        top.addWidget(self.search, 1)
        top.addWidget(self.show_button)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.where)

    def _selected(self) -> AuditRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _update_show(self) -> None:
        self.show_button.setEnabled(bool(attempt_ids_of(self._selected())))

    def _show_attempts(self) -> None:
        ids = attempt_ids_of(self._selected())
        if ids:
            self.show_attempts.emit(AttemptFilter(ids=frozenset(ids)))

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        audit = self.session.audit
        if audit is None:
            return
        self._generation += 1
        generation = self._generation
        self.tracker.run(
            audit.entries,
            action=self.action.currentData() or None,
            search=self.search.text(),
            on_result=lambda rows: self._show(generation, rows),
            on_error=lambda error: retranslate.set_text(self.where, lambda: "❌ " + user_message(error)),
        )

    def _show(self, generation: int, rows: list[AuditRow]) -> None:
        if generation != self._generation:
            return
        self.model.set_rows(rows)
        audit = self.session.audit
        if audit is not None and audit.fallback_reason:
            path, reason = audit.local_file, audit.fallback_reason
            retranslate.set_text(
                self.where, lambda: "⚠️ " + self.tr("Audit entries are kept in a local file ({path}) because {reason}.").format(path=path, reason=engine_text.translate(reason))
            )
        else:
            retranslate.set_text(self.where, lambda: self.tr("{n} entries shown").format(n=len(rows)))
