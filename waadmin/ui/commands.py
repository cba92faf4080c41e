"""The window's commands, declared once: id, text, icon, shortcut, tip and when each is enabled.
The main window turns them into QActions; its menus, toolbar and the list's row menu show those
same actions, and an attempt's detail window makes its own from the same declarations for the
commands that act on attempts, so a command has one text, one shortcut, one enabled-when rule
and one confirmation everywhere (as napari's Action declarations and qutebrowser's command
table do)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from waadmin.domain import rules


@dataclass(frozen=True)
class CommandState:
    """What the enabled-when rules look at, gathered once per change of selection or state."""

    connected: bool = False  # a database is open (even if it cannot be reached right now)
    usable: bool = False  # open and reachable
    writable: bool = False  # usable and not read-only
    idle: bool = True  # no long action running
    selected: tuple[rules.AttemptState, ...] = ()
    all_matching: bool = False  # "Select all N matching" chosen

    @property
    def one_stuck_row(self) -> bool:
        return len(self.selected) == 1 and self.selected[0].status == "sending"


Rule = Callable[[CommandState], bool]


def attempt_state(row: Any) -> rules.AttemptState:
    """What the rules read of a list row or a detail (both carry these fields)."""
    return rules.AttemptState(row.status, row.attempt_count, row.max_attempts, row.created_at, row.next_retry_at, row.last_attempt_at)


@dataclass(frozen=True)
class Target:
    """What a command on attempts acts on: the list's selection, or a detail window's attempt.
    ``rows`` hold AttemptRow or AttemptDetail (both have the id, status, counts, dates and
    phone the commands read)."""

    rows: tuple[Any, ...] = ()
    all_matching: bool = False  # the list's "Select all N matching"
    origin: Any = None  # the window its questions and reports belong to
    after: Callable[[], None] | None = None  # called once the command's work is done
    # A short word back ("Phone copied"), where it is seen: given its builder, so that it can be
    # said again in the new language (ui.retranslate).
    note: Callable[[Callable[[], str]], None] | None = None

    @property
    def ids(self) -> list[int]:
        return [r.id for r in self.rows]

    def done(self) -> None:
        if self.after is not None:
            self.after()


def _always(_s: CommandState) -> bool:
    return True


@dataclass(frozen=True)
class Command:
    id: str  # the QAction's object name
    attr: str  # the window's attribute (act_...)
    text: str  # source text, translated in the "commands" context
    icon: str
    slot: str  # the window's method, or a controller's: "bulk.retry_matching"
    shortcut: tuple[QKeySequence.StandardKey | str, ...] = ()
    tip: str = ""
    enabled_when: Rule = field(default=_always)
    changes_data: bool = False  # its tip says so on a read-only connection
    on_attempts: bool = False  # its slot takes a Target (the detail window offers it too)
    one_text: str = ""  # its text where it acts on one attempt shown alone (the detail window)
    # Shown beside the command in menus but typed elsewhere (Ctrl+C belongs to whatever has
    # the focus: the list copies rows, a text box its text).
    shortcut_shown_only: bool = False

    def title(self, *, one: bool = False) -> str:
        return QCoreApplication.translate("commands", self.one_text if one and self.one_text else self.text)

    def tooltip(self) -> str:
        tip = QCoreApplication.translate("commands", self.tip) if self.tip else self.title()
        keys = self.key_sequences()
        if keys:
            tip += f" ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})"
        return tip

    def key_sequences(self) -> list[QKeySequence]:
        return [QKeySequence(k) for k in self.shortcut]

    def slot_of(self, owner: Any) -> Callable[..., Any]:
        """The method doing the work: on the window, or on one of its controllers ("retries.retry_rows")."""
        target = owner
        for part in self.slot.split("."):
            target = getattr(target, part)
        return target


def _writable_idle(s: CommandState) -> bool:
    return s.writable and s.idle


def _some_row(s: CommandState) -> bool:
    return s.usable and bool(s.selected)


def _one_row(s: CommandState) -> bool:
    return s.usable and len(s.selected) == 1


COMMANDS: tuple[Command, ...] = (
    Command("actRefresh", "act_refresh", QT_TRANSLATE_NOOP("commands", "Refresh"), "refresh", "refresh", ("F5",),
            QT_TRANSLATE_NOOP("commands", "Reload the list and the counts"), lambda s: s.connected),
    Command("actOpen", "act_open", QT_TRANSLATE_NOOP("commands", "Open"), "list", "open_rows", ("Return",),
            QT_TRANSLATE_NOOP("commands", "The attempt in full, in its own window"), _one_row,
            on_attempts=True, shortcut_shown_only=True),
    Command("actRetrySelected", "act_retry_selected", QT_TRANSLATE_NOOP("commands", "Retry selected"), "retry", "retries.retry_rows", ("Ctrl+R",),
            QT_TRANSLATE_NOOP("commands", "Send the selected attempts now, if attempts remain"),
            lambda s: _writable_idle(s) and (s.all_matching or any(rules.can_retry_now(a) for a in s.selected)), True,
            on_attempts=True, one_text=QT_TRANSLATE_NOOP("commands", "Retry now")),
    Command("actCancelSelected", "act_cancel_selected", QT_TRANSLATE_NOOP("commands", "Cancel selected"), "cancel", "changes.cancel_rows", ("Ctrl+Shift+K",),
            QT_TRANSLATE_NOOP("commands", "Cancel the selected attempts that are still waiting"),
            lambda s: _writable_idle(s) and (s.all_matching or any(rules.can_cancel(a) for a in s.selected)), True,
            on_attempts=True, one_text=QT_TRANSLATE_NOOP("commands", "Cancel attempt")),
    Command("actRetryDue", "act_retry_due", QT_TRANSLATE_NOOP("commands", "Retry all due"), "retry-all", "retries.retry_all_due", ("Ctrl+Shift+R",),
            QT_TRANSLATE_NOOP("commands", "Send every attempt whose retry time has come"), _writable_idle, True),
    Command("actRetryMatching", "act_retry_matching", QT_TRANSLATE_NOOP("commands", "Retry all matching…"), "retry-all", "bulk.retry_matching", (),
            QT_TRANSLATE_NOOP("commands", "Send every attempt the filters match, on all pages"), _writable_idle, True),
    Command("actCancelMatching", "act_cancel_matching", QT_TRANSLATE_NOOP("commands", "Cancel all matching…"), "cancel", "bulk.cancel_matching", (),
            QT_TRANSLATE_NOOP("commands", "Cancel every waiting attempt the filters match, on all pages"), _writable_idle, True),
    Command("actResetStuck", "act_reset_stuck", QT_TRANSLATE_NOOP("commands", "Reset stuck"), "reset", "changes.reset_stuck", (),
            QT_TRANSLATE_NOOP("commands", "Give sends stuck in 'sending' back to the retry schedule"), _writable_idle, True),
    Command("actResetRow", "act_reset_row", QT_TRANSLATE_NOOP("commands", "Reset stuck send…"), "reset", "changes.reset_stuck_row", (),
            QT_TRANSLATE_NOOP("commands", "Give this send stuck in 'sending' back to the retry schedule"),
            lambda s: _writable_idle(s) and s.one_stuck_row, True, on_attempts=True),
    Command("actCopyRows", "act_copy_rows", QT_TRANSLATE_NOOP("commands", "Copy rows"), "copy", "copy_rows", (QKeySequence.StandardKey.Copy,),
            QT_TRANSLATE_NOOP("commands", "Copy as tab-separated text with a header line, for a spreadsheet"), _some_row,
            on_attempts=True, one_text=QT_TRANSLATE_NOOP("commands", "Copy as a row"), shortcut_shown_only=True),
    Command("actCopyPhone", "act_copy_phone", QT_TRANSLATE_NOOP("commands", "Copy phone"), "copy", "copy_phone", (),
            QT_TRANSLATE_NOOP("commands", "Copy the phone number"), _some_row, on_attempts=True),
    Command("actShowWebhooks", "act_show_webhooks", QT_TRANSLATE_NOOP("commands", "Show webhooks"), "webhook", "show_webhooks", (),
            QT_TRANSLATE_NOOP("commands", "The delivery and read reports received for this attempt"), _one_row, on_attempts=True),
    Command("actCleanup", "act_cleanup", QT_TRANSLATE_NOOP("commands", "Cleanup…"), "cleanup", "maintenance.cleanup", (),
            QT_TRANSLATE_NOOP("commands", "Delete old finished attempts"), _writable_idle, True),
    Command("actRedact", "act_redact", QT_TRANSLATE_NOOP("commands", "Redact sensitive messages…"), "reveal", "redaction.redact_sensitive", (),
            QT_TRANSLATE_NOOP("commands", "Mask the passwords and codes of finished account, credentials and OTP messages"), _writable_idle, True),
    Command("actExport", "act_export", QT_TRANSLATE_NOOP("commands", "Export CSV"), "export", "maintenance.export_csv", ("Ctrl+E",),
            QT_TRANSLATE_NOOP("commands", "Save the filtered list as a CSV file"), lambda s: s.usable and s.idle),
    Command("actConnection", "act_connection", QT_TRANSLATE_NOOP("commands", "Connection…"), "database", "connection.choose_connection", ("Ctrl+O",),
            QT_TRANSLATE_NOOP("commands", "Choose the database")),
    Command("actProvider", "act_provider", QT_TRANSLATE_NOOP("commands", "Provider settings…"), "settings", "connection.configure_provider", (),
            QT_TRANSLATE_NOOP("commands", "The provider sends go through, with a test that sends no message")),
    Command("actProfiles", "act_profiles", QT_TRANSLATE_NOOP("commands", "Profiles…"), "settings", "connection.manage_profiles", (),
            QT_TRANSLATE_NOOP("commands", "Saved connections with their provider settings")),
    Command("actAlertChannels", "act_alert_channels", QT_TRANSLATE_NOOP("commands", "Notification channels…"), "tray-alert", "configure_alert_channels", (),
            QT_TRANSLATE_NOOP("commands", "Send alerts to Slack, e-mail or a JSON webhook, with a test message")),
    Command("actQuit", "act_quit", QT_TRANSLATE_NOOP("commands", "Quit"), "quit", "quit_app", ("Ctrl+Q",)),  # StandardKey.Quit is empty on Windows and offscreen
)

BY_ID = {c.id: c for c in COMMANDS}

# What an attempt's detail window offers, in its button row's order.
DETAIL_COMMANDS: tuple[str, ...] = ("actRetrySelected", "actCancelSelected", "actResetRow", "actCopyPhone", "actCopyRows", "actShowWebhooks")


def make_action(command: Command, parent: QObject, icon: Any, trigger: Callable[[], None], *, one: bool = False) -> QAction:
    """The QAction of a command, with its text, shortcut and tip (the same wherever it is)."""
    action = QAction(icon, command.title(one=one), parent)
    action.setObjectName(command.id)
    action.setShortcuts(command.key_sequences())
    if command.shortcut_shown_only:
        # A widget-only shortcut on a window's action is never typed: the key goes to the
        # widget that has the focus, and the menu still shows it.
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.setToolTip(command.tooltip())
    action.setStatusTip(command.tooltip())
    action.triggered.connect(lambda _checked=False: trigger())
    return action


def update_actions(commands: Sequence[Command], actions: dict[str, QAction], state: CommandState, read_only_tip: str = "") -> None:
    """Enabled states from the commands' rules; a reset is offered only on a stuck row."""
    for command in commands:
        action = actions[command.id]
        action.setEnabled(command.enabled_when(state))
        action.setStatusTip((read_only_tip if command.changes_data else "") or action.toolTip())
    if "actResetRow" in actions:
        actions["actResetRow"].setVisible(state.one_stuck_row)
