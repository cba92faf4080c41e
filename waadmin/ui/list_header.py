"""The attempts list's column header: the sort arrow pointing the way the rows go, and a
context menu to show, hide and reset the columns (order, widths and visibility are saved by
the view, per table layout)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QHeaderView, QMenu, QStyle, QStyleOptionHeader, QWidget

from waadmin.ui.columns import COLUMNS, DEFAULT_ORDER, HIDDEN_BY_DEFAULT

_POINTS_UP: dict[tuple[str, str], bool] = {}


def sort_up_points_up(style: QStyle) -> bool:
    """Whether ``style`` draws QStyleOptionHeader.SortUp as an arrow pointing up: told by
    painting it once, small, and seeing where its ink lies (a triangle pointing up has its
    broad side, and so most of its ink, at the bottom). Kept per kind of style (a style's
    Python wrapper is made anew at each call: its id() is no key)."""
    key = (style.metaObject().className(), style.name())
    known = _POINTS_UP.get(key)
    if known is not None:
        return known
    size = 24
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    option = QStyleOptionHeader()
    option.rect = QRect(0, 0, size, size)
    option.sortIndicator = QStyleOptionHeader.SortIndicator.SortUp
    painter = QPainter(image)
    style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorHeaderArrow, option, painter, None)
    painter.end()
    top = bottom = 0
    for y in range(size):
        ink = sum(image.pixelColor(x, y).alpha() for x in range(size))
        if y < size // 2:
            top += ink
        elif y >= size - size // 2:
            bottom += ink
    points_up = bottom >= top  # nothing drawn at all: Qt's own convention (Fusion's)
    _POINTS_UP[key] = points_up
    return points_up


class ListHeader(QHeaderView):
    layout_reset = Signal()
    columns_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.unavailable: set[int] = set()  # columns this database has no data for (recipient)
        self.last_menu: QMenu | None = None

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logical_index: int) -> None:  # noqa: N802
        # QHeaderView gives Qt's descending order SortUp, and styles disagree on what SortUp
        # looks like: Fusion draws an arrow pointing up ("newest first" showed an up arrow),
        # the Windows style one pointing down. The arrow points where the values go as one
        # reads down the list: down for descending, whatever the style.
        super().initStyleOptionForIndex(option, logical_index)
        if self.isSortIndicatorShown() and self.sortIndicatorSection() == logical_index:
            descending = self.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
            up, down = QStyleOptionHeader.SortIndicator.SortUp, QStyleOptionHeader.SortIndicator.SortDown
            if not sort_up_points_up(self.style()):
                up, down = down, up
            option.sortIndicator = down if descending else up

    # -- columns ------------------------------------------------------------------------------
    def reset_layout(self) -> None:
        """The default: the columns operators read first on the left, Last error on screen at
        1440 px, the rarer ones after it."""
        for visual, key in enumerate(DEFAULT_ORDER):
            logical = next(n for n, c in enumerate(COLUMNS) if c.key == key)
            self.moveSection(self.visualIndex(logical), visual)
        for number, column in enumerate(COLUMNS):
            self.resizeSection(number, column.width)
            self.setSectionHidden(number, column.key in HIDDEN_BY_DEFAULT or number in self.unavailable)
        self.fit_status_column()

    def status_width(self) -> int:
        """Wide enough for the longest status label of the current language (French's
        "Échec, nouvel essai prévu" was clipped at the English width), with the warning icon."""
        from waadmin.domain import statuses
        from waadmin.ui import labels

        metrics = self.fontMetrics()
        longest = max(metrics.horizontalAdvance(labels.status(s)) for s in statuses.ALL)
        return longest + 16  # the cell's margins

    def fit_status_column(self) -> None:
        number = next(n for n, c in enumerate(COLUMNS) if c.key == "status")
        if self.sectionSize(number) < self.status_width():
            self.resizeSection(number, self.status_width())

    def set_column_shown(self, logical: int, shown: bool) -> None:
        if not shown and sum(1 for n in range(self.count()) if not self.isSectionHidden(n)) <= 1:
            return  # the last column stays
        self.setSectionHidden(logical, not shown)
        self.columns_changed.emit()

    def _menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        menu.setObjectName("headerMenu")
        for visual in range(self.count()):
            logical = self.logicalIndex(visual)
            if logical in self.unavailable:
                continue
            title = QCoreApplication.translate("columns", COLUMNS[logical].title)
            action = menu.addAction(title)
            action.setObjectName(f"column_{COLUMNS[logical].key}")
            action.setCheckable(True)
            action.setChecked(not self.isSectionHidden(logical))
            action.toggled.connect(lambda shown, n=logical: self.set_column_shown(n, shown))
        menu.addSeparator()
        reset = menu.addAction(self.tr("Reset columns"))
        reset.setObjectName("columnsReset")
        reset.triggered.connect(lambda: (self.reset_layout(), self.layout_reset.emit(), self.columns_changed.emit()))
        self.last_menu = menu
        menu.popup(self.viewport().mapToGlobal(point))
