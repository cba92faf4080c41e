from waadmin.domain.notices import ConditionTracker


def test_only_changes_are_reported_and_first_sight_only_when_on() -> None:
    tracker = ConditionTracker()
    assert tracker.changes({"db_down": False, "alert:success_rate": True}) == [("alert:success_rate", True)]
    assert tracker.changes({"db_down": False, "alert:success_rate": True}) == []
    assert tracker.changes({"db_down": True, "alert:success_rate": True}) == [("db_down", True)]
    assert tracker.changes({"db_down": True, "alert:success_rate": True}) == []
    assert tracker.changes({"db_down": False, "alert:success_rate": False}) == [("db_down", False), ("alert:success_rate", False)]
    tracker.forget()
    assert tracker.changes({"db_down": False}) == []
