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
from waadmin.domain import redaction
from waadmin.domain.filters import AttemptFilter, Sort
from waadmin.ui import labels, status_style, timefmt
from waadmin.ui.columns import COLUMNS
from waadmin.ui.tasks import TaskTracker

MAX_CACHED_PAGES = 40
# A refresh re-reads everything above this many loaded rows only for the pages on screen.
FULL_REFRESH_LIMIT = 5_000
# New rows above a far-away first row are counted up to this many ("1,000+ new").
NEW_ROWS_COUNT_CAP = 1_000

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



def shown_error(row: AttemptRow) -> str:
    """The last error, which quotes the provider: a code or password it echoed back is masked by
    the rules (the body is not loaded in the list; the detail window masks with it too)."""
    if not row.error_message:
        return ""
    return str(redaction.redact_answer(row.error_message, message_type=row.message_type, category=row.category))


class AttemptsModel(QAbstractTableModel):
    loading_changed = Signal(bool)
    count_changed = Signal(object)  # listing.Count
    failed = Signal(object)  # exception from a background load
    refreshed = Signal()  # a (re)load of the first pages, or a refresh in place, finished
    tail_loaded = Signal()  # the last rows of the list are shown (Ctrl+End)
    rows_prepended = Signal(int, bool)  # rows put above row 0; True: new ones arrived (not paging up)

    def __init__(self, tracker: TaskTracker, page_size: int = 200, parent: Any = None) -> None:
        super().__init__(parent)
        self.tracker = tracker
        self.page_size = page_size
        self.database: Database | None = None
        self.filter = AttemptFilter()
        self.sort_spec = Sort()
        self.time_zone = "local"
        self._generation = 0
        # The loaded rows are two runs of ids that meet: _front, read upwards (nearest first:
        # row F-1 is _front[0]), and _ids, read downwards from row F = len(_front). Rows go
        # above row 0 by extending _front, so paging up from the end (or new attempts arriving
        # on top) never shifts an array or renumbers a page. Pages: key k >= 0 holds
        # _ids[k*size:(k+1)*size], key -1-m holds _front[m*size:(m+1)*size].
        self._ids = array("q")
        self._front = array("q")
        self._pages: OrderedDict[int, list[AttemptRow | None]] = OrderedDict()
        # Per page, per row: the row's display texts once computed (formatting a date in the
        # chosen zone for every paint made a repaint of the table take ~25 ms).
        self._texts: dict[int, list[tuple[str, ...] | None]] = {}
        self._next_cursor: Cursor | None = None  # where the next page down starts
        self._exhausted = True  # nothing below the last loaded row
        self._fetching_next = False
        self._end_cursor: Cursor | None = None  # the last loaded row's
        self._prev_cursor: Cursor | None = None  # row 0's: the next page up ends before it
        self._front_done = True  # nothing above row 0 (when loaded)
        self._fetching_prev = False
        self._checking_above = False
        # The real first row of the list as last seen: rows before it arrived since.
        self._top_cursor: Cursor | None = None
        self.new_above = 0  # counted, not loaded, since the last look (at the end of the list)
        self._reloading: set[int] = set()
        self.count: Count | None = None
        self._exact_next = False
        self.last_refresh_reset = True  # whether the last `refreshed` rebuilt the rows
        self.last_arrived = 0  # rows it put on top, when it did not
        # Showing the end of the list, read by keyset in reverse: no paging through a million
        # rows to reach it. Scrolling up from there reads on backwards.
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
        self.relabel()

    def relabel(self) -> None:
        """The cells' texts again (they are kept per page): another zone or language."""
        self._texts = {number: [None] * len(rows) for number, rows in self._pages.items()}
        if self.loaded_rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self.loaded_rows - 1, len(COLUMNS) - 1))

    @property
    def has_users(self) -> bool:
        return bool(self.database and self.database.has_users)

    # -- rows and pages -------------------------------------------------------------------------
    def _locate(self, row: int) -> tuple[int, int]:
        """(page key, offset in the page) of a row."""
        front = len(self._front)
        if row < front:
            up = front - 1 - row
            return -1 - up // self.page_size, up % self.page_size
        down = row - front
        return down // self.page_size, down % self.page_size

    def _page_ids(self, key: int) -> list[int]:
        size = self.page_size
        if key >= 0:
            return list(self._ids[key * size : (key + 1) * size])
        up = -1 - key
        return list(self._front[up * size : (up + 1) * size])

    def _page_rows(self, key: int) -> range:
        """The rows a page covers, top to bottom."""
        size, front = self.page_size, len(self._front)
        if key >= 0:
            first = front + key * size
            return range(first, first + len(self._ids[key * size : (key + 1) * size]))
        up = -1 - key
        count = len(self._front[up * size : (up + 1) * size])
        return range(front - up * size - count, front - up * size)

    def _clear_rows(self) -> None:
        self._ids = array("q")
        self._front = array("q")
        self._pages.clear()
        self._texts.clear()
        self._reloading.clear()

    def _add_to_pages(self, key_offsets: list[tuple[int, int]], rows: list[AttemptRow]) -> None:
        """Rows just added to the id runs, into their pages: a page begun here is made, one
        already held grows, one let go is read again by id when it is on screen again."""
        for (key, offset), row in zip(key_offsets, rows, strict=True):
            page = self._pages.get(key)
            if page is None:
                if offset == 0:
                    self._store_page(key, [row])
            elif offset == len(page):
                page.append(row)
                self._texts[key].append(None)

    def _append(self, rows: list[AttemptRow]) -> None:
        if not rows:
            return
        first = self.loaded_rows
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        start = len(self._ids)
        self._ids.extend(r.id for r in rows)
        size = self.page_size
        self._add_to_pages([((start + n) // size, (start + n) % size) for n in range(len(rows))], rows)
        self.endInsertRows()
        self._end_cursor = self._cursor_after(rows[-1])

    def _prepend(self, rows: list[AttemptRow], *, arrived: bool = False) -> None:
        """Rows above row 0, nearest first (as a backward read returns them)."""
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
        start = len(self._front)
        self._front.extend(r.id for r in rows)
        size = self.page_size
        self._add_to_pages([(-1 - (start + n) // size, (start + n) % size) for n in range(len(rows))], rows)
        self.endInsertRows()
        self._prev_cursor = self._cursor_after(rows[-1])
        self.rows_prepended.emit(len(rows), arrived)

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Forget everything and load the first page (new filter, sort or database)."""
        self._generation += 1
        self.tail = False
        self.beginResetModel()
        self._clear_rows()
        self._next_cursor = None
        self._exhausted = self.database is None
        self._fetching_next = False
        self._end_cursor = None
        self._prev_cursor = None
        self._front_done = True
        self._fetching_prev = False
        self._checking_above = False
        self._top_cursor = None
        self.new_above = 0
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
        first = self.loaded_rows == 0 and not self.tail
        self.tracker.run(
            listing.list_attempts,
            self.database,
            self.filter,
            self.sort_spec,
            after=cursor,
            limit=self.page_size,
            on_result=lambda page: self._on_page(generation, page, first),
            on_error=lambda error: self._on_load_error(generation, error),
        )

    def _on_load_error(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._fetching_next = False
            self._fetching_prev = False
            self._checking_above = False
            self.loading_changed.emit(False)
            self.failed.emit(error)

    def _on_page(self, generation: int, page: listing.Page, first: bool) -> None:
        if generation != self._generation:
            return
        self._fetching_next = False
        self.loading_changed.emit(False)
        self._append(list(page.rows))
        self._next_cursor = page.next_cursor
        self._exhausted = page.next_cursor is None
        if first:
            if page.rows:
                self._prev_cursor = self._top_cursor = self._cursor_after(page.rows[0])
            self.last_refresh_reset = True
            self.refreshed.emit()

    # -- paging up ----------------------------------------------------------------------------
    def can_fetch_before(self) -> bool:
        """Rows above row 0 not loaded yet (after Ctrl+End, or after many new ones arrived)."""
        return self.database is not None and not self._front_done and not self._fetching_prev and self._prev_cursor is not None

    def fetch_before(self) -> None:
        """The page just above row 0: the same query read backwards from row 0's key."""
        if not self.can_fetch_before():
            return
        assert self.database is not None
        self._fetching_prev = True
        self.loading_changed.emit(True)
        generation = self._generation
        self.tracker.run(
            listing.list_attempts,
            self.database,
            self.filter,
            self.sort_spec,
            after=self._prev_cursor,
            limit=self.page_size,
            backwards=True,
            on_result=lambda page: self._on_page_before(generation, page),
            on_error=lambda error: self._on_load_error(generation, error),
        )

    def _on_page_before(self, generation: int, page: listing.Page) -> None:
        if generation != self._generation:
            return
        self._fetching_prev = False
        self.loading_changed.emit(False)
        self._front_done = page.next_cursor is None
        if self._front_done and page.rows:
            self._top_cursor = self._cursor_after(page.rows[-1])
            self.new_above = 0
        self._prepend(list(page.rows))

    def _reload_page(self, key: int) -> None:
        """A page was let go and is on screen again: its rows read again by id (rows deleted
        since are shown as gone until a refresh)."""
        if self.database is None or key in self._reloading:
            return
        ids = self._page_ids(key)
        if not ids:
            return
        self._reloading.add(key)
        generation = self._generation
        self.tracker.run(
            listing.fetch_rows,
            self.database,
            ids,
            on_result=lambda found: self._on_reloaded(generation, key, ids, found),
            on_error=lambda error: (self._reloading.discard(key), self.failed.emit(error)),
        )

    def _on_reloaded(self, generation: int, key: int, ids: list[int], found: dict[int, AttemptRow]) -> None:
        self._reloading.discard(key)
        if generation != self._generation:
            return
        if self._page_ids(key) != ids:
            # The page grew meanwhile (rows put on top): painted again, it is read again.
            span = self._page_rows(key)
            if span:
                self.dataChanged.emit(self.index(span.start, 0), self.index(span.stop - 1, len(COLUMNS) - 1))
            return
        rows: list[AttemptRow | None] = [found.get(i) for i in ids]
        self._store_page(key, rows)
        span = self._page_rows(key)
        self.dataChanged.emit(self.index(span.start, 0), self.index(span.stop - 1, len(COLUMNS) - 1))

    def _store_page(self, number: int, rows: list[AttemptRow | None]) -> None:
        self._pages[number] = rows
        self._texts[number] = [None] * len(rows)
        self._pages.move_to_end(number)
        while len(self._pages) > MAX_CACHED_PAGES:
            evicted, _ = self._pages.popitem(last=False)
            self._texts.pop(evicted, None)

    # -- refreshing in place -----------------------------------------------------------------
    def refresh(self, visible_rows: range | None = None) -> None:
        """Re-read what is loaded without losing the user's place: the whole list when it is
        short, else the rows on screen (their status, counts and errors), and at both ends
        the rows that came since (new ones on top are put there, or counted when the top is
        far away; rows after the last one are added)."""
        if self.database is None:
            return
        loaded = self.loaded_rows
        if not self.tail and not self._front and loaded <= FULL_REFRESH_LIMIT:
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
        self.request_count(exact=self._exact_next or bool(self.count and self.count.exact))
        self._exact_next = False
        generation = self._generation
        rows = visible_rows or range(0, min(loaded, self.page_size))
        ids = [i for i in (self.id_at(r) for r in rows) if i is not None]
        above = len(self._front)
        if ids:
            self.tracker.run(
                listing.fetch_rows,
                self.database,
                ids,
                on_result=lambda found: self._on_rows_refreshed(generation, rows, set(ids), found, above),
                on_error=self.failed.emit,
            )
        if self._exhausted and self._end_cursor is not None and not self._fetching_next:
            # Rows that now sort after the last one (oldest first: the new ones).
            self._next_cursor = self._end_cursor
            self._exhausted = False
            self._fetch_next_page()
        self._look_above(generation)

    def _look_above(self, generation: int) -> None:
        """New rows above row 0: read and put there while row 0 is the list's first row (a
        page at most; more are paged in as the user scrolls up), else only counted, up to a
        cap, from the first row as last seen."""
        database = self.database
        if database is None or self._checking_above:
            return
        if self._front_done and self._prev_cursor is not None:
            self._checking_above = True
            self.tracker.run(
                listing.list_attempts,
                database,
                self.filter,
                self.sort_spec,
                after=self._prev_cursor,
                limit=self.page_size,
                backwards=True,
                on_result=lambda page: self._on_arrived(generation, page),
                on_error=lambda error: self._on_load_error(generation, error),
            )
        elif self._top_cursor is not None:
            self._checking_above = True
            self.tracker.run(
                listing.count_before,
                database,
                self.filter,
                self.sort_spec,
                self._top_cursor,
                cap=NEW_ROWS_COUNT_CAP,
                on_result=lambda n: self._on_counted_above(generation, n),
                on_error=lambda error: self._on_load_error(generation, error),
            )
        else:
            self.last_arrived = 0
            self.last_refresh_reset = False
            self.refreshed.emit()

    def _on_arrived(self, generation: int, page: listing.Page) -> None:
        if generation != self._generation:
            return
        self._checking_above = False
        if page.next_cursor is not None:
            self._front_done = False  # more than a page came: the rest is read scrolling up
        elif page.rows:
            self._top_cursor = self._cursor_after(page.rows[-1])
        self._prepend(list(page.rows), arrived=True)
        self.last_arrived = len(page.rows)
        self.last_refresh_reset = False
        self.refreshed.emit()

    def _on_counted_above(self, generation: int, count: int) -> None:
        if generation != self._generation:
            return
        self._checking_above = False
        self.new_above = count
        self.last_arrived = 0
        self.last_refresh_reset = False
        self.refreshed.emit()

    def _on_full_refresh(self, generation: int, page: listing.Page) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._clear_rows()
        self._ids = array("q", (r.id for r in page.rows))
        for number in range(0, len(page.rows), self.page_size):
            self._store_page(number // self.page_size, list(page.rows[number : number + self.page_size]))
        self._next_cursor = page.next_cursor
        self._exhausted = page.next_cursor is None
        self._fetching_next = False
        self._front_done = True
        self._prev_cursor = self._top_cursor = self._cursor_after(page.rows[0]) if page.rows else None
        self._end_cursor = self._cursor_after(page.rows[-1]) if page.rows else None
        self.endResetModel()
        self.last_refresh_reset = True
        self.refreshed.emit()

    def load_tail(self) -> None:
        """The last page of the list: the same query read backwards from its end. Scrolling up
        from there reads on backwards (fetch_before)."""
        if self.database is None:
            return
        self._generation += 1
        generation = self._generation
        self.tracker.run(
            listing.list_attempts,
            self.database,
            self.filter,
            self.sort_spec,
            limit=self.page_size,
            backwards=True,
            on_result=lambda page: self._on_tail(generation, page),
            on_error=lambda error: self._on_load_error(generation, error),
        )

    def _on_tail(self, generation: int, page: listing.Page) -> None:
        if generation != self._generation:
            return
        rows = list(page.rows)  # nearest the end first
        self.beginResetModel()
        self.tail = True
        self._clear_rows()
        self._front = array("q", (r.id for r in rows))
        for number in range(0, len(rows), self.page_size):
            self._store_page(-1 - number // self.page_size, rows[number : number + self.page_size])
        self._next_cursor = None
        self._exhausted = True
        self._fetching_next = False
        self._fetching_prev = False
        self._checking_above = False
        self._front_done = page.next_cursor is None
        self._prev_cursor = self._cursor_after(rows[-1]) if rows else None
        self._end_cursor = self._cursor_after(rows[0]) if rows else None
        if self._front_done:
            self._top_cursor = self._prev_cursor
        self.new_above = 0
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

    def _on_rows_refreshed(self, generation: int, rows: range, ids: set[int], found: dict[int, AttemptRow], above: int) -> None:
        if generation != self._generation:
            return
        # Rows put above meanwhile moved these down (an id search through a million loaded
        # ids, per row on screen, would hold the GUI thread).
        shift = len(self._front) - above
        changed: list[int] = []
        for r in rows:
            r += shift
            attempt_id = self.id_at(r)
            if attempt_id is None or attempt_id not in ids:
                continue
            key, offset = self._locate(r)
            page = self._pages.get(key)
            if page is None or offset >= len(page):
                continue
            page[offset] = found.get(attempt_id)
            self._texts[key][offset] = None
            changed.append(r)
        if changed:
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(COLUMNS) - 1))

    # -- access ---------------------------------------------------------------------------------
    def rowCount(self, parent: RowIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._front) + len(self._ids)

    def columnCount(self, parent: RowIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def index(self, row: int, column: int, parent: RowIndex = QModelIndex()) -> QModelIndex:
        # Qt's own index() asks rowCount() and columnCount(): two trips into Python per cell.
        if parent.isValid() or not (0 <= row < len(self._front) + len(self._ids) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def row_at(self, row: int) -> AttemptRow | None:
        if row < 0 or row >= len(self._front) + len(self._ids):
            return None
        key, offset = self._locate(row)
        page = self._pages.get(key)
        if page is None:
            self._reload_page(key)
            return None
        if offset >= len(page):
            # Held short of its ids (it grew while let go): read whole again.
            del self._pages[key]
            self._texts.pop(key, None)
            self._reload_page(key)
            return None
        self._pages.move_to_end(key)
        return page[offset]

    def id_at(self, row: int) -> int | None:
        front = len(self._front)
        if 0 <= row < front:
            return self._front[front - 1 - row]
        if front <= row < front + len(self._ids):
            return self._ids[row - front]
        return None

    def row_of_id(self, attempt_id: int) -> int | None:
        front = len(self._front)
        try:
            return front + self._ids.index(attempt_id)
        except ValueError:
            pass
        try:
            return front - 1 - self._front.index(attempt_id)
        except ValueError:
            return None

    @property
    def loaded_rows(self) -> int:
        return len(self._front) + len(self._ids)

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    @property
    def top_loaded(self) -> bool:
        """Row 0 is the list's first row (as of the last look)."""
        return self._front_done

    @property
    def complete(self) -> bool:
        """Every row of the list is loaded, from its first to its last."""
        return self._exhausted and self._front_done

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
                return "…" if column else str(self.id_at(number))
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
            return ("…" if column else str(self.id_at(number) or ""), None, None, False, None)
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
        page, offset = self._locate(number)
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
            return labels.message_type(row.message_type)
        if key == "category":
            return row.category
        if key == "priority":
            return f"{row.priority} · {labels.priority(row.priority)}" if row.priority is not None else ""
        if key == "status":
            return labels.status(row.status)
        if key == "attempts":
            return f"{row.attempt_count}/{row.max_attempts}"
        if key == "next_retry":
            if row.next_retry_at is None:
                return ""
            return f"{timefmt.relative(row.next_retry_at)} ({timefmt.absolute(row.next_retry_at, self.time_zone)})"
        if key == "error":
            text = " ".join(shown_error(row).split())
            if row.error_code and text:
                text = QCoreApplication.translate("AttemptsModel", "{code}: {message}").format(code=labels.error_code(row.error_code), message=text)
            return text[:120]
        if key == "provider_id":
            return row.provider_message_id
        return ""

    def _tooltip(self, row: AttemptRow, key: str) -> str | None:
        if key == "id" and row.anomalies:
            return _tr("Odd data: {details}").format(details="; ".join(row.anomalies))
        if key == "error" and row.error_message:
            return shown_error(row)
        if key == "status":
            return QCoreApplication.translate("AttemptsModel", "Status code: {code}").format(code=row.status)  # what --status and SQL use
        if key == "created" and row.created_at:
            return f"{timefmt.absolute(row.created_at, 'utc', seconds=True)} UTC"
        return None
