"""Every text a person can see in a window: widget texts, labels, buttons, tabs, headers, menu
and toolbar actions, combo items, tooltips and the display data of lists. The French test
compares them with the English source texts of the translation file."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QCommandLinkButton,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QTabBar,
    QTextEdit,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "waadmin_fr.ts"
EN_TS = ROOT / "resources" / "translations" / "waadmin_en.ts"
_TAGS = re.compile(r"<[^>]+>")
# What a text with values has in place of them: {name}, %n / %Ln (a count), %1.
_PLACEHOLDER = re.compile(r"\{\w*\}|%L?n|%\d")
_WORD = re.compile(r"[^\W\d_]{4,}")
_MARKS = re.compile(r"^[^\w(#«“\"'%{]+")


def english_sources() -> set[str]:
    """The English source texts whose French differs (a text that is the same in both
    languages, "OK" or "Notification", proves nothing)."""
    found = set()
    for message in ET.parse(TS).iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        french = "" if translation is None else (translation.text or "")
        if message.get("numerus") == "yes" or not french or french == source:
            continue
        found.add(source)
    return found


def french_translations() -> set[str]:
    """The French texts that differ from their English source: after switching back to
    English none of them may remain."""
    found = set()
    for message in ET.parse(TS).iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        french = "" if translation is None else (translation.text or "")
        if message.get("numerus") == "yes" or not french or french == source:
            continue
        found.add(french)
    return found


class Template:
    """A source text with values (\"Cancelled: {done}. Not cancelled …\", \"%Ln rows copied\") as
    the regular expression its finished texts match, with its longest fixed word to rule most
    texts out before the expression is tried."""

    def __init__(self, text: str) -> None:
        self.text = text
        parts = _PLACEHOLDER.split(_plain(text))
        # A value never ends in the no-break space French puts before ":" ("Instance chine :"
        # is the French of "Instance {region}:", not the English with "chine " put in).
        self.pattern = re.compile(r".*?[^\u00a0\u202f]".join(re.escape(part) for part in parts), re.DOTALL)
        self.word = max(_WORD.findall(" ".join(parts)), key=len, default="")

    def matches(self, text: str) -> bool:
        return bool(self.word) and self.word in text and self.pattern.fullmatch(text) is not None


def _forms(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    if translation is None or translation.get("type") in {"unfinished", "obsolete", "vanished"}:
        return []
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


def _templates(side: str) -> list[Template]:
    """Texts with values whose words differ between the languages: the English ones (their
    source, and the singular and plural forms of waadmin_en.ts) or the French ones."""
    english_forms: dict[str, list[str]] = {}
    for message in ET.parse(EN_TS).iter("message"):
        english_forms[message.findtext("source") or ""] = _forms(message)
    found: dict[str, Template] = {}
    for message in ET.parse(TS).iter("message"):
        source = message.findtext("source") or ""
        french = [f for f in _forms(message) if f]
        if not french or not _PLACEHOLDER.search(source) or all(f == source for f in french):
            continue
        texts = [source, *english_forms.get(source, [])] if side == "en" else french
        for text in texts:
            template = Template(text)
            if template.word and text not in found:
                found[text] = template
    if side == "en":  # a French text that happens to fit an English one proves nothing
        for message in ET.parse(TS).iter("message"):
            for text in _forms(message):
                found.pop(text, None)
    return list(found.values())


def english_templates() -> list[Template]:
    return _templates("en")


def french_templates() -> list[Template]:
    return _templates("fr")


def _plain(text: str) -> str:
    return _TAGS.sub(" ", text.replace("&&", "\0").replace("&", "").replace("\0", "&")).strip()


def _action_texts(where: str, actions: Iterable[QAction], tips: bool) -> Iterator[tuple[str, str]]:
    for action in actions:
        if action.isSeparator():
            continue
        yield f"{where} action", action.text()
        if tips:
            yield f"{where} action tip", action.toolTip()
        if action.menu() is not None:
            yield from menu_texts(action.menu(), f"{where} › {action.text()}")


def menu_texts(menu: QMenu, where: str = "menu") -> Iterator[tuple[str, str]]:
    yield where, menu.title()
    yield from _action_texts(where, menu.actions(), tips=False)


def view_texts(view: QAbstractItemView, where: str, rows: int = 60) -> Iterator[tuple[str, str]]:
    model = view.model()
    if model is None:
        return
    root = QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)  # a list's is private
    for column in range(columns):
        yield f"{where} header", str(model.headerData(column, Qt.Orientation.Horizontal) or "")
    for row in range(min(rows, model.rowCount(root))):
        for column in range(columns):
            value = model.data(model.index(row, column))
            if isinstance(value, str):
                yield f"{where} row {row}", value
            tip = model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str) and len(tip) < 200:
                yield f"{where} row {row} tip", tip


def widget_texts(root: QWidget, visible_only: bool = True) -> Iterator[tuple[str, str]]:
    """The texts of ``root`` and its children (hidden ones left out when ``visible_only``)."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if visible_only and not widget.isVisibleTo(root.window()) and widget is not root:
            continue
        name = widget.objectName() or type(widget).__name__
        if widget.isWindow():
            yield f"{name} title", widget.windowTitle()
        if widget.toolTip():
            yield f"{name} tip", widget.toolTip()
        if isinstance(widget, QLabel | QAbstractButton):
            yield name, widget.text()
        if isinstance(widget, QCommandLinkButton):
            yield f"{name} description", widget.description()
        elif isinstance(widget, QGroupBox):
            yield name, widget.title()
        elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            yield f"{name} placeholder", widget.placeholderText()
        elif isinstance(widget, QSpinBox | QDoubleSpinBox):
            yield f"{name} suffix", widget.suffix().strip()
            yield f"{name} prefix", widget.prefix().strip()
            yield f"{name} special", widget.specialValueText()
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield f"{name} item", widget.itemText(i)
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                yield f"{name} tab", widget.tabText(i)
                yield f"{name} tab tip", widget.tabToolTip(i)
        elif isinstance(widget, QAbstractItemView):
            yield from view_texts(widget, name)
        if isinstance(widget, QMenu):
            yield from menu_texts(widget, name)
        else:
            yield from _action_texts(name, [a for a in widget.actions() if not isinstance(widget, QLineEdit)], tips=True)


def english_left(
    texts: Iterable[tuple[str, str]], sources: set[str], allowed: Iterable[str] = (), templates: Iterable[Template] = ()
) -> list[str]:
    """Texts that are an English source text, or hold one as a whole line or sentence; with
    ``templates``, also those that are a source text with values put in."""
    allowed = set(allowed)
    templates = list(templates)
    found = []
    for where, text in texts:
        plain = _plain(text or "")
        if not plain or plain in allowed:
            continue
        pieces = {plain, *(p.strip() for p in re.split(r"[\n·|]", plain))}
        pieces |= {_MARKS.sub("", p) for p in pieces}  # without a leading "⚠️ " or "❌ "
        for piece in pieces:
            if piece in allowed:
                continue
            if piece in sources or any(t.matches(piece) for t in templates):
                found.append(f"{where}: {text!r}")
                break
    return sorted(set(found))
