"""The webhooks tab: delivery and read reports as received, whether they were applied, and the
tools to apply them again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from waadmin.db.database import Database
from waadmin.db.rows import WebhookRow
from waadmin.domain.filters import WebhookFilter
from waadmin.engine import shown_answers
from waadmin.ui import engine_text, labels, retranslate, timefmt
from waadmin.ui.json_text import compact_json
from waadmin.ui.tasks import TaskTracker

PAGE = 500
RowIndex = QModelIndex | QPersistentModelIndex


class WebhooksModel(QAbstractTableModel):
    failed = Signal(object)
    loaded = Signal()

    HEADERS = (
        QT_TRANSLATE_NOOP("WebhooksModel", "ID"),
        QT_TRANSLATE_NOOP("WebhooksModel", "Received"),
        QT_TRANSLATE_NOOP("WebhooksModel", "Provider message id"),
        QT_TRANSLATE_NOOP("WebhooksModel", "Type"),
        QT_TRANSLATE_NOOP("WebhooksModel", "Status"),
        QT_TRANSLATE_NOOP("WebhooksModel", "Processed"),
        QT_TRANSLATE_NOOP("WebhooksModel", "Attempt"),
        QT_TRANSLATE_NOOP("WebhooksModel", "Processing error"),
        QT_TRANSLATE_NOOP("WebhooksModel", "Payload"),
    )

    def __init__(self, tracker: TaskTracker, parent: Any = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self.database: Database | None = None
        self.filter = WebhookFilter()
        self.time_zone = "local"
        self.rows: list[WebhookRow] = []
        self.payloads: list[str] = []  # each row's payload as shown: masked (waadmin.engine.shown_answers)
        self._generation = 0
        self._exhausted = True
        self._fetching = False
        self.stale = False  # set for another database, not read yet

    def set_database(self, database: Database | None, *, load: bool = True) -> None:
        """``load=False`` for a tab not on screen: its first rows are read when it is shown
        (see ``stale``) rather than alongside the list's at connection."""
        self.database = database
        if load:
            self.reload()
        else:
            self._forget_rows(stale=database is not None)

    def set_filter(self, flt: WebhookFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        self._forget_rows(stale=False)
        self._fetch()

    def _forget_rows(self, *, stale: bool) -> None:
        self._generation += 1
        self.stale = stale
        self.beginResetModel()
        self.rows = []
        self.payloads = []
        # A stale model fetches nothing until it is reloaded (the view would ask as it scrolls).
        self._exhausted = stale or self.database is None
        self._fetching = False
        self.endResetModel()

    def canFetchMore(self, parent: RowIndex = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: RowIndex = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._fetch()

    def _fetch(self) -> None:
        if self.database is None or self._exhausted or self._fetching:
            return
        self._fetching = True
        generation = self._generation
        before = self.rows[-1].id if self.rows else None
        self.tracker.run(
            shown_answers.list_webhooks,
            self.database,
            self.filter,
            before_id=before,
            limit=PAGE,
            on_result=lambda rows: self._on_rows(generation, rows),
            on_error=lambda error: self._on_error(generation, error),
        )

    def _on_error(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._fetching = False
            self.failed.emit(error)

    def _on_rows(self, generation: int, page: shown_answers.ShownWebhooks) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        rows = page.rows
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.payloads.extend(compact_json(p) for p in page.payloads)
            self.endInsertRows()
        self._exhausted = len(rows) < PAGE
        self.loaded.emit()

    def rowCount(self, parent: RowIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: RowIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return QCoreApplication.translate("WebhooksModel", self.HEADERS[section])
        return None

    def data(self, index: RowIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 7:
            return engine_text.translate(row.processing_error) or None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 8:
            return self.payloads[index.row()] or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            str(row.id),
            timefmt.absolute(row.received_at, self.time_zone, seconds=True),
            row.provider_message_id,
            labels.webhook_type(row.webhook_type),
            labels.webhook_status(row.status),
            QCoreApplication.translate("WebhooksModel", "yes") if row.processed else QCoreApplication.translate("WebhooksModel", "no"),
            str(row.message_attempt_id) if row.message_attempt_id else "",
            engine_text.translate(row.processing_error),
            self.payloads[index.row()],
        )
        return values[index.column()]


class WebhooksView(QWidget):
    open_attempt = Signal(int)
    reprocess_requested = Signal(object)  # list of ids, or None for all unprocessed
    load_failed = Signal(object)

    def fit_label_columns(self) -> None:
        """Type and status as wide as their longest label in the current language ("Accusé de
        livraison" wrapped in the English width)."""
        metrics = self.table.fontMetrics()
        for column, names in ((3, labels.WEBHOOK_TYPES), (4, labels.WEBHOOK_STATUSES)):
            width = max(metrics.horizontalAdvance(QCoreApplication.translate("labels", text)) for text in names.values()) + 16
            self.table.setColumnWidth(column, max(90, width))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "table"):
            self.fit_label_columns()

    def __init__(self, tracker: TaskTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("webhooksView")
        self.model = WebhooksModel(tracker, self)
        self.kind = QComboBox()
        self.kind.setObjectName("webhookKind")
        for key, label in (("all", self.tr("All logs")), ("unprocessed", self.tr("Unprocessed")), ("processed", self.tr("Processed")), ("errors", self.tr("With a processing error"))):
            self.kind.addItem(label, key)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search provider id, type or status…"))
        self.search.setClearButtonEnabled(True)
        self.reprocess_selected = QPushButton(self.tr("Reprocess selected"))
        self.reprocess_selected.setObjectName("reprocessSelected")
        self.reprocess_all = QPushButton(self.tr("Reprocess all unprocessed"))
        self.reprocess_all.setObjectName("reprocessAll")
        self.summary = QLabel()
        self.summary.setObjectName("webhookSummary")

        self.table = QTableView()
        self.table.setObjectName("webhooksTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((70, 150, 220, 90, 90, 80, 80, 300, 300)):
            self.table.setColumnWidth(column, width)
        self.fit_label_columns()

        bar = QHBoxLayout()
        bar.addWidget(self.kind)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.reprocess_selected)
        bar.addWidget(self.reprocess_all)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(350)
        self._search_timer.timeout.connect(self._apply)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.kind.currentIndexChanged.connect(self._apply)
        self.reprocess_selected.clicked.connect(lambda: self.reprocess_requested.emit(self.selected_ids()))
        self.reprocess_all.clicked.connect(lambda: self.reprocess_requested.emit(None))
        self.table.doubleClicked.connect(self._open)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.failed.connect(self.load_failed)
        self.model.loaded.connect(self._update_summary)
        self._update_buttons()

    def set_database(self, database: Database | None) -> None:
        self.model.set_database(database, load=self.isVisible())
        self._update_buttons()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self.model.stale:
            self.model.reload()

    def _apply(self) -> None:
        key = self.kind.currentData()
        self.model.set_filter(
            WebhookFilter(
                processed={"unprocessed": False, "processed": True}.get(key),
                errors_only=key == "errors",
                search=self.search.text().strip(),
            )
        )

    def show_attempt(self, attempt_id: int) -> None:
        """Only this attempt's logs (from the list's row menu)."""
        self.model.set_filter(WebhookFilter(attempt_id=attempt_id))

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r].id for r in rows if r < len(self.model.rows)]

    def _update_buttons(self) -> None:
        database = self.model.database
        writable = database is not None and not database.read_only
        self.reprocess_selected.setEnabled(writable and bool(self.selected_ids()))
        self.reprocess_all.setEnabled(writable)

    def _update_summary(self) -> None:
        shown = len(self.model.rows)
        unprocessed = sum(1 for r in self.model.rows if not r.processed)
        retranslate.set_text(self.summary, lambda: self.tr("{shown} logs shown, {unprocessed} of them unprocessed").format(shown=shown, unprocessed=unprocessed))

    def _open(self, index: QModelIndex) -> None:
        row = self.model.rows[index.row()]
        if row.message_attempt_id:
            self.open_attempt.emit(row.message_attempt_id)
