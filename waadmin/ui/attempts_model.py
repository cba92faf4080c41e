"""The attempts table model: pages fetched by key in the background as the user scrolls.

Rows live in pages of ``page_size``; only the most recently used pages are kept in memory
(the ids of every loaded row are kept, 8 bytes each, for selection and scroll restoring).
A page evicted and scrolled back to is fetched again from its saved cursor. Sorting and
filtering are done by the database: the model never sorts a million rows itself.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QModelRoleDataSpan, QPersistentModelIndex, Qt, Signal

from waadmin.db import listing
from waadmin.db.database import Database
from waadmin.db.listing import Count, Cursor
from waadmin.db.rows import AttemptRow
from waadmin.domain import message_types, priorities, redaction, statuses
from waadmin.domain.filters import AttemptFilter, Sort
from waadmin.ui import status_style, timefmt
from waadmin.ui.columns import COLUMNS
from waadmin.ui.i18n import current_language
from waadmin.ui.tasks import TaskTracker

MAX_CACHED_PAGES = 40
# A refresh re-reads everything above this many loaded rows only for the pages on screen.
FULL_REFRESH_LIMIT = 5_000

RowIndex = QModelIndex | QPersistentModelIndex

# Roles as plain ints: data() runs for every cell and role at each repaint (~3,000 calls for a
# screen of rows), and reading Qt's enum members costs more than the comparison itself.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_USER = int(Qt.ItemDataRole.UserRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _USER, _BACKGROUND, _FOREGROUND, _ALIGNMENT, _DECORATION})
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_KEYS = tuple(column.key for column in COLUMNS)
_NUMERIC = frozenset(n for n, key in enumerate(_KEYS) if key in ("id", "attempts", "priority"))
_STATUS = _KEYS.index("status")
_ID = _KEYS.index("id")
# Relative ("in 5 min"): computed at each paint, never kept.
_LIVE = frozenset(n for n, key in enumerate(_KEYS) if key == "next_retry")


def _tr(text: str) -> str:
    return QCoreApplication.translate("AttemptsModel", text)



def _shown_error(row: AttemptRow) -> str:
    """The last error, which quotes the provider: a code or password it echoed back is masked by
    the rules (the body is not loaded in the list; the detail window masks with it too)."""
    if not row.error_message:
        return ""
    return str(redaction.redact_answer(row.error_message, message_type=row.message_type, category=row.category))

class AttemptsModel(QAbstractTableModel):
    loading_changed = Signal(bool)
    count_changed = Signal(object)  # listing.Count
    failed = Signal(object)  # exception from a background load
    refreshed = Signal()  # a (re)load of the first pages finished
    tail_loaded = Signal()  # the last rows of the list are shown (Ctrl+End)

    def __init__(self, tracker: TaskTracker, page_size: int = 200, parent: Any = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self.page_size = page_size
        self.database: Database | None = None
        self.filter = AttemptFilter()
        self.sort_spec = Sort()
        self.time_zone = "local"
        self._generation = 0
        self._ids = array("q")
        self._pages: OrderedDict[int, list[AttemptRow | None]] = OrderedDict()
        # Per page, per row: the row's display texts once computed (formatting a date in the
        # chosen zone for every paint made a repaint of the table take ~25 ms).
        self._texts: dict[int, list[tuple[str, ...] | None]] = {}
        self._cursors: list[Cursor | None] = []  # cursor to fetch page i
        self._next_cursor: Cursor | None = None
        self._exhausted = True
        self._fetching_next = False
        self._reloading: set[int] = set()
        self.count: Count | None = None
        self._exact_next = False
        # Showing the end of the list, read by keyset in reverse: no paging through a million
        # rows to reach it. Scrolling on from there means going back to the top.
        self.tail = False

    # -- configuration ----------------------------------------------------------------------
    def set_database(self, database: Database | None) -> None:
        self.database = database
        self.reload()

    def set_query(self, flt: AttemptFilter, sort: Sort | None = None) -> None:
        self.filter = flt
        if sort is not None:
            self.sort_spec = sort
        self.reload()

    def set_time_zone(self, zone: str) -> None:
        self.time_zone = zone
        self._texts = {number: [None] * len(rows) for number, rows in self._pages.items()}
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    @property
    def has_users(self) -> bool:
        return bool(self.database and self.database.has_users)

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Forget everything and load the first page (new filter, sort or database)."""
        self._generation += 1
        self.tail = False
        self.beginResetModel()
        self._ids = array("q")
        self._pages.clear()
        self._texts.clear()
        self._cursors = []
        self._next_cursor = None
        self._exhausted = self.database is None
        self._fetching_next = False
        self._reloading.clear()
        self.count = None
        self.endResetModel()
        if self.database is not None:
            self._fetch_next_page()
            self.request_count(exact=False)

    def count_exactly_next(self) -> None:
        """The next refresh counts exactly: after a cleanup the database's own estimate is stale
        (PostgreSQL's until its next analyse)."""
        self._exact_next = True

    def request_count(self, exact: bool) -> None:
        if self.database is None:
            return
        generation = self._generation
        self.tracker.run(
            listing.count_attempts,
            self.database,
            self.filter,
            exact=exact,
            on_result=lambda count: self._on_count(generation, count),
            on_error=self.failed.emit,
        )

    def _on_count(self, generation: int, count: Count) -> None:
        if generation == self._generation:
            self.count = count
            self.count_changed.emit(count)

    def canFetchMore(self, parent: RowIndex = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted and not self._fetching_next

    def fetchMore(self, parent: RowIndex = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._fetch_next_page()

    def _fetch_next_page(self) -> None:
        if self.database is None or self._exhausted or self._fetching_next:
            return
        self._fetching_next = True
        self.loading_changed.emit(True)
        generation = self._generation
        cursor = self._next_cursor
        self.tracker.run(
            listing.list_attempts,
            self.database,
            self.filter,
            self.sort_spec,
            after=cursor,
            limit=self.page_size,
            on_result=lambda page: self._on_page(generation, cursor, page),
            on_error=lambda error: self._on_load_error(generation, error),
        )

    def _on_load_error(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._fetching_next = False
            self.loading_changed.emit(False)
            self.failed.emit(error)

    def _on_page(self, generation: int, cursor: Cursor | None, page: listing.Page) -> None:
        if generation != self._generation:
            return
        self._fetching_next = False
        self.loading_changed.emit(False)
        first = len(self._ids)
        number = len(self._cursors)
        if page.rows:
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._cursors.append(cursor)
            self._ids.extend(r.id for r in page.rows)
            self._store_page(number, list(page.rows))
            self.endInsertRows()
        self._next_cursor = page.next_cursor
        self._exhausted = page.next_cursor is None
        if number == 0:
            self.refreshed.emit()

    def _store_page(self, number: int, rows: list[AttemptRow | None]) -> None:
        self._pages[number] = rows
        self._texts[number] = [None] * len(rows)
        self._pages.move_to_end(number)
        while len(self._pages) > MAX_CACHED_PAGES:
            evicted, _ = self._pages.popitem(last=False)
            self._texts.pop(evicted, None)

    def _reload_page(self, number: int) -> None:
        """A page was evicted and is on screen again: fetch it from its cursor."""
        if self.database is None or number in self._reloading or number >= len(self._cursors):
            return
        self._reloading.add(number)
        generation = self._generation
        self.tracker.run(
            listing.list_attempts,
            self.database,
            self.filter,
            self.sort_spec,
            after=self._cursors[number],
            limit=self.page_size,
            on_result=lambda page: self._on_reloaded(generation, number, page),
            on_error=lambda error: (self._reloading.discard(number), self.failed.emit(error)),
        )

    def _on_reloaded(self, generation: int, number: int, page: listing.Page) -> None:
        self._reloading.discard(number)
        if generation != self._generation:
            return
        first = number * self.page_size
        size = min(self.page_size, len(self._ids) - first)
        rows: list[AttemptRow | None] = list(page.rows[:size])
        rows += [None] * (size - len(rows))  # rows deleted since: shown as gone until a refresh
        self._store_page(number, rows)
        self.dataChanged.emit(self.index(first, 0), self.index(first + size - 1, len(COLUMNS) - 1))

    # -- refreshing in place -----------------------------------------------------------------
    def refresh(self, visible_rows: range | None = None) -> None:
        """Re-read what is loaded without losing the user's place: the whole list when it is
        short, else just the rows on screen (their status, counts and errors)."""
        if self.database is None:
            return
        if self.tail:
            self.load_tail()
            self.request_count(exact=bool(self.count and self.count.exact))
            return
        loaded = len(self._ids)
        if loaded <= FULL_REFRESH_LIMIT:
            generation = self._generation + 1
            self._generation = generation
            self.tracker.run(
                listing.list_attempts,
                self.database,
                self.filter,
                self.sort_spec,
                limit=max(loaded, self.page_size),
                on_result=lambda page: self._on_full_refresh(generation, page),
                on_error=lambda error: self._on_load_error(generation, error),
            )
            self.request_count(exact=self._exact_next or bool(self.count and self.count.exact and loaded < FULL_REFRESH_LIMIT))
            self._exact_next = False
            return
        rows = visible_rows or range(0, min(loaded, self.page_size))
        ids = [self._ids[r] for r in rows if r < loaded]
        generation = self._generation
        self.tracker.run(
            listing.fetch_rows,
            self.database,
            ids,
            on_result=lambda found: self._on_rows_refreshed(generation, rows, found),
            on_error=self.failed.emit,
        )

    def _on_full_refresh(self, generation: int, page: listing.Page) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._pages.clear()
        self._texts.clear()
        self._cursors = []
        self._ids = array("q", (r.id for r in page.rows))
        for number in range(0, len(page.rows), self.page_size):
            chunk = page.rows[number : number + self.page_size]
            previous = page.rows[number - 1] if number else None
            self._cursors.append(None if previous is None else self._cursor_after(previous))
            self._store_page(number // self.page_size, list(chunk))
        self._next_cursor = page.next_cursor
        self._exhausted = page.next_cursor is None
        self._fetching_next = False
        self.endResetModel()
        self.refreshed.emit()

    def load_tail(self) -> None:
        """The last page of the list: the same query sorted the other way, its rows turned back
        (the keyset's id tie-break reverses with it)."""
        if self.database is None:
            return
        self._generation += 1
        generation = self._generation
        backwards = Sort(self.sort_spec.key, not self.sort_spec.descending)
        self.tracker.run(
            listing.list_attempts,
            self.database,
            self.filter,
            backwards,
            limit=self.page_size,
            on_result=lambda page: self._on_tail(generation, page),
            on_error=lambda error: self._on_load_error(generation, error),
        )

    def _on_tail(self, generation: int, page: listing.Page) -> None:
        if generation != self._generation:
            return
        rows = list(reversed(page.rows))
        self.beginResetModel()
        self.tail = True
        self._pages.clear()
        self._texts.clear()
        self._ids = array("q", (r.id for r in rows))
        self._cursors = [None]
        self._store_page(0, rows)
        self._next_cursor = None
        self._exhausted = True
        self._fetching_next = False
        self.endResetModel()
        self.tail_loaded.emit()

    def _cursor_after(self, row: AttemptRow) -> Cursor:
        key = self.sort_spec.key
        value: Any
        if key == "recipient" and not self.has_users:
            value = row.phone_number
        elif key == "error_message":
            value = row.error_message
        else:
            value = getattr(row, key)
        return Cursor(value, row.id)

    def _on_rows_refreshed(self, generation: int, rows: range, found: dict[int, AttemptRow]) -> None:
        if generation != self._generation:
            return
        for r in rows:
            if r >= len(self._ids):
                break
            page = self._pages.get(r // self.page_size)
            if page is None:
                continue
            page[r % self.page_size] = found.get(self._ids[r])
            self._texts[r // self.page_size][r % self.page_size] = None
        if rows:
            self.dataChanged.emit(self.index(rows.start, 0), self.index(min(rows.stop, len(self._ids)) - 1, len(COLUMNS) - 1))

    # -- access ---------------------------------------------------------------------------------
    def rowCount(self, parent: RowIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: RowIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def index(self, row: int, column: int, parent: RowIndex = QModelIndex()) -> QModelIndex:
        # Qt's own index() asks rowCount() and columnCount(): two trips into Python per cell.
        if parent.isValid() or not (0 <= row < len(self._ids) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def row_at(self, row: int) -> AttemptRow | None:
        if row < 0 or row >= len(self._ids):
            return None
        number = row // self.page_size
        page = self._pages.get(number)
        if page is None:
            self._reload_page(number)
            return None
        self._pages.move_to_end(number)
        offset = row % self.page_size
        return page[offset] if offset < len(page) else None

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of_id(self, attempt_id: int) -> int | None:
        try:
            return self._ids.index(attempt_id)
        except ValueError:
            return None

    @property
    def loaded_rows(self) -> int:
        return len(self._ids)

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("columns", COLUMNS[section].title)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].sort_key if 0 <= column < len(COLUMNS) else None
        if key is None:
            return
        self.set_query(self.filter, Sort(key, order == Qt.SortOrder.DescendingOrder))

    def data(self, index: RowIndex, role: int = _DISPLAY) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        return self._value(index.row(), index.column(), role)

    def multiData(self, index: RowIndex, roles: QModelRoleDataSpan) -> None:  # noqa: N802
        """Every role a cell needs in one call, for Qt's own delegate (the list paints through
        waadmin.ui.cell_delegate, which asks cell(); Qt's is used where that one cannot paint).
        Without it Qt calls data() once per role, seven trips into Python per cell, each waiting
        for the interpreter lock while worker threads run."""
        valid = index.isValid()
        number, column = (index.row(), index.column()) if valid else (0, 0)
        for item in roles:
            role = item.role()
            item.setData(self._value(number, column, role) if valid and role in _ROLES else None)

    def _value(self, number: int, column: int, role: int) -> Any:
        # The roles a paint asks of every cell, answered without looking up the row.
        if role == _ALIGNMENT:
            return _RIGHT_ALIGNED if column in _NUMERIC else None
        if role in (_BACKGROUND, _FOREGROUND) and column != _STATUS:
            return None
        if role == _DECORATION and column != _ID:
            return None
        row = self.row_at(number)
        if row is None:
            if role == _DISPLAY:
                return "…" if column else str(self._ids[number])
            return None
        if role == _DISPLAY:
            if column in _LIVE:
                return self._display(row, _KEYS[column])
            return self._texts_of(number, row)[column]
        if role == _TOOLTIP:
            return self._tooltip(row, _KEYS[column])
        if role == _USER:
            return row
        if role == _BACKGROUND:
            return status_style.background(row.status)
        if role == _FOREGROUND:
            return status_style.foreground(row.status)
        if role == _DECORATION and row.anomalies:
            from waadmin.ui.resources import icon

            return icon("warning")
        return None

    def cell(self, number: int, column: int) -> tuple[str, Any, Any, bool, Any]:
        """What a cell shows, in one call for the list's delegate: (text, foreground colour,
        background colour, right-aligned, icon); the colours and icon may be None."""
        row = self.row_at(number)
        if row is None:
            return ("…" if column else str(self._ids[number]) if 0 <= number < len(self._ids) else "", None, None, False, None)
        text = self._display(row, _KEYS[column]) if column in _LIVE else self._texts_of(number, row)[column]
        if column == _STATUS:
            return (text, status_style.foreground(row.status), status_style.background(row.status), False, None)
        icon = None
        if column == _ID and row.anomalies:
            from waadmin.ui.resources import icon as load_icon

            icon = load_icon("warning")
        return (text, None, None, column in _NUMERIC, icon)

    def text_of(self, row: AttemptRow, column: int) -> str:
        """A cell's text as the list shows it (for copying rows)."""
        return self._display(row, _KEYS[column])

    def _texts_of(self, number: int, row: AttemptRow) -> tuple[str, ...]:
        page, offset = divmod(number, self.page_size)
        texts = self._texts.get(page)
        found = texts[offset] if texts is not None and offset < len(texts) else None
        if found is None:
            found = tuple("" if n in _LIVE else self._display(row, key) for n, key in enumerate(_KEYS))
            if texts is not None and offset < len(texts):
                texts[offset] = found
        return found

    def _display(self, row: AttemptRow, key: str) -> str:
        if key == "id":
            return str(row.id)
        if key == "created":
            return timefmt.absolute(row.created_at, self.time_zone) or _tr("(no date)")
        if key == "phone":
            return row.phone_number
        if key == "recipient":
            return row.recipient or ""
        if key == "source_app":
            return row.source_app or ""
        if key == "type":
            return message_types.label(row.message_type, current_language())
        if key == "category":
            return row.category
        if key == "priority":
            return f"{row.priority} · {priorities.label(row.priority, current_language())}" if row.priority is not None else ""
        if key == "status":
            return statuses.label(row.status, current_language())
        if key == "attempts":
            return f"{row.attempt_count}/{row.max_attempts}"
        if key == "next_retry":
            if row.next_retry_at is None:
                return ""
            return f"{timefmt.relative(row.next_retry_at)} ({timefmt.absolute(row.next_retry_at, self.time_zone)})"
        if key == "error":
            text = " ".join(_shown_error(row).split())
            if row.error_code and text:
                text = f"{row.error_code}: {text}"
            return text[:120]
        if key == "provider_id":
            return row.provider_message_id
        return ""

    def _tooltip(self, row: AttemptRow, key: str) -> str | None:
        if key == "id" and row.anomalies:
            return _tr("Odd data: {details}").format(details="; ".join(row.anomalies))
        if key == "error" and row.error_message:
            return _shown_error(row)
        if key == "status":
            return row.status
        if key == "created" and row.created_at:
            return f"{timefmt.absolute(row.created_at, 'utc', seconds=True)} UTC"
        return None
