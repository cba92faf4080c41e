"""The banner that says waadmin's triggers or indexes were lost (the Django app's migration 0002
rebuilds the attempts table on SQLite and drops them), with a Reinstall button.

Checked on every connection, off the GUI thread; until the objects are back, stats and search
read the attempts directly (correct, slower), which is what the banner tells. Nothing is shown
for a Django database where waadmin never installed them (see waadmin.db.lost_objects).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from waadmin.db import lost_objects
from waadmin.db.database import Database
from waadmin.db.lost_objects import LostObjects
from waadmin.engine.audit import AuditTrail
from waadmin.ui import retranslate
from waadmin.ui.resources import icon
from waadmin.ui.session import Session
from waadmin.ui.tasks import TaskTracker, user_message


def _check(database: Database) -> tuple[Database, LostObjects]:
    return database, lost_objects.lost_objects(database)


def _reinstall(database: Database, audit: AuditTrail | None) -> tuple[Database, LostObjects]:
    done = lost_objects.reinstall(database)
    if audit is not None and done:
        audit.record("doctor", target="reinstalled " + ", ".join(done.names()), row_count=0)
    return database, done


class LostObjectsBanner(QFrame):
    reinstalled = Signal(object)  # the LostObjects put back (for tests and whoever listens)

    def __init__(self, session: Session, tracker: TaskTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lostObjectsBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.session = session
        self.tracker = tracker
        self.lost = LostObjects()
        self._database: Database | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        mark = QLabel()
        mark.setPixmap(icon("warning").pixmap(20, 20))
        mark.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel()
        self.text.setObjectName("lostObjectsText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(self.tr("Reinstall…"))
        self.button.setObjectName("lostObjectsReinstall")
        self.button.setToolTip(self.tr("Put waadmin's triggers and indexes back on the attempts table (asks first)"))
        self.button.clicked.connect(self.ask_to_reinstall)
        layout.addWidget(mark)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setVisible(False)
        session.connected.connect(self.check)

    # -- noticing -----------------------------------------------------------------------------
    def check(self, database: Database) -> None:
        self._database = database
        self.lost = LostObjects()
        self.setVisible(False)
        self.tracker.run(_check, database, on_result=self._on_checked, on_error=self._on_check_failed)

    def _on_checked(self, result: tuple[Database, LostObjects]) -> None:
        database, lost = result
        if database is not self._database:
            return  # an answer about a database the session has left since
        self.lost = lost
        if not lost:
            self.setVisible(False)
            return
        retranslate.set_text(self.text, lambda: self._lost_text(database, lost))
        self.button.setVisible(not database.read_only)
        self.button.setEnabled(True)
        self.setVisible(True)

    def _lost_text(self, database: Database, lost: LostObjects) -> str:
        text = "⚠️ " + self.tr(
            "waadmin's objects on {table} are gone: {what}. A Django migration that rebuilt the table drops them. "
            "Until they are reinstalled, the dashboard and search read the attempts directly: correct, but slower."
        ).format(table=database.layout.attempt_table, what=self._what(lost))
        if database.read_only:
            text += " " + self.tr(
                "This connection is read-only: reconnect without read-only to reinstall them, or run 'waadmin doctor --apply'."
            )
        return text

    def _on_check_failed(self, error: BaseException) -> None:
        # Not worth a dialog: the views meet the same problem and the session handles it.
        self.setVisible(False)

    def _what(self, lost: LostObjects) -> str:
        parts = []
        if lost.summary:
            parts.append(self.tr("the stats summary's triggers"))
        if lost.search_index:
            parts.append(self.tr("the text-search index's triggers"))
        parts += [self.tr("the index {name}").format(name=item.wanted.name) for item in lost.indexes]
        return ", ".join(parts)

    # -- repairing ----------------------------------------------------------------------------
    def ask_to_reinstall(self) -> None:
        database = self._database
        if database is None or not self.lost:
            return
        if database.read_only:  # the button is hidden then; a shortcut must not get round it
            QMessageBox.information(self, self.tr("Reinstall"), self.tr("This connection is read-only: reconnect without read-only to reinstall them."))
            return
        answer = QMessageBox.question(
            self,
            self.tr("Reinstall"),
            self.tr(
                "Reinstall {what} on {database}? The stats summary is counted again from the attempts; "
                "writes to the table wait meanwhile (seconds at a million attempts)."
            ).format(what=self._what(self.lost), database=database.display_name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.button.setEnabled(False)
        self.text.setText(self.tr("Reinstalling waadmin's triggers and indexes…"))
        self.tracker.run(_reinstall, database, self.session.audit, on_result=self._on_reinstalled, on_error=self._on_reinstall_failed)

    def _on_reinstalled(self, result: tuple[Database, LostObjects]) -> None:
        database, done = result
        if database is self._database:
            self.lost = LostObjects()
            self.setVisible(False)
        self.reinstalled.emit(done)

    def _on_reinstall_failed(self, error: BaseException) -> None:
        QMessageBox.warning(self, self.tr("Reinstall"), self.tr("The objects could not be reinstalled: {reason}").format(reason=user_message(error)))
        if self._database is not None:
            self.check(self._database)  # say again what is still missing
