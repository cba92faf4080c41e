"""What the Django side costs on the same database, for the queries benchmark to compare with:
the admin's attempt changelist (the queries ``ChangeList`` makes for a page: the paginator's
COUNT, the full count beside it when filtered, the page's rows with their users) and the
reference's ``get_monitoring_stats`` as §3.5 of the reference describes it (one COUNT per status,
the mean of attempt_count, the per-type breakdown).

The admin page itself cannot be rendered: the reference's changelist raises a TypeError as soon
as one row exists (its `actions` column is shadowed by the action list), so its queries are made
through the real ORM here, as ChangeList would make them. Django is configured once per process:

    python -m benchmarks.django_reference URL NOW_ISO [REPEAT]   # prints JSON {operation: best ms}
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

PER_PAGE = 100  # ModelAdmin.list_per_page
SEARCH = "+8613"


def _best_ms(action: Callable[[], Any], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


def measure(url: str, now: datetime, repeat: int = 3) -> dict[str, float]:
    from tests.compat.django_side import configure

    configure(url, "v2")
    from django.db.models import Avg, Count, Q

    from tests.compat.django_side import models_for

    attempt, _ = models_for("v2")
    root = attempt.objects.all()

    def changelist(qs: Any, page: int = 1) -> None:
        # ChangeList.get_results: the paginator's count, the unfiltered count when filtered
        # (show_full_result_count), then the page ordered by Meta.ordering plus -pk, users joined
        # (a ForeignKey in list_display turns select_related on).
        count = qs.count()
        if qs.query.where:
            root.count()
        rows = list(qs.select_related("user").order_by("-created_at", "-pk")[(page - 1) * PER_PAGE : page * PER_PAGE])
        assert count >= len(rows)

    search = Q(phone_number__icontains=SEARCH) | Q(user__first_name__icontains=SEARCH) | Q(user__last_name__icontains=SEARCH) | Q(title__icontains=SEARCH) | Q(category__icontains=SEARCH)
    failed = root.filter(status="failed_retry")

    def monitoring_stats(days_back: int = 30) -> dict[str, Any]:
        qs = root.filter(created_at__gte=now - timedelta(days=days_back))
        stats: dict[str, Any] = {"total": qs.count()}
        for status in ("pending", "sending", "sent", "delivered", "failed_retry", "failed_final", "cancelled"):
            stats[status] = qs.filter(status=status).count()
        stats["avg_attempts"] = qs.aggregate(avg=Avg("attempt_count"))["avg"]
        stats["by_type"] = list(
            qs.values("message_type")
            .annotate(count=Count("id"), sent_count=Count("id", filter=Q(status__in=["sent", "delivered"])), failed_count=Count("id", filter=Q(status="failed_final")))
            .order_by("-count")
        )
        return stats

    few = max(1, repeat - 1)
    return {
        "changelist, first page": _best_ms(lambda: changelist(root), repeat),
        "changelist, page 2": _best_ms(lambda: changelist(root, 2), repeat),
        "changelist, status failed_retry": _best_ms(lambda: changelist(failed), repeat),
        f"changelist, search {SEARCH!r}": _best_ms(lambda: changelist(root.filter(search)), few),
        "get_monitoring_stats(days_back=30)": _best_ms(monitoring_stats, few),
    }


def run(url: str, now: datetime, repeat: int = 3) -> dict[str, float]:
    """The figures from a process of their own (Django's settings are per process)."""
    command = [sys.executable, "-m", "benchmarks.django_reference", url, now.isoformat(), str(repeat)]
    out = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    url, now, *repeat = argv
    print(json.dumps(measure(url, datetime.fromisoformat(now), int(repeat[0]) if repeat else 3)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
