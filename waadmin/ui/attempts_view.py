"""The attempts tab: the filter bar over the paged table, with the count and selection tools."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelection, QItemSelectionModel, QLocale, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from waadmin.db import listing
from waadmin.db.database import Database
from waadmin.domain.filters import AttemptFilter, Sort
from waadmin.ui import retranslate
from waadmin.ui import settings as ui_settings
from waadmin.ui.attempts_model import NEW_ROWS_COUNT_CAP, AttemptsModel
from waadmin.ui.cell_delegate import CellDelegate
from waadmin.ui.cell_table import CellTable
from waadmin.ui.columns import COLUMNS, INDEX
from waadmin.ui.filter_bar import FilterBar
from waadmin.ui.list_header import ListHeader
from waadmin.ui.tasks import TaskTracker

# Per table layout (V1, V2; with or without Django's users): columns differ between them.
HEADER_STATE_KEY = "list/header_state_v2/{layout}"


def _cell_text(text: str) -> str:
    """A value as one spreadsheet cell: no tab or line break inside."""
    return " ".join(text.split()) if ("\t" in text or "\n" in text or "\r" in text) else text


class AttemptsTable(CellTable):
    activated_row = Signal(int)  # Enter on a row
    copy_requested = Signal()  # Ctrl+C: the selected rows, not the current cell
    end_requested = Signal()  # Ctrl+End: the real last rows, not the last loaded page
    home_requested = Signal()  # Ctrl+Home: back to the first rows (from the end)

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
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            return
        if event.key() == Qt.Key.Key_End and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.end_requested.emit()
            return
        if event.key() == Qt.Key.Key_Home and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.home_requested.emit()
            return
        super().keyPressEvent(event)


class AttemptsView(QWidget):
    open_detail = Signal(int)
    selection_changed = Signal()
    query_changed = Signal()
    load_failed = Signal(object)
    copied = Signal(int)  # rows put on the clipboard

    def __init__(self, tracker: TaskTracker, page_size: int = 200, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attemptsView")
        self.tracker = tracker
        self.model = AttemptsModel(tracker, page_size, self)
        self.filter_bar = FilterBar(self)

        self.table = AttemptsTable(self)
        self.table.setObjectName("attemptsTable")
        self.header = ListHeader(self.table)
        self.header.setObjectName("attemptsHeader")
        self.table.setHorizontalHeader(self.header)
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
        self.header.reset_layout()
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
        # Gmail's "select all conversations that match": after a whole page is selected, the
        # selection can grow to everything the filter matches, and Retry/Cancel selected become
        # the filtered bulk actions (with their own confirmation).
        self.all_matching_selected = False
        self.select_all_button = QPushButton()
        self.select_all_button.setObjectName("selectAllMatching")
        self.select_all_button.setFlat(True)
        self.select_all_button.setVisible(False)
        self.select_all_button.clicked.connect(self._toggle_all_matching)

        # The line keeps its height while these come and go: a button appearing with the count
        # moved the list down and repainted the window whole.
        for widget in (self.exact_button, self.extra_clear):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        info = QHBoxLayout()
        info.addWidget(self.count_label)
        info.addWidget(self.exact_button)
        info.addWidget(self.select_all_button)
        info.addStretch(1)
        info.addWidget(self.extra_label)
        info.addWidget(self.extra_clear)

        # New attempts that arrived above the rows the user is reading: said, never slipped in
        # out of sight.
        self.new_rows_button = QPushButton()
        self.new_rows_button.setObjectName("newRowsBar")
        self.new_rows_button.setVisible(False)
        self.new_rows_button.clicked.connect(self.show_new_rows)
        self.new_rows = 0
        self.tail_button = QPushButton()
        self.tail_button.setObjectName("tailBar")
        self.tail_button.setVisible(False)
        self.tail_button.clicked.connect(self.back_to_top)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addLayout(info)
        layout.addWidget(self.new_rows_button)
        layout.addWidget(self.tail_button)
        layout.addWidget(self.table, 1)

        self.filter_bar.filter_changed.connect(self._on_filter_changed)
        self.model.count_changed.connect(self._show_count)
        self.model.rowsInserted.connect(lambda *_: self._show_count(self.model.count))
        self.model.modelReset.connect(lambda: self._show_count(self.model.count))
        self.model.refreshed.connect(self._restore_place)
        self.model.failed.connect(self.load_failed)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated_row.connect(self._open_row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection_changed())
        # A reset (new filter, refresh) drops the selection without selectionChanged: the
        # window's Retry/Cancel selected stayed enabled with nothing selected.
        self.model.modelReset.connect(self._on_selection_changed)
        self.table.copy_requested.connect(self.copy_selected_rows)
        self.table.end_requested.connect(self.go_to_end)
        self.table.home_requested.connect(self.back_to_top)
        self.model.tail_loaded.connect(self._on_tail_loaded)
        self.model.modelReset.connect(lambda: None if self.model.tail else self.tail_button.setVisible(False))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.header.layout_reset.connect(self._apply_availability)
        self.header.columns_changed.connect(self._save_columns)
        self.header.sectionMoved.connect(lambda *_: self._save_columns())
        # Set by the window: its own commands, shown in the row menu (one action, one state).
        self.row_actions: Callable[[], list[QAction | None]] = lambda: []
        self.open_actions: Callable[[], list[QAction]] = lambda: []
        self.copy_actions: Callable[[], list[QAction]] = lambda: []
        self.webhook_actions: Callable[[], list[QAction]] = lambda: []
        self.last_menu: QMenu | None = None
        self.last_copied = ""
        self._layout_key = ""
        self.table.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        # Rows put above the ones on screen (paging up from the end, new attempts) must not
        # move what the user reads: the scroll position follows them.
        self._scroll_before_insert = 0
        self.model.rowsAboutToBeInserted.connect(self._before_rows_inserted)
        self.model.rows_prepended.connect(self._on_rows_prepended)
        # The scroll bar dragged to the bottom means the end of the list, as Ctrl+End does; the
        # wheel or the arrow keys reaching it only load the next page.
        self.table.verticalScrollBar().sliderReleased.connect(self._slider_released)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.filter_bar.search.setFocus)
        self._pending_place: tuple[list[int], int | None, int | None, int | None, bool] | None = None
        self._select_first_when_loaded = False
        self._update_extra()
        self._show_count(None)

    # -- database and query -----------------------------------------------------------------
    def set_database(self, database: Database | None) -> None:
        if database is not None:
            self._use_layout(f"{database.layout.key}{'-users' if database.has_users else ''}", has_users=database.has_users)
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

    def save_view(self) -> None:
        ui_settings.save_view(self.model.filter, self.model.sort_spec)
        self._save_columns()

    # -- columns --------------------------------------------------------------------------------
    def _use_layout(self, key: str, *, has_users: bool) -> None:
        """Columns as saved for this table layout (or the default), the ones it has no data
        for hidden."""
        if key == self._layout_key:
            self._apply_availability()
            return
        if self._layout_key:
            self._save_columns()
        self._layout_key = key
        self.header.unavailable = set() if has_users else {INDEX["recipient"]}
        sort_section, order = self.header.sortIndicatorSection(), self.header.sortIndicatorOrder()
        state = ui_settings.load_bytes(HEADER_STATE_KEY.format(layout=key))
        if state is None or not self.header.restoreState(state):
            self.header.reset_layout()
        self.header.fit_status_column()
        self.header.blockSignals(True)
        self.header.setSortIndicator(sort_section, order)
        self.header.blockSignals(False)
        self._apply_availability()

    def _apply_availability(self) -> None:
        for number in self.header.unavailable:
            self.header.setSectionHidden(number, True)

    def _save_columns(self) -> None:
        if self._layout_key:
            ui_settings.save_bytes(HEADER_STATE_KEY.format(layout=self._layout_key), self.header.saveState())

    def visible_columns(self) -> list[int]:
        """Shown columns, left to right as on screen."""
        header = self.header
        return [n for n in (header.logicalIndex(v) for v in range(header.count())) if not header.isSectionHidden(n)]

    def current_view(self, name: str) -> ui_settings.SavedView:
        return ui_settings.SavedView(name, self.filter_bar.full_filter(), self.model.sort_spec, self.header.saveState())

    def apply_saved_view(self, view: ui_settings.SavedView) -> None:
        """A saved view: its filters, sort and columns, in one reload."""
        self.all_matching_selected = False
        if view.columns is not None:
            self.header.restoreState(view.columns)
            self._apply_availability()
            self._save_columns()
        column = next((n for n, c in enumerate(COLUMNS) if c.sort_key == view.sort.key), INDEX["created"])
        self.header.blockSignals(True)
        self.header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if view.sort.descending else Qt.SortOrder.AscendingOrder)
        self.header.blockSignals(False)
        self.filter_bar.apply(view.filter, emit=False)
        self._update_extra()
        self.model.set_query(self.filter_bar.full_filter(), view.sort)
        self.query_changed.emit()

    def apply_filter(self, flt: AttemptFilter) -> None:
        """Show exactly ``flt`` (from a dashboard click or the failures view)."""
        self.filter_bar.apply(flt)

    def current_filter(self) -> AttemptFilter:
        return self.model.filter

    def current_sort(self) -> Sort:
        return self.model.sort_spec

    def _on_filter_changed(self, flt: AttemptFilter) -> None:
        self.all_matching_selected = False
        self.tail_button.setVisible(False)
        self._hide_new_rows()
        self._update_extra()
        self.model.set_query(flt)
        self.query_changed.emit()

    def _on_sort_clicked(self, column: int, order: Qt.SortOrder) -> None:
        if COLUMNS[column].sort_key is None:
            return
        self.all_matching_selected = False
        self.tail_button.setVisible(False)
        self.model.sort(column, order)
        self.query_changed.emit()

    def _update_extra(self) -> None:
        text = self.filter_bar.extra_description()
        retranslate.set_text(self.extra_label, lambda: self.tr("Also filtered by {what}").format(what=self.filter_bar.extra_description()) if text else "")
        self.extra_label.setVisible(bool(text))
        self.extra_clear.setVisible(bool(text))

    # -- count --------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "count_label"):
            self._show_count(self.model.count)
            self.model.relabel()
            self.header.fit_status_column()

    def _show_count(self, count: listing.Count | None) -> None:
        loaded = self.model.loaded_rows
        if count is None:
            text = self.tr("{loaded} loaded").format(loaded=QLocale().toString(loaded))
            exact_possible = self.model.database is not None
        elif count.exact:
            text = self.tr("%Ln attempts", "", count.value)
            if loaded < count.value:
                text += " " + self.tr("({loaded} loaded)").format(loaded=QLocale().toString(loaded))
            exact_possible = False
        else:
            prefix = self.tr("more than") if count.at_least else "≈"
            text = self.tr("{prefix} %Ln attempts (estimate)", "", count.value).format(prefix=prefix)
            text += " " + self.tr("({loaded} loaded)").format(loaded=QLocale().toString(loaded))
            exact_possible = True
        self.count_label.setText(text)
        self.exact_button.setVisible(exact_possible)
        self._update_select_all()
        if self.all_matching_selected:
            self.selection_changed.emit()

    # -- selection ----------------------------------------------------------------------------
    def _selected_row_numbers(self) -> list[int]:
        # From the selection's ranges: selectedRows() visits every cell of every selected row,
        # ~30 ms for a "select all" of a few thousand rows, on each selection change.
        rows: set[int] = set()
        for selected in self.table.selectionModel().selection():
            rows.update(range(selected.top(), selected.bottom() + 1))
        return sorted(rows)

    def _on_selection_changed(self) -> None:
        if self.all_matching_selected and len(self._selected_row_numbers()) < self.model.loaded_rows:
            self.all_matching_selected = False
        self._update_select_all()
        self.selection_changed.emit()

    def selection_count(self) -> int:
        """How many attempts the selection stands for: all the filter matches, when chosen."""
        if self.all_matching_selected:
            count = self.model.count
            return count.value if count is not None else self.model.loaded_rows
        return len(self._selected_row_numbers())

    def selection_text(self) -> str:
        if self.all_matching_selected:
            count = self.model.count
            if count is not None and count.exact:
                return self.tr("All %Ln matching selected", "", count.value)
            return self.tr("All matching selected")
        n = len(self._selected_row_numbers())
        return self.tr("%Ln selected", "", n) if n else ""

    def _whole_list_loaded(self) -> bool:
        count = self.model.count
        return self.model.complete and (count is None or (count.exact and count.value <= self.model.loaded_rows))

    def _update_select_all(self) -> None:
        loaded = self.model.loaded_rows
        page_selected = loaded > 0 and len(self._selected_row_numbers()) >= loaded
        if self.all_matching_selected:
            self.select_all_button.setText(self.tr("Clear selection"))
            self.select_all_button.setVisible(True)
        elif page_selected and not self._whole_list_loaded():
            count = self.model.count
            if count is not None and count.exact:
                matching = count.value
                retranslate.set_text(self.select_all_button, lambda: self.tr("Select all %Ln matching", "", matching))
            else:
                self.select_all_button.setText(self.tr("Select all matching"))
            self.select_all_button.setVisible(True)
        else:
            self.select_all_button.setVisible(False)

    def _toggle_all_matching(self) -> None:
        if self.all_matching_selected:
            self.all_matching_selected = False
            self.table.clearSelection()
        else:
            self.all_matching_selected = True
            if self.model.count is None or not self.model.count.exact:
                self.model.request_count(exact=True)
        self._update_select_all()
        self.selection_changed.emit()

    def selected_ids(self) -> list[int]:
        return [i for i in (self.model.id_at(r) for r in self._selected_row_numbers()) if i is not None]

    def selected_rows(self) -> list:
        return [r for r in (self.model.row_at(n) for n in self._selected_row_numbers()) if r is not None]

    # -- row menu -----------------------------------------------------------------------------
    def _row_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if not index.isValid():
            return
        selection = self.table.selectionModel()
        if not selection.isRowSelected(index.row(), QModelIndex()):
            # As in file managers and DBeaver: a right-click on a row outside the selection
            # acts on that row alone.
            self.all_matching_selected = False
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        menu = self.build_row_menu(index)
        self.last_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(point))

    def build_row_menu(self, index: QModelIndex) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("rowMenu")
        row = self.model.row_at(index.row())
        for action in self.open_actions():
            menu.addAction(action)
        menu.addSeparator()
        for action in self.row_actions():
            if action is None:
                menu.addSeparator()
            elif action.isVisible():
                menu.addAction(action)
        menu.addSeparator()
        copy_cell = menu.addAction(self.tr("Copy cell"))
        copy_cell.setObjectName("rowCopyCell")
        copy_cell.triggered.connect(lambda: self.copy_text(str(self.model.cell(index.row(), index.column())[0])))
        for action in self.copy_actions():
            menu.addAction(action)
        value_filter = self._filter_for_cell(row, index.column())
        title = QCoreApplication.translate("columns", COLUMNS[index.column()].title)
        by_value = menu.addAction(self.tr("Filter by this value ({column})").format(column=title))
        by_value.setObjectName("rowFilterByValue")
        by_value.setEnabled(value_filter is not None)
        if value_filter is not None:
            by_value.triggered.connect(lambda: self.filter_bar.apply(value_filter))
        menu.addSeparator()
        for action in self.webhook_actions():
            menu.addAction(action)
        return menu

    def _filter_for_cell(self, row, column: int) -> AttemptFilter | None:  # noqa: ANN001 - AttemptRow
        """The current filter narrowed to the value under the mouse, where a filter exists."""
        if row is None:
            return None
        key = COLUMNS[column].key
        current = self.filter_bar.full_filter()
        if key == "status" and row.status:
            return current.with_(statuses=frozenset({row.status}))
        if key == "type" and row.message_type:
            return current.with_(message_types=frozenset({row.message_type}))
        if key == "source_app" and row.source_app:
            return current.with_(source_apps=frozenset({row.source_app}))
        if key == "category" and row.category:
            return current.with_(categories=frozenset({row.category}))
        if key == "priority" and row.priority is not None:
            return current.with_(priorities=frozenset({row.priority}))
        if key == "error" and row.error_code:
            return current.with_(error_codes=frozenset({row.error_code}))
        if key == "phone" and row.phone_number:
            return current.with_(search=row.phone_number)
        if key == "recipient" and row.recipient:
            return current.with_(search=row.recipient)
        if key == "id":
            return current.with_(search=str(row.id))
        return None

    # -- copying ----------------------------------------------------------------------------------
    def copy_text(self, text: str) -> None:
        self.last_copied = text
        QGuiApplication.clipboard().setText(text)

    def copy_selected_rows(self) -> None:
        """The selected rows as tab-separated text with a header line, the columns shown in
        their order on screen: pasted into a spreadsheet, it is the list as seen. Rows whose
        page was let go are read again in the background first (never on the GUI thread)."""
        numbers = self._selected_row_numbers()
        if not numbers:
            return
        ids = [self.model.id_at(n) for n in numbers]
        known = {i: r for i, r in ((self.model.id_at(n), self.model.row_at(n)) for n in numbers) if r is not None}
        missing = [i for i in ids if i is not None and i not in known]
        if not missing or self.model.database is None:
            self.copy_rows(ids, known)
            return
        self.tracker.run(
            listing.fetch_rows,
            self.model.database,
            missing,
            on_result=lambda found: self.copy_rows(ids, {**known, **found}),
            on_error=self.load_failed.emit,
        )

    def copy_rows(self, ids: list, rows: dict) -> None:  # noqa: ANN001
        columns = self.visible_columns()
        lines = ["\t".join(QCoreApplication.translate("columns", COLUMNS[c].title) for c in columns)]
        for attempt_id in ids:
            row = rows.get(attempt_id)
            if row is None:
                continue  # deleted since
            lines.append("\t".join(_cell_text(self.model.text_of(row, c)) for c in columns))
        self.copy_text("\n".join(lines) + "\n")
        self.copied.emit(len(lines) - 1)

    def go_to_end(self) -> None:
        """Ctrl+End: the real last row of the list. All loaded: there; else the last page is
        read by keyset in reverse (the rows in between are not paged through)."""
        if not self.model.exhausted:
            self.model.load_tail()
            return
        self._select_last()

    def _slider_released(self) -> None:
        bar = self.table.verticalScrollBar()
        if bar.value() >= bar.maximum() and not self.model.exhausted:
            self.model.load_tail()

    def _on_tail_loaded(self) -> None:
        self._hide_new_rows()
        self._select_last()
        self._show_tail_bar()

    def _show_tail_bar(self) -> None:
        if not self.model.tail:
            return
        loaded, whole = self.model.loaded_rows, self.model.top_loaded

        def text() -> str:
            if whole:
                return self.tr("Showing all %Ln rows, from the end — back to the top", "", loaded)
            return self.tr("Showing the last %Ln rows — back to the top", "", loaded)

        retranslate.set_text(self.tail_button, text)
        self.tail_button.setVisible(True)

    def back_to_top(self) -> None:
        """Leave the end of the list (Ctrl+Home, or the bar): the first pages again, the first
        row current."""
        self.tail_button.setVisible(False)
        if self.model.tail or not self.model.top_loaded:
            self._select_first_when_loaded = True
            self.model.reload()
            return
        self._select_first()

    def _select_first(self) -> None:
        self._select_first_when_loaded = False
        self.table.scrollToTop()
        if self.model.rowCount() == 0:
            return
        column = self.table.currentIndex().column() if self.table.currentIndex().isValid() else 0
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(self.model.index(0, column), flags)

    # -- paging up ---------------------------------------------------------------------------------
    def _on_scrolled(self, value: int) -> None:
        if value == 0 and self.model.top_loaded and not self.model.new_above:
            self._hide_new_rows()
        self._maybe_fetch_before()

    def _maybe_fetch_before(self) -> None:
        """Near the top of what is loaded with more above (after Ctrl+End): the page above,
        read backwards."""
        top = self.table.rowAt(0)
        if self.model.can_fetch_before() and 0 <= top < max(1, self.model.page_size // 2):
            self.model.fetch_before()

    def _before_rows_inserted(self, _parent: QModelIndex, first: int, _last: int) -> None:
        if first == 0:
            self._scroll_before_insert = self.table.verticalScrollBar().value()

    def _on_rows_prepended(self, count: int, arrived: bool) -> None:
        value = self._scroll_before_insert
        if not (arrived and value == 0 and not self.model.tail):
            # Reading the top of the list, new attempts appear there, in view; anywhere else
            # the rows on screen stay where they were.
            self.table.executeDelayedItemsLayout()
            self.table.verticalScrollBar().setValue(value + count * self.table.verticalHeader().defaultSectionSize())
        self._show_tail_bar()
        QTimer.singleShot(0, self._maybe_fetch_before)

    def _select_last(self) -> None:
        last = self.model.rowCount() - 1
        if last < 0:
            return
        index = self.model.index(last, self.table.currentIndex().column() if self.table.currentIndex().isValid() else 0)
        self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollToBottom()
        # After a reset the scroll range is laid out later: scroll again once it is.
        QTimer.singleShot(0, self.table.scrollToBottom)

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
            self.model.id_at(0),
            self.table.verticalScrollBar().value() == 0,
        )
        self.model.refresh(self.visible_rows())

    def _restore_place(self) -> None:
        if self._select_first_when_loaded and self.model.last_refresh_reset and not self.model.tail:
            self._pending_place = None
            self._select_first()
            return
        if self._pending_place is None:
            return
        selected, top_id, current_id, first_id, at_top = self._pending_place
        self._pending_place = None
        if not self.model.last_refresh_reset:
            self._note_arrivals(at_top)
            return
        selection = self.table.selectionModel()
        chosen = QItemSelection()
        for attempt_id in selected:
            row = self.model.row_of_id(attempt_id)
            if row is not None:
                chosen.select(self.model.index(row, 0), self.model.index(row, len(COLUMNS) - 1))
        if current_id is not None and (row := self.model.row_of_id(current_id)) is not None:
            selection.setCurrentIndex(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        selection.select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        # Rows now above the one that was first: attempts that arrived since (newest first).
        arrived = self.model.row_of_id(first_id) if first_id is not None and self._newest_first() else None
        if at_top:
            # Reading the top of a newest-first list: the new ones appear there, in view.
            self.table.scrollToTop()
            self._hide_new_rows()
            return
        if top_id is not None and (row := self.model.row_of_id(top_id)) is not None:
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        if arrived:
            self.new_rows += arrived
            self._show_new_rows()

    def _note_arrivals(self, at_top: bool) -> None:
        """After a refresh in place (many rows loaded, or paging from the end): the new rows
        above were put on top, or only counted when the top is far away."""
        if not self._newest_first():
            return
        model = self.model
        if at_top and not model.tail and model.top_loaded:
            self.table.scrollToTop()
            self._hide_new_rows()
            return
        if model.new_above:
            self.new_rows = model.new_above
        else:
            self.new_rows += model.last_arrived
        if not self.new_rows:
            return
        self._show_new_rows()

    def _show_new_rows(self) -> None:
        arrived = self.new_rows

        def text() -> str:
            if arrived > NEW_ROWS_COUNT_CAP:
                return self.tr("More than %Ln new attempts — show", "", NEW_ROWS_COUNT_CAP)
            return self.tr("%Ln new attempts — show", "", arrived)

        retranslate.set_text(self.new_rows_button, text)
        self.new_rows_button.setVisible(True)

    def _newest_first(self) -> bool:
        sort = self.model.sort_spec
        return sort.descending and sort.key in ("created_at", "id")

    def show_new_rows(self) -> None:
        self._hide_new_rows()
        if self.model.tail or not self.model.top_loaded:
            self.back_to_top()  # far above what is loaded: the first page, read again
        else:
            self.table.scrollToTop()

    def _hide_new_rows(self) -> None:
        self.new_rows = 0
        self.new_rows_button.setVisible(False)
