"""Switching the language in a running app: every open window, dialog, dock and menu is
relabelled at once, without a restart.

Static texts (labels, buttons, tabs, menu and toolbar actions, combo items, tooltips, titles)
are swapped through the translation file itself: the text shown in the old language is looked
up and replaced by the same source's text in the new one, so no widget has to remember which
source each of its texts came from. Texts built from data ("Due now: 33", a detail's fields,
the dashboard's alerts) are rebuilt by their widgets, which handle ``QEvent.LanguageChange``
(sent by Qt when the translators change); lists relabel through their models' change signals.
A text built once and shown by a widget that cannot rebuild it (a status-bar message, a banner,
a dialog's result line) is shown through ``set_text``/``show_message`` with a builder, called
again on LanguageChange."""

from __future__ import annotations

import functools
import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QElapsedTimer, QEvent, QLocale, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCommandLinkButton,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QStatusBar,
    QTableWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from waadmin.ui import resources

log = logging.getLogger(__name__)


@functools.cache
def _pairs() -> tuple[tuple[str, str], ...]:
    """(English source, French translation) for every text without a count."""
    try:
        tree = ET.parse(resources.path("translations", "waadmin_fr.ts"))
    except (OSError, ET.ParseError):
        # An install without the .ts: widgets that rebuild their texts still switch; the rest
        # follows at the next start.
        log.warning("translations: waadmin_fr.ts not readable, static texts switch at the next start", exc_info=True)
        return ()
    found = []
    for message in tree.iter("message"):
        translation = message.find("translation")
        if message.get("numerus") == "yes" or translation is None or translation.get("type") in {"unfinished", "obsolete", "vanished"}:
            continue
        source, french = message.findtext("source") or "", translation.text or ""
        if source and french:
            found.append((source, french))
    return tuple(found)


@functools.cache
def table(old: str, new: str) -> dict[str, str]:
    """Old-language text → new-language text; a text that maps to two different ones (two
    sources with one French word) is left out, for its widget to rebuild."""
    if old == new:
        return {}
    pairs = _pairs() if (old, new) == ("en", "fr") else tuple((fr, en) for en, fr in _pairs())
    mapping: dict[str, str] = {}
    ambiguous: set[str] = set()
    for before, after in pairs:
        if mapping.get(before, after) != after:
            ambiguous.add(before)
        mapping[before] = after
    for text in ambiguous:
        del mapping[text]
    return mapping


def _swap(mapping: dict[str, str], text: str) -> str | None:
    if not text:
        return None
    found = mapping.get(text)
    if found is None and text.endswith(":") and (bare := mapping.get(text[:-1])) is not None:
        found = bare + ":"  # a form's field name, its colon added to the translated word
    return found


def _actions(mapping: dict[str, str], actions: Iterable[QAction]) -> None:
    for action in actions:
        if (text := _swap(mapping, action.text())) is not None:
            action.setText(text)
        if (tip := _swap(mapping, action.toolTip())) is not None:
            action.setToolTip(tip)
        if (tip := _swap(mapping, action.statusTip())) is not None:
            action.setStatusTip(tip)
        menu = action.menu()
        if isinstance(menu, QMenu) and (title := _swap(mapping, menu.title())) is not None:
            menu.setTitle(title)


def relabel_widget(widget: QWidget, mapping: dict[str, str]) -> None:
    if widget.isWindow() and (title := _swap(mapping, widget.windowTitle())) is not None:
        widget.setWindowTitle(title)
    if (tip := _swap(mapping, widget.toolTip())) is not None:
        widget.setToolTip(tip)
    if isinstance(widget, QLabel | QAbstractButton) and (text := _swap(mapping, widget.text())) is not None:
        widget.setText(text)
    if isinstance(widget, QCommandLinkButton) and (text := _swap(mapping, widget.description())) is not None:
        widget.setDescription(text)
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        if (text := _swap(mapping, widget.suffix())) is not None:
            widget.setSuffix(text)
        if (text := _swap(mapping, widget.prefix())) is not None:
            widget.setPrefix(text)
        if (text := _swap(mapping, widget.specialValueText())) is not None:
            widget.setSpecialValueText(text)
    if isinstance(widget, QGroupBox) and (text := _swap(mapping, widget.title())) is not None:
        widget.setTitle(text)
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit) and (text := _swap(mapping, widget.placeholderText())) is not None:
        widget.setPlaceholderText(text)
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            if (text := _swap(mapping, widget.itemText(i))) is not None:
                widget.setItemText(i, text)
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            if (text := _swap(mapping, widget.tabText(i))) is not None:
                widget.setTabText(i, text)
            if (tip := _swap(mapping, widget.tabToolTip(i))) is not None:
                widget.setTabToolTip(i, tip)
    if isinstance(widget, QTableWidget):
        items = [widget.horizontalHeaderItem(c) for c in range(widget.columnCount())]
        items += [widget.item(r, c) for r in range(widget.rowCount()) for c in range(widget.columnCount())]
        for item in items:
            if item is not None and (text := _swap(mapping, item.text())) is not None:
                item.setText(text)
    if isinstance(widget, QMenu) and (title := _swap(mapping, widget.title())) is not None:
        widget.setTitle(title)
    _actions(mapping, widget.actions())


def refresh_model(model: QAbstractItemModel | None) -> None:
    """Headers and cells are translated when asked for: saying they changed is enough."""
    if model is None:
        return
    root = QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)  # a list's is private
    rows = model.rowCount(root)
    if columns:
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
    if rows and columns:
        model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, columns - 1))


def relabel_all(old: str, new: str) -> None:
    """Every widget of the app, its actions and its lists, from ``old`` to ``new``."""
    mapping = table(old, new)
    if not mapping:
        return
    models: dict[int, QAbstractItemModel] = {}
    for widget in QApplication.allWidgets():
        relabel_widget(widget, mapping)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            models.setdefault(id(widget.model()), widget.model())
    for model in models.values():
        refresh_model(model)


# -- texts built from data, kept with what builds them ------------------------------------------
# A status-bar message, a banner or a dialog's result line is built once ("Cancelled: 3 …",
# "The database cannot be reached: …") and its widget has no reason to know how. The builder is
# kept beside the widget and called again when the widget hears LanguageChange, while the text
# it built is still the one shown (a text shown since by other code is that code's business).

TextBuilder = Callable[[], str]


def _language() -> str:
    # i18n.current_language(), which imports this module: the default locale follows the choice.
    return "fr" if QLocale().language() == QLocale.Language.French else "en"


class _LiveText(QObject):
    def __init__(self, owner: QWidget, slot: str, build: TextBuilder, apply: Callable[[str], None], current: Callable[[], str]) -> None:
        super().__init__(owner)
        self.setObjectName(f"liveText:{slot}")
        self.build, self.apply, self.current = build, apply, current
        self.shown = ""
        self.language = ""
        owner.installEventFilter(self)

    def show(self) -> str:
        self.shown, self.language = self.build(), _language()
        self.apply(self.shown)
        return self.shown

    def still_shown(self) -> bool:
        now = self.current()
        # The static texts' swap runs before the new translators go in; a built text that
        # happens to be a source text ("Provider: up") may have been swapped already.
        return now == self.shown or now == table(self.language, _language()).get(self.shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange and self.shown:
            if self.still_shown():
                self.show()
            else:
                self.shown = ""  # replaced by other code: nothing of ours to rebuild
        return False


def keep(owner: QWidget, slot: str, build: TextBuilder, apply: Callable[[str], None], current: Callable[[], str]) -> str:
    """Show ``build()`` through ``apply`` now and again, rebuilt, at each language change of
    ``owner`` while ``current()`` still returns it. One builder per (owner, slot): a new one
    replaces the last. Returns the text shown."""
    live = owner.findChild(_LiveText, f"liveText:{slot}", Qt.FindChildOption.FindDirectChildrenOnly)
    if live is None:
        live = _LiveText(owner, slot, build, apply, current)
    else:  # a status label said again at every refresh: the same keeper, a new builder
        live.build, live.apply, live.current = build, apply, current
    return live.show()


def set_text(widget: QLabel | QAbstractButton, build: TextBuilder | str) -> str:
    """``widget.setText(build())``, rebuilt in the new language when it changes. A plain
    string is shown as it is (an error's own words, already in the user's language)."""
    text_of = build if callable(build) else (lambda: build)
    return keep(widget, "text", text_of, widget.setText, widget.text)


def label(build: TextBuilder) -> QLabel:
    """A form's field name built from data ("Mali access token:"), said again in the new language."""
    widget = QLabel()
    set_text(widget, build)
    return widget


def set_plain_text(widget: QPlainTextEdit, build: TextBuilder) -> str:
    return keep(widget, "plainText", build, widget.setPlainText, widget.toPlainText)


def set_tool_tip(widget: QWidget, build: TextBuilder) -> str:
    return keep(widget, "toolTip", build, widget.setToolTip, widget.toolTip)


class _StatusMessage(QObject):
    """The status bar's transient message with its builder and the time it has left."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.setObjectName("liveStatusMessage")
        self.bar = bar
        self.build: TextBuilder | None = None
        self.shown = ""
        self.timeout = 0
        self.clock = QElapsedTimer()
        bar.installEventFilter(self)

    def show(self, build: TextBuilder, timeout: int) -> str:
        self.build, self.timeout = build, timeout
        self.shown = build()
        self.clock.start()
        self.bar.showMessage(self.shown, timeout)
        return self.shown

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange and self.build is not None:
            if self.bar.currentMessage() == self.shown and self.shown:
                left = self.timeout - self.clock.elapsed() if self.timeout else 0
                if not self.timeout or left > 0:
                    build, self.timeout = self.build, max(left, 0)
                    self.show(build, self.timeout)
            else:
                self.build = None
        return False


def show_message(bar: QStatusBar, build: TextBuilder | str, timeout: int = 0) -> str:
    """``bar.showMessage(build(), timeout)``, rebuilt in the new language (for the time it
    has left) if the language changes while it is shown."""
    keeper = bar.findChild(_StatusMessage, "liveStatusMessage", Qt.FindChildOption.FindDirectChildrenOnly) or _StatusMessage(bar)
    return keeper.show(build if callable(build) else (lambda: build), timeout)
