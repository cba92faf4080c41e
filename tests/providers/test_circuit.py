"""The circuit breaker per provider endpoint, on a clock the test moves."""

from __future__ import annotations

import pytest

from waadmin.providers.base import Endpoint
from waadmin.providers.circuit import Admission, Cause, CircuitState, HealthPolicy, ProviderHealth

MALI = Endpoint("wachap:mali", "WaChap mali")
CHINE = Endpoint("wachap:chine", "WaChap chine")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _health(**policy) -> tuple[ProviderHealth, Clock]:
    clock = Clock()
    return ProviderHealth(HealthPolicy(**policy), clock=clock), clock


def test_consecutive_failures_open_only_that_endpoint() -> None:
    health, _ = _health(threshold=3)
    assert not health.failed(MALI, "connection refused", Cause.UNREACHABLE)
    assert not health.failed(MALI, "connection refused", Cause.UNREACHABLE)
    assert health.failed(MALI, "connection refused", Cause.UNREACHABLE)  # the third opens it
    assert health.admit(MALI) is Admission.HOLD
    assert health.admit(CHINE) is Admission.SEND
    assert [e.key for e in health.down()] == ["wachap:mali"]
    assert health.get(MALI).opened_at is not None and health.get(MALI).reason == "connection refused"


def test_an_answer_in_between_resets_the_count() -> None:
    health, _ = _health(threshold=2)
    health.failed(MALI, "x", Cause.SERVER_ERROR)
    health.succeeded(MALI)
    assert not health.failed(MALI, "x", Cause.SERVER_ERROR)
    assert health.admit(MALI) is Admission.SEND


def test_one_probe_after_the_backoff_which_doubles_up_to_the_cap() -> None:
    health, clock = _health(threshold=1, first_backoff=30, max_backoff=100)
    health.failed(MALI, "refused", Cause.UNREACHABLE)
    assert health.next_probe_in() == 30
    clock.now += 29.9
    assert health.admit(MALI) is Admission.HOLD
    clock.now += 0.1
    assert health.admit(MALI) is Admission.PROBE
    assert health.admit(MALI) is Admission.HOLD  # only one probe at a time
    assert health.get(MALI).state is CircuitState.PROBING
    health.failed(MALI, "refused", Cause.UNREACHABLE)
    assert health.next_probe_in() == 60
    clock.now += 60
    assert health.admit(MALI) is Admission.PROBE
    health.failed(MALI, "refused", Cause.UNREACHABLE)
    assert health.next_probe_in() == 100  # capped
    clock.now += 100
    assert health.admit(MALI) is Admission.PROBE
    assert health.succeeded(MALI)  # closes it, and says so
    assert health.admit(MALI) is Admission.SEND and not health.down()


def test_a_probe_not_made_lets_the_next_caller_probe() -> None:
    health, clock = _health(threshold=1, first_backoff=1)
    health.failed(MALI, "refused", Cause.UNREACHABLE)
    clock.now += 1
    assert health.admit(MALI) is Admission.PROBE
    health.probe_abandoned(MALI)
    assert health.admit(MALI) is Admission.PROBE


@pytest.mark.parametrize(
    "policy, words",
    [
        (dict(threshold=0), "threshold"),
        (dict(threshold=5000), "threshold"),
        (dict(first_backoff=0), "first probe"),
        (dict(first_backoff=60, max_backoff=30), "longest probe"),
    ],
)
def test_nonsense_settings_are_refused_with_one_clear_sentence(policy, words) -> None:
    with pytest.raises(ValueError, match=words):
        HealthPolicy(**policy)


def test_a_new_provider_configuration_starts_with_every_circuit_closed() -> None:
    health, _ = _health(threshold=1)
    health.failed(MALI, "refused", Cause.UNREACHABLE)
    health.reset()
    assert not health.snapshot() and not health.down()
    assert health.admit(MALI) is Admission.SEND
