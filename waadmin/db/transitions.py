"""Every state change as one conditional UPDATE: the WHERE clause states what the writer saw,
and the row count says whether it won. No read-modify-write, no full-row save.

The claim token is ``attempt_count``: claiming increments it, and every later write from the
same send requires the count it claimed. A send that comes back after its row was recovered
and claimed again by someone else therefore cannot overwrite the newer state.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import and_, bindparam, case, func, or_, select, tuple_, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from waadmin.db import storable
from waadmin.db.database import Database
from waadmin.db.due import due_clause, retryable_now_clause
from waadmin.db.filtering import combined
from waadmin.db.group_commit import GroupCommit
from waadmin.db.layout import Layout
from waadmin.domain import backoff
from waadmin.domain.error_codes import ErrorCode
from waadmin.domain.filters import AttemptFilter
from waadmin.domain.rules import DEFAULT_LEASE, DEFAULT_PENDING_GRACE
from waadmin.domain.statuses import CANCELLABLE, DELIVERABLE_FROM, READABLE_FROM, Status

T = TypeVar("T")


def _write(database: Database, action: str, work: Callable[[Connection], T], writes: GroupCommit | None) -> T:
    """``work`` in a write transaction of its own, or in the run's group commit (see
    group_commit.py: the same conditional UPDATE, a shared commit)."""
    if writes is not None:
        return writes.write(action, work)
    with database.write(action) as conn:
        return work(conn)


# A send result may still land on a row that crash recovery marked "interrupted" meanwhile, as
# long as nobody has claimed it again (the attempt_count check guarantees that).
_RESULT_TARGETS = (Status.FAILED_RETRY, Status.FAILED_FINAL)


@dataclass(frozen=True)
class Candidate:
    """A row as seen when selecting work; the claim requires it to be unchanged."""

    id: int
    status: str
    attempt_count: int
    first_attempt_at: datetime | None
    last_attempt_at: datetime | None
    next_retry_at: datetime | None
    priority: int = 3
    due_at: datetime | None = None  # next_retry_at, or created_at for pending rows
    # What routing needs, so that an attempt for a provider endpoint that is down is never claimed.
    phone_number: str = ""
    message_type: str = ""
    sender_role: str = ""
    region_override: str | None = None

    @property
    def order_key(self) -> tuple[int, datetime | None, int]:
        return (self.priority, self.due_at, self.id)


@dataclass(frozen=True)
class Claim:
    """A row this process now owns in `sending`, with what the send needs."""

    id: int
    attempt_count: int  # after the increment: the token later writes must match
    claimed_at: datetime
    previous: Candidate
    phone_number: str
    message_content: str
    message_type: str
    sender_role: str
    region_override: str | None
    source_app: str | None
    priority: int
    max_attempts: int
    retry_delay_seconds: int
    exponential_backoff: bool


@dataclass(frozen=True)
class ClaimToken:
    """Just what a result's write checks: the row and the attempt_count its claim set (a send
    kept in the journal has only this left of its claim)."""

    id: int
    attempt_count: int


@dataclass(frozen=True)
class Outcome:
    applied: bool
    status: str | None  # the row's status after the write (or as found, when not applied)
    next_retry_at: datetime | None = None
    # Another program rewrote the claimed row (an old copy saved whole: status back to waiting,
    # attempt_count back): seen as (status, attempt_count) found.
    conflict: tuple[str, int] | None = None


# Where a stale whole-row save puts a row waadmin has claimed: back among the waiting ones, from
# where it would be sent again.
_STALE_TARGETS = (Status.PENDING, Status.FAILED, Status.FAILED_RETRY)


def _conflicting_save(conn: Connection, layout: Layout, claim_: Claim | ClaimToken) -> tuple[str, int] | None:
    a = layout.attempt
    row = conn.execute(select(a.status, a.attempt_count).where(a.id == claim_.id)).first()
    if row is None:
        return None
    status, count = row[0], row[1] or 0
    if status in _STALE_TARGETS and count <= claim_.attempt_count:
        return (status, count)
    return None


@dataclass(frozen=True)
class Recovered:
    id: int
    status: str
    attempt_count: int
    last_attempt_at: datetime | None
    next_retry_at: datetime | None


# -- due work --------------------------------------------------------------------------------

def due_at(layout: Layout) -> ColumnElement[datetime]:
    a = layout.attempt
    return func.coalesce(a.next_retry_at, a.created_at, type_=a.created_at.type)


def due_order(layout: Layout) -> list[ColumnElement[Any]]:
    a = layout.attempt
    return [a.priority.asc(), due_at(layout).asc(), a.id.asc()]


def select_candidates(
    database: Database,
    now: datetime,
    limit: int,
    *,
    grace: timedelta = DEFAULT_PENDING_GRACE,
    flt: AttemptFilter | None = None,
    after: tuple[int, datetime | None, int] | None = None,
    ids: list[int] | None = None,
    due_only: bool = True,
) -> list[Candidate]:
    """Due rows in processing order (priority, then due time). Plain read, no lock: the claim
    re-checks everything. ``after`` continues from a previous candidate's order_key."""
    layout = database.layout
    a = layout.attempt
    query = select(
        a.id, a.status, a.attempt_count, a.first_attempt_at, a.last_attempt_at, a.next_retry_at, a.priority, due_at(layout),
        a.phone_number, a.message_type, a.sender_role, a.region_override,
    )
    query = _work_query(database, query, now, grace=grace, flt=flt, ids=ids, due_only=due_only)
    if after is not None:
        query = query.where(tuple_(a.priority, due_at(layout), a.id) > tuple_(*after))
    query = query.order_by(*due_order(layout)).limit(limit)
    with database.read() as conn:
        return [
            Candidate(*row[:8], phone_number=row[8] or "", message_type=row[9] or "", sender_role=row[10] or "", region_override=row[11])
            for row in conn.execute(query).all()
        ]


def _work_query(database: Database, query: Any, now: datetime, *, grace: timedelta, flt: AttemptFilter | None, ids: list[int] | None, due_only: bool) -> Any:
    layout = database.layout
    a = layout.attempt
    query = query.where(due_clause(layout, now, grace) if due_only else retryable_now_clause(layout))
    if flt is not None and not flt.is_empty():
        query = query.where(combined(database, flt))
    if ids is not None:
        query = query.where(a.id.in_(ids))
    return query


def count_candidates(
    database: Database,
    now: datetime,
    cap: int,
    *,
    grace: timedelta = DEFAULT_PENDING_GRACE,
    flt: AttemptFilter | None = None,
    ids: list[int] | None = None,
    due_only: bool = True,
    untouched_since: datetime | None = None,
) -> int:
    """How many rows select_candidates would hand out, counting at most ``cap`` (what a run
    stopped early tells: "74 attempts left as they were"). ``untouched_since`` leaves out rows
    attempted since then (a claim sets last_attempt_at; giving an unsent one back restores it)."""
    if cap <= 0:
        return 0
    a = database.layout.attempt
    query = _work_query(database, select(a.id), now, grace=grace, flt=flt, ids=ids, due_only=due_only)
    if untouched_since is not None:
        query = query.where(or_(a.last_attempt_at.is_(None), a.last_attempt_at < untouched_since))
    inner = query.limit(cap).subquery()
    with database.read() as conn:
        return int(conn.execute(select(func.count()).select_from(inner)).scalar_one())


# -- claim -----------------------------------------------------------------------------------

def claim(
    database: Database,
    candidate: Candidate,
    now: datetime,
    *,
    due_only: bool = True,
    grace: timedelta = DEFAULT_PENDING_GRACE,
    writes: GroupCommit | None = None,
) -> Claim | None:
    """Move one row to `sending` if it is still as the candidate saw it. None: someone else
    (another process, a cancel, a delivery) got there first."""
    layout = database.layout
    params = {
        "w_id": candidate.id,
        "w_status": candidate.status,
        "w_count": candidate.attempt_count,
        "w_now": now,
        "w_pending_before": now - grace,
    }
    statement = _claim_statement(layout, due_only, database.is_postgresql)
    row = _write(database, "send an attempt", lambda conn: conn.execute(statement, params).first(), writes)
    if row is None:
        return None
    return Claim(
        id=row[0],
        attempt_count=row[1],
        claimed_at=now,
        previous=candidate,
        phone_number=row[2] or "",
        message_content=row[3] or "",
        message_type=row[4] or "",
        sender_role=row[5] or "",
        region_override=row[6],
        source_app=row[7],
        priority=row[8] if row[8] is not None else 3,
        max_attempts=row[9] if row[9] is not None else 0,
        retry_delay_seconds=row[10] if row[10] is not None else backoff.DEFAULT_BASE_SECONDS,
        exponential_backoff=bool(row[11]) if row[11] is not None else True,
    )


# The hot path's statements are built once and run with bound values: building and hashing a
# new UPDATE for every send (SQLAlchemy's cache key of its whole tree) cost as much as running it.

@functools.cache
def _claim_statement(layout: Layout, due_only: bool, postgresql: bool) -> Any:
    a = layout.attempt
    now = bindparam("w_now", type_=a.last_attempt_at.type)
    pending_before = bindparam("w_pending_before", type_=a.created_at.type)
    seen = and_(
        a.id == bindparam("w_id"),
        a.status == bindparam("w_status"),
        a.attempt_count == bindparam("w_count"),
        due_clause(layout, now, pending_before=pending_before) if due_only else retryable_now_clause(layout),
    )
    target: ColumnElement[bool] = seen
    if postgresql:
        # Skip a row another transaction is claiming right now instead of queueing behind it.
        locked = select(a.id).where(seen).with_for_update(skip_locked=True).scalar_subquery()
        target = and_(a.id == locked, seen)
    return (
        update(a)
        .where(target)
        .values(
            status=Status.SENDING,
            attempt_count=a.attempt_count + 1,
            first_attempt_at=case((a.first_attempt_at.is_(None), now), else_=a.first_attempt_at),
            last_attempt_at=now,
        )
        .returning(
            a.id,
            a.attempt_count,
            a.phone_number,
            a.message_content,
            a.message_type,
            a.sender_role,
            a.region_override,
            layout.source_app(),
            a.priority,
            a.max_attempts,
            a.retry_delay_seconds,
            a.exponential_backoff,
        )
        .execution_options(synchronize_session=False)
    )


def _owned_clause(layout: Layout, attempt_id: Any, attempt_count: Any) -> ColumnElement[bool]:
    a = layout.attempt
    return and_(
        a.id == attempt_id,
        a.attempt_count == attempt_count,
        or_(
            a.status == Status.SENDING,
            and_(a.status.in_(_RESULT_TARGETS), a.error_code == ErrorCode.INTERRUPTED),
        ),
    )


@functools.cache
def _sent_statement(layout: Layout, with_provider_id: bool) -> Any:
    a = layout.attempt
    values: dict[str, Any] = {
        "status": Status.SENT,
        "sent_at": bindparam("w_now", type_=a.sent_at.type),
        "next_retry_at": None,
        "provider_response": bindparam("w_response", type_=a.provider_response.type),
        "error_message": "",
        "error_code": "",
    }
    if with_provider_id:
        values["provider_message_id"] = bindparam("w_provider_id", type_=a.provider_message_id.type)
    owned = _owned_clause(layout, bindparam("w_id"), bindparam("w_count"))
    return update(a).where(owned).values(**values).execution_options(synchronize_session=False)


def _owned_by(layout: Layout, claim_: Claim | ClaimToken) -> ColumnElement[bool]:
    return _owned_clause(layout, claim_.id, claim_.attempt_count)


def _current_status(conn: Connection, layout: Layout, attempt_id: int) -> str | None:
    a = layout.attempt
    return conn.execute(select(a.status).where(a.id == attempt_id)).scalar_one_or_none()


# -- results of a send -----------------------------------------------------------------------

def record_sent(
    database: Database,
    claim_: Claim | ClaimToken,
    now: datetime,
    provider_message_id: str,
    response: dict[str, Any],
    *,
    writes: GroupCommit | None = None,
) -> Outcome:
    layout = database.layout
    a = layout.attempt
    provider_id = storable.text(provider_message_id, 100)
    values: dict[str, Any] = {
        "status": Status.SENT,
        "sent_at": now,
        "next_retry_at": None,
        "provider_response": storable.response(response),
        "error_message": "",
        "error_code": "",
    }
    if provider_id:
        values["provider_message_id"] = provider_id

    params = {"w_id": claim_.id, "w_count": claim_.attempt_count, "w_now": now, "w_response": values["provider_response"]}
    if provider_id:
        params["w_provider_id"] = provider_id

    def work(conn: Connection) -> Outcome:
        result = conn.execute(_sent_statement(layout, bool(provider_id)), params)
        if result.rowcount == 1:
            return Outcome(True, Status.SENT)
        conflict = _conflicting_save(conn, layout, claim_)
        if conflict is not None:
            # The provider has the message: recorded as sent over the old copy (and flagged), or
            # the row would be sent again from the state the stale save put back.
            seen_status, seen_count = conflict
            flagged = conn.execute(
                update(a)
                .where(a.id == claim_.id, a.status == seen_status, a.attempt_count == seen_count)
                .values(
                    {
                        **values,
                        "attempt_count": claim_.attempt_count,
                        "error_code": ErrorCode.CONFLICTING_SAVE,
                        "error_message": (
                            f"Another program saved an older copy of this attempt while waadmin was sending it "
                            f"(status {seen_status}, attempt {seen_count}); the provider had accepted the send, "
                            "so it is recorded as sent and not sent again."
                        ),
                    }
                )
                .execution_options(synchronize_session=False)
            )
            if flagged.rowcount == 1:
                return Outcome(True, Status.SENT, conflict=conflict)
        # A delivery or read report got here first (read > delivered > sent): keep its status,
        # but record what only the sender knows.
        late: dict[str, Any] = {"sent_at": case((a.sent_at.is_(None), now), else_=a.sent_at)}
        if provider_id:
            late["provider_message_id"] = case((a.provider_message_id == "", provider_id), else_=a.provider_message_id)
        conn.execute(
            update(a)
            .where(a.id == claim_.id, a.status.in_([Status.DELIVERED, Status.READ]))
            .values(**late)
            .execution_options(synchronize_session=False)
        )
        return Outcome(False, _current_status(conn, layout, claim_.id))

    return _write(database, "record a send", work, writes)


def record_failure(
    database: Database,
    claim_: Claim,
    now: datetime,
    code: str,
    message: str,
    *,
    permanent: bool,
    response: dict[str, Any] | None = None,
    writes: GroupCommit | None = None,
) -> Outcome:
    layout = database.layout
    a = layout.attempt
    retry_at = backoff.next_retry_at(now, claim_.attempt_count, claim_.retry_delay_seconds, claim_.exponential_backoff)
    values: dict[str, Any] = {"error_message": storable.text(message or code, storable.ERROR_MESSAGE_LIMIT), "error_code": storable.text(code, 50)}
    if response is not None:
        values["provider_response"] = storable.response(response)
    if permanent:
        values.update(status=Status.FAILED_FINAL, next_retry_at=None)
    else:
        # max_attempts is read in SQL: someone may have raised it while we were sending.
        exhausted = a.attempt_count >= a.max_attempts
        values.update(
            status=case((exhausted, Status.FAILED_FINAL), else_=Status.FAILED_RETRY),
            next_retry_at=case((exhausted, None), else_=retry_at),
        )

    def work(conn: Connection) -> Outcome:
        row = conn.execute(
            update(a)
            .where(_owned_by(layout, claim_))
            .values(**values)
            .returning(a.status, a.next_retry_at)
            .execution_options(synchronize_session=False)
        ).first()
        if row is not None:
            return Outcome(True, row[0], row[1])
        # Rewritten under us: left as the other program put it (the send failed, retrying it is
        # right), but reported so the run and the audit say so.
        return Outcome(False, _current_status(conn, layout, claim_.id), conflict=_conflicting_save(conn, layout, claim_))

    return _write(database, "record a failed send", work, writes)


def release_rate_limited(database: Database, claim_: Claim, until: datetime, message: str, *, writes: GroupCommit | None = None) -> Outcome:
    """Undo a claim the provider refused with 429: the attempt was never made, so the counter
    and timestamps go back to what they were and the row waits until ``until``."""
    return release_unsent(database, claim_, until, ErrorCode.RATE_LIMITED, message, writes=writes)


def release_unsent(
    database: Database, claim_: Claim, until: datetime, code: str, message: str, *, writes: GroupCommit | None = None
) -> Outcome:
    """Undo a claim whose send never happened (a rate limit, a provider that could not be
    reached): status, counter and timestamps go back to what they were, the row waits until
    ``until`` and carries the reason."""
    layout = database.layout
    a = layout.attempt
    prev = claim_.previous

    def work(conn: Connection) -> Outcome:
        result = conn.execute(
            update(a)
            .where(a.id == claim_.id, a.attempt_count == claim_.attempt_count, a.status == Status.SENDING)
            .values(
                status=prev.status,
                attempt_count=a.attempt_count - 1,
                first_attempt_at=prev.first_attempt_at,
                last_attempt_at=prev.last_attempt_at,
                next_retry_at=until,
                error_code=code,
                error_message=storable.text(message, storable.ERROR_MESSAGE_LIMIT),
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            return Outcome(True, prev.status, until)
        return Outcome(False, _current_status(conn, layout, claim_.id))

    return _write(database, "give back an attempt that was not sent", work, writes)


# -- recovery and user actions ---------------------------------------------------------------

def recover_stuck(
    database: Database,
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
    ids: list[int] | None = None,
    message: str = "Interrupted while sending; the provider may or may not have received it",
    exclude: set[int] | None = None,
) -> list[Recovered]:
    """Give rows left in `sending` past the lease back to the retry schedule (or final).
    ``exclude``: rows whose send the provider accepted but whose result is not written yet
    (the send journal's): given back, they would be sent a second time."""
    layout = database.layout
    a = layout.attempt
    cutoff = now - lease
    query = select(
        a.id, a.attempt_count, a.max_attempts, a.retry_delay_seconds, a.exponential_backoff, a.last_attempt_at
    ).where(a.status == Status.SENDING, or_(a.last_attempt_at.is_(None), a.last_attempt_at <= cutoff))
    if ids is not None:
        query = query.where(a.id.in_(ids))
    with database.read() as conn:
        stuck = conn.execute(query.order_by(a.id)).all()
    recovered: list[Recovered] = []
    for attempt_id, count, max_attempts, base, exponential, last in stuck:
        if exclude and attempt_id in exclude:
            continue
        count = count or 0
        final = count >= (max_attempts or 0)
        retry_at = None if final else backoff.next_retry_at(now, count, base or 0, bool(exponential))
        status = Status.FAILED_FINAL if final else Status.FAILED_RETRY
        seen_last = a.last_attempt_at.is_(None) if last is None else a.last_attempt_at == last
        with database.write("recover stuck sends") as conn:
            result = conn.execute(
                update(a)
                .where(a.id == attempt_id, a.status == Status.SENDING, a.attempt_count == count, seen_last)
                .values(status=status, next_retry_at=retry_at, error_code=ErrorCode.INTERRUPTED, error_message=message)
                .execution_options(synchronize_session=False)
            )
        if result.rowcount == 1:
            recovered.append(Recovered(attempt_id, status, count, last, retry_at))
    return recovered


def count_stuck(database: Database, now: datetime, lease: timedelta = DEFAULT_LEASE) -> int:
    a = database.layout.attempt
    query = select(func.count()).where(
        a.status == Status.SENDING, or_(a.last_attempt_at.is_(None), a.last_attempt_at <= now - lease)
    )
    with database.read() as conn:
        return int(conn.execute(query).scalar_one())


def cancel(database: Database, ids: list[int]) -> list[int]:
    """Cancel the given rows that are still waiting; returns the ids actually cancelled."""
    if not ids:
        return []
    a = database.layout.attempt
    with database.write("cancel attempts") as conn:
        done = conn.execute(
            update(a)
            .where(a.id.in_(ids), a.status.in_(sorted(CANCELLABLE)))
            .values(status=Status.CANCELLED, next_retry_at=None)
            .returning(a.id)
            .execution_options(synchronize_session=False)
        ).scalars()
        return sorted(done)


def requeue_final(database: Database, ids: list[int], extra_attempts: int, now: datetime) -> list[int]:
    """Give failed_final rows ``extra_attempts`` more tries, due now. max_attempts becomes at
    least attempt_count + extra_attempts, so the Django side reads a consistent row."""
    if not ids or extra_attempts < 1:
        return []
    a = database.layout.attempt
    wanted = a.attempt_count + extra_attempts
    with database.write("retry failed attempts again") as conn:
        done = conn.execute(
            update(a)
            .where(a.id.in_(ids), a.status == Status.FAILED_FINAL)
            .values(
                status=Status.FAILED_RETRY,
                max_attempts=case((a.max_attempts > wanted, a.max_attempts), else_=wanted),
                next_retry_at=now,
            )
            .returning(a.id)
            .execution_options(synchronize_session=False)
        ).scalars()
        return sorted(done)


@dataclass(frozen=True)
class Snapshot:
    """What a bulk action may change on a row it has not sent yet, as it was before: enough to
    put the row back exactly when the action is stopped before reaching it."""

    id: int
    status: str
    attempt_count: int
    max_attempts: int
    next_retry_at: datetime | None
    error_code: str
    error_message: str
    first_attempt_at: datetime | None
    last_attempt_at: datetime | None


_SNAPSHOT_FIELDS = ("status", "attempt_count", "max_attempts", "next_retry_at", "error_code", "error_message", "first_attempt_at", "last_attempt_at")


def snapshot(database: Database, ids: list[int]) -> dict[int, Snapshot]:
    if not ids:
        return {}
    a = database.layout.attempt
    query = select(a.id, *(getattr(a, name) for name in _SNAPSHOT_FIELDS)).where(a.id.in_(ids))
    with database.read() as conn:
        return {row[0]: Snapshot(*row) for row in conn.execute(query).all()}


def _same(column: Any, value: Any) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def restore_untried(database: Database, before: dict[int, Snapshot]) -> list[int]:
    """Put back, exactly as they were in ``before``, the rows that no send has tried since
    (attempt_count unchanged, not sending, not finished by someone else): extra tries given and
    not used, a rate limit's or an outage's new retry time. Each write requires the row as read
    just now, so a sender or a cancel that gets there meanwhile wins."""
    if not before:
        return []
    a = database.layout.attempt
    waiting = (Status.PENDING, Status.FAILED, Status.FAILED_RETRY, Status.FAILED_FINAL)
    now_rows = snapshot(database, list(before))
    restored: list[int] = []
    with database.write("put back attempts a stopped action did not send") as conn:
        for attempt_id, old in before.items():
            now = now_rows.get(attempt_id)
            if now is None or now == old or now.attempt_count != old.attempt_count or now.status not in waiting:
                continue
            if now.status != old.status and not (old.status == Status.FAILED_FINAL and now.status == Status.FAILED_RETRY):
                continue  # not a change this action makes without sending
            seen = and_(a.id == attempt_id, *(_same(getattr(a, name), getattr(now, name)) for name in _SNAPSHOT_FIELDS))
            values = {name: getattr(old, name) for name in _SNAPSHOT_FIELDS if getattr(old, name) != getattr(now, name)}
            result = conn.execute(update(a).where(seen).values(**values).execution_options(synchronize_session=False))
            if result.rowcount == 1:
                restored.append(attempt_id)
    return sorted(restored)


def apply_delivery_status(conn: Connection, layout: Layout, attempt_id: int, new_status: str, at: datetime) -> bool:
    """Delivered or read, never backwards (read > delivered > sent) and never over a cancel."""
    a = layout.attempt
    allowed = READABLE_FROM if new_status == Status.READ else DELIVERABLE_FROM
    result = conn.execute(
        update(a)
        .where(a.id == attempt_id, a.status.in_(sorted(allowed)))
        .values(
            status=new_status,
            delivered_at=case((a.delivered_at.is_(None), at), else_=a.delivered_at),
            next_retry_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
