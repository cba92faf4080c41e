"""Start the desktop app: Qt application, translations, the session and the main window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from waadmin import __version__
from waadmin.ui import gc_guard, i18n, saved_settings
from waadmin.ui import settings as ui_settings
from waadmin.ui.main_window import MainWindow
from waadmin.ui.resources import icon
from waadmin.ui.session import ConnectRequest, Session
from waadmin.ui.tasks import TaskTracker, configure_pool

log = logging.getLogger(__name__)

DESKTOP_ID = "com.tsaircargo.waadmin"


@dataclass
class AppContext:
    app: QApplication
    tracker: TaskTracker
    session: Session
    window: MainWindow
    language: str


def qt_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ui_settings.ORGANIZATION)
    app.setApplicationName(ui_settings.APPLICATION)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(icon("waadmin"))
    app.setDesktopFileName(DESKTOP_ID)  # Wayland matches the window to packaging/<id>.desktop
    gc_guard.install(app)
    return app


def _warm_up(database: str | None) -> None:
    """Imports the first connection and the first send would otherwise do in worker threads,
    done before the event loop runs: an import holds the interpreter lock (and PySide's import
    hook reads each new module's source) for tens of ms, and the window froze meanwhile."""
    from waadmin.db.database import load_driver
    from waadmin.providers import http

    load_driver(database)
    http.warm_up()


class _AfterFirstPaint(QObject):
    """Runs ``then`` once the window has painted for the first time (or after a second, for a
    window the platform never shows). Connecting starts the first queries: the first paint,
    the window's slowest (~11 ms of layout and rendering), goes before them in a pass of its
    own instead of sharing the processor and the interpreter with them."""

    FALLBACK_MS = 1000

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._window and event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            self._window.removeEventFilter(self)
            then()


def start(database: str | None = None, *, read_only: bool = False, layout: str | None = None, show: bool = True) -> AppContext:
    """Build the app and begin connecting; the caller runs the event loop (or a test drives it)."""
    app = qt_application()
    _warm_up(database)
    prefs = ui_settings.load_preferences()
    language = i18n.install(app, prefs.language)
    configure_pool()
    tracker = TaskTracker(app)
    session = Session(tracker)
    window = MainWindow(session, tracker, prefs)
    window.welcome = window.add_welcome_panel()
    saved_settings.restore(session, tracker, window.worker)
    request = ConnectRequest(url=database, read_only=read_only, layout=layout)
    if show:
        window.show()
        _AfterFirstPaint(window, lambda: session.connect_to(request))
    else:
        session.connect_to(request)
    gc_guard.install(app).settle()
    return AppContext(app, tracker, session, window, language)
