"""Which attempts each key figure and each alert counts, as the list's filter: a click on a tile
or an alert shows exactly those. Figures that depend on a moment or on columns without a filter
widget (due now, stuck, the delays) use the filter's ``figure`` condition, as of the moment the
stats were computed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from waadmin.db.figure_attempts import FigureKind
from waadmin.domain import alerts
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.statuses import SUCCESS, Status


@dataclass(frozen=True)
class Link:
    """The list's filter for a figure or an alert."""

    flt: AttemptFilter

    @staticmethod
    def of(flt: AttemptFilter, figure: FigureKind | None = None, as_of: datetime | None = None) -> Link:
        return Link(flt.with_(figure=str(figure), as_of=as_of) if figure is not None else flt)


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
        return Link.of(scope, FigureKind.DUE, end)
    if key == "stuck":
        return Link.of(scope, FigureKind.STUCK, end)
    if key in ("mean_delay", "p95_delay"):
        return Link.of(window, FigureKind.DELAYED)
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
        return Link.of(_window(scope, end - thresholds.delay_window, end), FigureKind.DELAYED)
    raise KeyError(key)


__all__ = ["Link", "alert_link", "figure_link"]
