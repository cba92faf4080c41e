from datetime import UTC, datetime, timedelta

from waadmin.domain import alerts, anomalies, phones, rules
from waadmin.domain.rules import AttemptState

NOW = datetime(2025, 10, 2, 12, 0, tzinfo=UTC)


def state(**kw: object) -> AttemptState:
    values: dict[str, object] = {"status": "failed_retry", "attempt_count": 1, "max_attempts": 3, "created_at": NOW - timedelta(hours=1)}
    values.update(kw)
    return AttemptState(**values)  # type: ignore[arg-type]


def test_due_retry_needs_its_time_to_have_come_and_attempts_left() -> None:
    assert rules.is_due(state(next_retry_at=NOW - timedelta(seconds=1)), NOW)
    assert not rules.is_due(state(next_retry_at=NOW + timedelta(seconds=1)), NOW)
    assert not rules.is_due(state(next_retry_at=None), NOW)
    assert not rules.is_due(state(next_retry_at=NOW - timedelta(hours=1), attempt_count=3), NOW)


def test_pending_rows_are_picked_up_after_the_grace_period() -> None:
    assert not rules.is_due(state(status="pending", attempt_count=0, created_at=NOW - timedelta(minutes=1)), NOW)
    assert rules.is_due(state(status="pending", attempt_count=0, created_at=NOW - timedelta(minutes=6)), NOW)


def test_retry_now_ignores_the_schedule_but_not_the_maximum() -> None:
    assert rules.can_retry_now(state(next_retry_at=NOW + timedelta(hours=2)))
    assert not rules.can_retry_now(state(attempt_count=3))
    assert not rules.can_retry_now(state(status="sent"))


def test_cancel_and_stuck() -> None:
    assert rules.can_cancel(state(status="pending"))
    assert not rules.can_cancel(state(status="sending"))
    assert rules.is_stuck(state(status="sending", last_attempt_at=NOW - timedelta(minutes=11)), NOW)
    assert not rules.is_stuck(state(status="sending", last_attempt_at=NOW - timedelta(minutes=9)), NOW)
    assert rules.is_stuck(state(status="sending", last_attempt_at=None), NOW)


def test_alerts_turn_on_at_their_thresholds_and_stay_off_without_data() -> None:
    t = alerts.AlertThresholds()
    off = alerts.evaluate(alerts.AlertInputs(90.0, 100, 5.0, 30 * 60), t)
    assert [a.active for a in off] == [False, False, False, False]
    on = alerts.evaluate(alerts.AlertInputs(89.9, 101, 5.1, 30 * 60 + 1), t)
    assert [a.active for a in on] == [True, True, True, True]
    empty = alerts.evaluate(alerts.AlertInputs(None, 0, None, None), t)
    assert not any(a.active for a in empty)


def test_phone_normalisation_matches_the_reference_rules() -> None:
    assert phones.normalize("76 12 34 56") == "+22376123456"
    assert phones.normalize("076123456") == "+22376123456"
    assert phones.normalize("22376123456") == "+22376123456"
    assert phones.normalize("13812345678") == "+8613812345678"
    assert phones.normalize("(+86) 138-1234-5678") == "+8613812345678"
    assert phones.is_valid("+22376123456")
    assert not phones.is_valid("+223 7x 12 34")
    assert not phones.is_valid("0000")
    assert phones.country_region("8613812345678") == "chine"


def test_odd_rows_are_named() -> None:
    found = anomalies.find(status="weird", message_type="nope", attempt_count=-1, max_attempts=0, phone_number="abc", created_at=NOW + timedelta(days=3), now=NOW)
    assert len(found) == 6
    assert anomalies.find(status="sent", message_type="otp", attempt_count=1, max_attempts=3, phone_number="+22376123456", created_at=NOW, now=NOW) == ()
