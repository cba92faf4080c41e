"""The attempts tab: the filter bar over the paged table, with the count and selection tools."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from waadmin.db import listing
from waadmin.db.database import Database
from waadmin.domain.filters import AttemptFilter, Sort
from waadmin.ui import settings as ui_settings
from waadmin.ui.attempts_model import AttemptsModel
from waadmin.ui.cell_delegate import CellDelegate
from waadmin.ui.cell_table import CellTable
from waadmin.ui.columns import COLUMNS, INDEX
from waadmin.ui.filter_bar import FilterBar
from waadmin.ui.tasks import TaskTracker

HEADER_STATE_KEY = "list/header_state_v1"


class AttemptsTable(CellTable):
    activated_row = Signal(int)  # Enter on a row

    def changeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt signature
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            delegate = self.itemDelegate()
            if isinstance(delegate, CellDelegate):
                delegate.forget_layouts()

    def keyPressEvent(self, event) -> None:  # noqa: ANN001 - Qt signature
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class AttemptsView(QWidget):
    open_detail = Signal(int)
    selection_changed = Signal()
    query_changed = Signal()
    load_failed = Signal(object)

    def __init__(self, tracker: TaskTracker, page_size: int = 200, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attemptsView")
        self.tracker = tracker
        self.model = AttemptsModel(tracker, page_size, self)
        self.filter_bar = FilterBar(self)

        self.table = AttemptsTable(self)
        self.table.setObjectName("attemptsTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(CellDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Shown while the list is empty too: its appearing with the first rows (and going
        # with a filter that matches nothing) relaid out and repainted the whole list.
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        # Rows are selected whole: a column title has no selection to show. The header still
        # works out which columns are selected after each selection change (Qt asks the model for
        # every selected row of every column: 2,600 calls into Python after "select all" of a
        # page); an empty selection of its own spares that.
        header.setHighlightSections(False)
        header.setSelectionModel(QItemSelectionModel(self.model, header))
        for number, column in enumerate(COLUMNS):
            self.table.setColumnWidth(number, column.width)
        header.setSortIndicator(INDEX["created"], Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._on_sort_clicked)

        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.exact_button = QPushButton(self.tr("Count exactly"))
        self.exact_button.setObjectName("exactCount")
        self.exact_button.setFlat(True)
        self.exact_button.clicked.connect(lambda: self.model.request_count(exact=True))
        self.extra_label = QLabel()
        self.extra_label.setObjectName("extraFilterLabel")
        self.extra_clear = QToolButton()
        self.extra_clear.setText("×")
        self.extra_clear.setToolTip(self.tr("Remove this filter"))
        self.extra_clear.clicked.connect(self.filter_bar.clear)

        # The line keeps its height while these come and go: a button appearing with the count
        # moved the list down and repainted the window whole.
        for widget in (self.exact_button, self.extra_clear):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        info = QHBoxLayout()
        info.addWidget(self.count_label)
        info.addWidget(self.exact_button)
        info.addStretch(1)
        info.addWidget(self.extra_label)
        info.addWidget(self.extra_clear)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addLayout(info)
        layout.addWidget(self.table, 1)

        self.filter_bar.filter_changed.connect(self._on_filter_changed)
        self.model.count_changed.connect(self._show_count)
        self.model.rowsInserted.connect(lambda *_: self._show_count(self.model.count))
        self.model.modelReset.connect(lambda: self._show_count(self.model.count))
        self.model.refreshed.connect(self._restore_place)
        self.model.failed.connect(self.load_failed)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated_row.connect(self._open_row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.filter_bar.search.setFocus)
        self._pending_place: tuple[list[int], int | None, int | None] | None = None
        self._update_extra()
        self._show_count(None)

    # -- database and query -----------------------------------------------------------------
    def set_database(self, database: Database | None) -> None:
        self.table.setColumnHidden(INDEX["recipient"], not (database and database.has_users))
        if database is not None:
            self.filter_bar.set_source_apps([], available=database.layout.has_source_app)
            self.tracker.run(
                listing.distinct_values,
                database,
                "source_app",
                on_result=lambda values: self.filter_bar.set_source_apps(values, database.layout.has_source_app),
            )
        self.model.filter = self.filter_bar.full_filter()
        self.model.set_database(database)

    def restore_view(self) -> None:
        flt, sort = ui_settings.load_view()
        self.filter_bar.apply(flt, emit=False)
        self.model.filter = self.filter_bar.full_filter()
        self.model.sort_spec = sort
        column = next((n for n, c in enumerate(COLUMNS) if c.sort_key == sort.key), INDEX["created"])
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if sort.descending else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        state = ui_settings.load_bytes(HEADER_STATE_KEY)
        if state is not None:
            header.restoreState(state)
            header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if sort.descending else Qt.SortOrder.AscendingOrder)

    def save_view(self) -> None:
        ui_settings.save_view(self.model.filter, self.model.sort_spec)
        ui_settings.save_bytes(HEADER_STATE_KEY, self.table.horizontalHeader().saveState())

    def apply_filter(self, flt: AttemptFilter) -> None:
        """Show exactly ``flt`` (from a dashboard click or the failures view)."""
        self.filter_bar.apply(flt)

    def current_filter(self) -> AttemptFilter:
        return self.model.filter

    def current_sort(self) -> Sort:
        return self.model.sort_spec

    def _on_filter_changed(self, flt: AttemptFilter) -> None:
        self._update_extra()
        self.model.set_query(flt)
        self.query_changed.emit()

    def _on_sort_clicked(self, column: int, order: Qt.SortOrder) -> None:
        if COLUMNS[column].sort_key is None:
            return
        self.model.sort(column, order)
        self.query_changed.emit()

    def _update_extra(self) -> None:
        text = self.filter_bar.extra_description()
        self.extra_label.setText(self.tr("Also filtered by {what}").format(what=text) if text else "")
        self.extra_label.setVisible(bool(text))
        self.extra_clear.setVisible(bool(text))

    # -- count --------------------------------------------------------------------------------
    def _show_count(self, count: listing.Count | None) -> None:
        loaded = self.model.loaded_rows
        if count is None:
            text = self.tr("{loaded} loaded").format(loaded=f"{loaded:,}")
            exact_possible = self.model.database is not None
        elif count.exact:
            text = self.tr("{total} attempts").format(total=f"{count.value:,}")
            if loaded < count.value:
                text += " " + self.tr("({loaded} loaded)").format(loaded=f"{loaded:,}")
            exact_possible = False
        else:
            prefix = self.tr("more than") if count.at_least else "≈"
            text = self.tr("{prefix} {total} attempts (estimate)").format(prefix=prefix, total=f"{count.value:,}")
            text += " " + self.tr("({loaded} loaded)").format(loaded=f"{loaded:,}")
            exact_possible = True
        self.count_label.setText(text)
        self.exact_button.setVisible(exact_possible)

    # -- selection ----------------------------------------------------------------------------
    def _selected_row_numbers(self) -> list[int]:
        # From the selection's ranges: selectedRows() visits every cell of every selected row,
        # ~30 ms for a "select all" of a few thousand rows, on each selection change.
        rows: set[int] = set()
        for selected in self.table.selectionModel().selection():
            rows.update(range(selected.top(), selected.bottom() + 1))
        return sorted(rows)

    def selected_ids(self) -> list[int]:
        return [i for i in (self.model.id_at(r) for r in self._selected_row_numbers()) if i is not None]

    def selected_rows(self) -> list:
        return [r for r in (self.model.row_at(n) for n in self._selected_row_numbers()) if r is not None]

    def _open_row(self, row: int) -> None:
        attempt_id = self.model.id_at(row)
        if attempt_id is not None:
            self.open_detail.emit(attempt_id)

    # -- refresh keeping the user's place ---------------------------------------------------------
    def visible_rows(self) -> range:
        top = self.table.rowAt(0)
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        if top < 0:
            return range(0)
        if bottom < 0:
            bottom = self.model.rowCount() - 1
        return range(top, bottom + 1)

    def refresh(self) -> None:
        top = self.table.indexAt(QPoint(1, 1)).row()
        current = self.table.currentIndex().row()
        self._pending_place = (
            self.selected_ids(),
            self.model.id_at(top) if top >= 0 else None,
            self.model.id_at(current) if current >= 0 else None,
        )
        self.model.refresh(self.visible_rows())

    def _restore_place(self) -> None:
        if self._pending_place is None:
            return
        selected, top_id, current_id = self._pending_place
        self._pending_place = None
        selection = self.table.selectionModel()
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        chosen = QItemSelection()
        for attempt_id in selected:
            row = self.model.row_of_id(attempt_id)
            if row is not None:
                chosen.select(self.model.index(row, 0), self.model.index(row, len(COLUMNS) - 1))
        if current_id is not None and (row := self.model.row_of_id(current_id)) is not None:
            selection.setCurrentIndex(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        selection.select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if top_id is not None and (row := self.model.row_of_id(top_id)) is not None:
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
