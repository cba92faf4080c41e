"""The wall screen (F11): the dashboard alone, full screen, with large figures, for a screen left
on all day. The window's menus, toolbars, status bar and tabs are hidden and put back on leave."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMainWindow, QTabWidget, QToolBar, QWidget

WALL_SCALE = 2.0  # the key figures
PANEL_SCALE = 1.3  # the alerts and health lines


class WallScreen:
    def __init__(self, view: Any) -> None:
        self.view = view
        self._hidden: list[QWidget] = []
        self._was_full = False
        self._was_maximized = False

    def _window(self) -> QMainWindow | None:
        top = self.view.window()
        return top if isinstance(top, QMainWindow) else None

    def enter(self) -> None:
        window = self._window()
        if window is not None:
            self._was_full, self._was_maximized = window.isFullScreen(), window.isMaximized()
            candidates: list[QWidget] = [window.menuBar(), window.statusBar(), *window.findChildren(QToolBar)]
            tabs = self.view.parentWidget()
            while tabs is not None and not isinstance(tabs, QTabWidget):
                tabs = tabs.parentWidget()
            if tabs is not None:
                candidates.append(tabs.tabBar())
            self._hidden = [w for w in candidates if w is not None and w.isVisible()]
            for widget in self._hidden:
                widget.setVisible(False)
            window.showFullScreen()
        self.view.controls.setVisible(False)
        self.view.figures.set_scale(WALL_SCALE)
        for panel in (self.view.alerts, self.view.health):
            font = panel.font()
            font.setPointSizeF(font.pointSizeF() * PANEL_SCALE)
            panel.setFont(font)
        for chart in self.view.charts:
            chart.reset_button.setVisible(False)
            chart.save_button.setVisible(False)
        self.view.live.setParent(None)
        self.view.layout().insertWidget(0, self.view.live)
        font = self.view.live.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.view.live.setFont(font)

    def leave(self) -> None:
        window = self._window()
        for widget in self._hidden:
            widget.setVisible(True)
        if window is not None and not self._was_full:
            window.showMaximized() if self._was_maximized else window.showNormal()
        self.view.controls.setVisible(True)
        self.view.figures.set_scale(1.0)
        for panel in (self.view.alerts, self.view.health):
            font = panel.font()
            font.setPointSizeF(font.pointSizeF() / PANEL_SCALE)
            panel.setFont(font)
        for chart in self.view.charts:
            chart.reset_button.setVisible(chart.zoomable)
            chart.save_button.setVisible(True)
        font = self.view.live.font()
        font.setPointSizeF(font.pointSizeF() / 1.4)
        self.view.live.setFont(font)
        self.view.controls.layout().insertWidget(self.view.controls.layout().count() - 4, self.view.live)
