"""Acting on a whole filtered set, and failures grouped by cause."""

from __future__ import annotations

import pytest

from tests.support import factories
from waadmin.db import listing, transitions
from waadmin.domain import error_groups
from waadmin.domain.filters import AttemptFilter
from waadmin.engine import actions, bulk, failures
from waadmin.engine.audit import AuditTrail
from waadmin.engine.progress import StopFlag
from waadmin.engine.retry import RetryOptions
from waadmin.providers.factory import build_provider
from waadmin.providers.sandbox import SandboxServer


@pytest.fixture
def sandbox():
    with SandboxServer() as server:
        yield server


@pytest.fixture
def provider(sandbox):
    built = build_provider(sandbox.settings("wachap"))
    yield built
    built.close()


def _seed(database):
    """agent_mali colis_status failures with invalid_number, plus rows that must stay apart."""
    target = [
        factories.attempt(database, status="failed_final", source_app="agent_mali", message_type="colis_status", error_code="invalid_number",
                          error_message=f"WaChap mali: The number 2237600{n:04d} is not registered on WhatsApp", attempt_count=3, max_attempts=3)
        for n in range(12)
    ]
    other_type = factories.attempt(database, status="failed_final", source_app="agent_mali", message_type="otp", error_code="invalid_number", attempt_count=3)
    other_app = factories.attempt(database, status="failed_final", source_app="agent_chine", message_type="colis_status", error_code="invalid_number", attempt_count=3)
    return target, [other_type, other_app]


FLT = AttemptFilter(statuses=frozenset({"failed_final"}), message_types=frozenset({"colis_status"}), source_apps=frozenset({"agent_mali"}), error_codes=frozenset({"invalid_number"}))


def test_the_plan_counts_exactly_what_the_action_then_reaches(database, provider, sandbox) -> None:
    target, others = _seed(database)
    plan = bulk.plan(database, FLT)
    assert plan.count == 12 and plan.final == 12 and len(plan.sample) == 10
    audit = AuditTrail(database, "cli")
    report = bulk.retry_matching(database, provider, FLT, extra_attempts=2, options=RetryOptions(rate_per_second=0), audit=audit, description="failed_final colis_status agent_mali invalid_number")
    assert (report.requested, report.reopened, report.processed, report.success) == (12, 12, 12, 12)
    for attempt_id in target:
        row = factories.row(database, attempt_id)
        assert (row["status"], row["attempt_count"], row["max_attempts"]) == ("sent", 4, 5)
    assert all(factories.row(database, i)["status"] == "failed_final" for i in others)
    assert sandbox.count() == 12
    from waadmin.db import audit_store

    [entry] = [e for e in audit_store.list_entries(database) if e.action == "retry_matching"]
    assert entry.row_count == 12 and "agent_mali" in entry.target and entry.details["extra_attempts"] == 2


def test_rows_changed_after_the_count_are_skipped_and_reported(database, provider) -> None:
    waiting = [factories.due_retry(database, message_type="lot_status") for _ in range(6)]
    flt = AttemptFilter(message_types=frozenset({"lot_status"}))
    assert bulk.plan(database, flt).count == 6
    transitions.cancel(database, waiting[:2])  # someone else, between count and action
    report = bulk.retry_matching(database, provider, flt, options=RetryOptions(rate_per_second=0))
    assert (report.requested, report.processed, report.skipped) == (6, 4, 2)
    assert [factories.row(database, i)["status"] for i in waiting[:2]] == ["cancelled", "cancelled"]
    cancel = actions.cancel_matching(database, flt)
    assert (len(cancel.done), len(cancel.skipped)) == (0, 6)  # all sent or cancelled already


def test_a_stop_midway_leaves_every_row_either_done_or_untouched(database, provider, sandbox) -> None:
    ids = [factories.due_retry(database, message_type="report") for _ in range(40)]
    sandbox.set_latency(0.05)
    stop = StopFlag()
    seen = []

    def progress(p):
        seen.append(p.done)
        if p.done >= 10:
            stop.set()

    report = bulk.retry_matching(database, provider, AttemptFilter(message_types=frozenset({"report"})), options=RetryOptions(rate_per_second=0, concurrency=2), chunk=10, progress=progress, stop=stop)
    assert report.stopped and 10 <= report.processed < 40
    statuses = [factories.row(database, i)["status"] for i in ids]
    assert statuses.count("sending") == 0
    assert statuses.count("sent") == report.success == sandbox.count()
    assert statuses.count("failed_retry") == 40 - report.success


def test_retry_matching_refuses_absurd_extra_attempts(database, provider) -> None:
    with pytest.raises(ValueError):
        bulk.retry_matching(database, provider, AttemptFilter(), extra_attempts=50)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Erreur WaChap Mali: 503 - Service Unavailable", "Erreur WaChap Mali: 502 - Service Unavailable"),
        ("TIMEOUT - WaChap Mali: délai dépassé après 15000 ms", "TIMEOUT - WaChap Mali: délai dépassé après 30000 ms"),
        ("WaChap mali: The number 22376001122 is not registered on WhatsApp", "WaChap mali: The number +86 138 0013 8000 is not registered on WhatsApp"),
        ("id wamid.HBgLMjIzNzYwMDExMjIVAgARGBI5QTND failed", "id wamid.ZZZ999 failed"),
    ],
)
def test_known_variants_share_a_template(a, b) -> None:
    assert error_groups.template(a) == error_groups.template(b)


def test_different_causes_keep_different_templates() -> None:
    assert error_groups.template("Erreur WaChap Mali: 503 - Service Unavailable") != error_groups.template("Erreur WaChap Chine: 503 - Service Unavailable")


def test_failures_are_grouped_and_a_group_selects_exactly_its_attempts(database) -> None:
    five = [factories.attempt(database, status="failed_retry", error_code="http_5xx", error_message=f"Erreur WaChap Mali: {code} - Service Unavailable", region_override=region, message_type=kind)
            for code, region, kind in ((503, "mali", "otp"), (502, None, "otp"), (503, "chine", "colis_status"), (500, None, "otp"), (503, "mali", "otp"))]
    wrong = [factories.attempt(database, status="failed_final", error_code="invalid_number", error_message=f"The number 2237600{n:04d} is not registered") for n in range(3)]
    factories.attempt(database, status="sent", error_code="http_5xx", error_message="Erreur WaChap Mali: 503 - Service Unavailable")  # sent later: not a failure
    factories.attempt(database, status="failed_retry", error_code="http_5xx", error_message="Erreur WaChap Chine: 503 - Service Unavailable")
    groups = failures.group_failures(database)
    top = groups[0]
    assert (top.error_code, top.count, top.variants) == ("http_5xx", 5, 3)
    assert top.template == "Erreur WaChap Mali: <n> - Service Unavailable"
    assert top.message_types == {"otp": 4, "colis_status": 1} and top.regions == {"mali": 2, "": 2, "chine": 1}
    assert top.first_seen is not None and top.last_seen >= top.first_seen
    assert [g.count for g in groups] == [5, 3, 1]
    chosen = listing.list_attempts(database, top.attempts_filter()).rows
    assert sorted(r.id for r in chosen) == sorted(five)
    second = listing.list_attempts(database, groups[1].attempts_filter()).rows
    assert sorted(r.id for r in second) == sorted(wrong)
    only_final = failures.group_failures(database, AttemptFilter(statuses=frozenset({"failed_final"})))
    assert [g.error_code for g in only_final] == ["invalid_number"]


def _all_rows(database, ids) -> dict[int, dict]:
    return {i: factories.row(database, i) for i in ids}


def test_a_stop_with_extra_tries_leaves_every_attempt_not_sent_exactly_as_it_was(database, provider, sandbox) -> None:
    """Stopping "Retry all matching" half-way: the attempts sent are sent, and every other one is
    as it was before, column for column: no extra try left behind for the worker to send."""
    final = [
        factories.attempt(database, status="failed_final", message_type="outage_fix", error_code="http_5xx", error_message="503", attempt_count=3, max_attempts=3, next_retry_at=None)
        for _ in range(30)
    ]
    waiting = [factories.due_retry(database, message_type="outage_fix") for _ in range(10)]
    ids = final + waiting
    before = _all_rows(database, ids)
    sandbox.set_latency(0.05)
    stop = StopFlag()

    def progress(p):
        if p.done >= 8:
            stop.set()

    from waadmin.db import audit_store

    audit = AuditTrail(database, "cli")
    report = bulk.retry_matching(
        database, provider, AttemptFilter(message_types=frozenset({"outage_fix"})), extra_attempts=2,
        options=RetryOptions(rate_per_second=0, concurrency=2), audit=audit, chunk=15, total=40, progress=progress, stop=stop,
    )
    assert report.stopped and 8 <= report.processed < 40
    after = _all_rows(database, ids)
    sent = [i for i in ids if after[i]["status"] == "sent"]
    assert len(sent) == report.success == sandbox.count() == report.processed
    for attempt_id in ids:
        if attempt_id in sent:
            continue
        assert after[attempt_id] == before[attempt_id], f"attempt {attempt_id} changed though it was not sent"
    # Extra tries were given only to the chunks reached, and taken back where not used.
    assert report.reopened <= 30 and report.restored == report.reopened - len([i for i in sent if i in final])
    assert report.skipped == 0 and report.not_reached == 40 - report.processed
    [entry] = [e for e in audit_store.list_entries(database) if e.action == "retry_matching"]
    assert entry.row_count == report.changed == len(sent)


def test_a_whole_run_puts_nothing_back_and_counts_every_row_it_changed(database, provider) -> None:
    final = [factories.attempt(database, status="failed_final", message_type="kept", attempt_count=3, max_attempts=3) for _ in range(4)]
    report = bulk.retry_matching(database, provider, AttemptFilter(message_types=frozenset({"kept"})), extra_attempts=1, options=RetryOptions(rate_per_second=0))
    assert (report.reopened, report.success, report.restored, report.changed) == (4, 4, 0, 4)
    assert all(factories.row(database, i)["status"] == "sent" for i in final)
