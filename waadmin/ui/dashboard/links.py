"""Which attempts each key figure and each alert counts, as the list's filter: a click on a tile
or an alert shows exactly those. Figures that depend on the time (due now, stuck, the delays)
are listed by the ids of the rows they counted, looked up off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from waadmin.db.figure_attempts import FigureKind
from waadmin.domain import alerts
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.statuses import SUCCESS, Status


@dataclass(frozen=True)
class Link:
    """The list's filter; with ``ids_of`` the filter is the scope whose matching rows are looked
    up and listed by id."""

    flt: AttemptFilter
    ids_of: FigureKind | None = None


def _window(scope: AttemptFilter, start: datetime, end: datetime) -> AttemptFilter:
    return scope.with_(created_from=start, created_to=end)


def figure_link(key: str, scope: AttemptFilter, start: datetime, end: datetime) -> Link:
    """``scope``: the dashboard's source app and type, no dates; [start, end): its window."""
    window = _window(scope, start, end)
    if key == "total":
        return Link(window)
    if key == "success_rate":
        return Link(window.with_(statuses=SUCCESS))
    if key == "failure_rate":
        return Link(window.with_(statuses=frozenset({Status.FAILED_FINAL})))
    if key == "waiting":  # every scheduled retry, whatever its creation date (as the figure)
        return Link(scope.with_(statuses=frozenset({Status.FAILED_RETRY})))
    if key == "due_now":
        return Link(scope, FigureKind.DUE)
    if key == "stuck":
        return Link(scope, FigureKind.STUCK)
    if key in ("mean_delay", "p95_delay"):
        return Link(window, FigureKind.DELAYED)
    raise KeyError(key)


def alert_link(key: str, scope: AttemptFilter, end: datetime, thresholds: alerts.AlertThresholds) -> Link:
    """The attempts an alert measured, over its own window ending at the stats' end."""
    if key == alerts.SUCCESS_RATE:
        return Link(_window(scope, end - thresholds.success_window, end))
    if key == alerts.WAITING_RETRIES:
        return figure_link("waiting", scope, end, end)
    if key == alerts.FINAL_FAILURES:
        return Link(_window(scope, end - thresholds.final_failure_window, end).with_(statuses=frozenset({Status.FAILED_FINAL})))
    if key == alerts.MEAN_DELAY:
        return Link(_window(scope, end - thresholds.delay_window, end), FigureKind.DELAYED)
    raise KeyError(key)


__all__ = ["Link", "alert_link", "figure_link"]
