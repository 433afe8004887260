"""Freeze and unfreeze a sold membership, the first writes (docs/altegio.md §2.6, §5.7).

Rules, each with Altegio's documented status and words:
- rights: `loyalty_abonement_period_edit_access` decides when present for the chain ("0"/0 →
  403 "Access denied."), else `loyalty_access`; the membership must be the chain's (404);
- freeze: `freeze_till` is the day it unfreezes by itself, sent as a date ("2026-10-15", as
  Altegio's own integration sends it); the doc page's ISO 8601 moment is read too, a moment
  after midnight as unfreezing the day after. Blank, unreadable or not after today → 422 with a
  field error; the type must allow freezing and the membership be usable (issued or active,
  not expired) and not frozen → else 400 "Subscription cannot be frozen"; the days frozen so
  far plus the new ones (today up to the unfreeze day) within the type's limit, when it has one
  (0 or null: no limit) → else 422 "Freeze period exceeds limit"; the expiry then moves later
  by the new days;
- unfreeze: not frozen → 400 "Subscription is not frozen"; the extension stays.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .models import Membership, MembershipType
from .protocol import ApiError, Ctx, Reply, ok
from .seed_places import chain_zone
from .wire import iso
from .writes import FreezeState

# Days per freeze_limit_unit_id (docs/altegio.md §2.2); 0 or unknown = days, as older docs have it.
UNIT_DAYS = {1: 1, 2: 7, 3: 30, 4: 365}
USABLE_STATUSES = (1, 2)
CANNOT_FREEZE = "Subscription cannot be frozen"
NOT_FROZEN = "Subscription is not frozen"
OVER_LIMIT = "Freeze period exceeds limit"


def limit_in_days(kind: MembershipType) -> int | None:
    """The type's freeze limit counted in days; None when it sets none (0 or null)."""
    if kind.freeze_limit <= 0:
        return None
    return kind.freeze_limit * UNIT_DAYS.get(kind.freeze_limit_unit_id, 1)


PERIOD_EDIT = "loyalty_abonement_period_edit_access"


def _may_edit(ctx: Ctx, chain_id: int, key: str) -> None:
    """403 unless the user's rights in this chain allow the write (docs/altegio.md §4.5)."""
    if chain_id not in ctx.data.chains:
        raise ApiError(404)
    access = ctx.need_user().chain_access.get(chain_id)
    if access is None:
        raise ApiError(403)
    decides = access[key] if key in access else access.get("loyalty_access", "0")
    if str(decides) != "1":
        raise ApiError(403)


def chain_membership(ctx: Ctx, key: str = PERIOD_EDIT) -> Membership:
    """The chain's membership named in the path, when `key` allows writing to it; else 403/404."""
    chain_id, membership_id = ctx.ids
    _may_edit(ctx, chain_id, key)
    membership = ctx.data.memberships.get(membership_id)
    if membership is None or membership.chain_id != chain_id:
        raise ApiError(404)
    return membership


def _unfreeze_day(ctx: Ctx, chain_id: int, today: date) -> date:
    """The day the body's `freeze_till` unfreezes the membership on, or 422 with a field error."""
    raw = ctx.json().get("freeze_till")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise _field_error("This value should not be blank.")
    text = str(raw).strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            local = moment.astimezone(chain_zone(chain_id)) if moment.tzinfo else moment
            # The doc's "2026-12-31T23:59:59-05:00" is frozen through the 31st.
            day = local.date() + timedelta(days=0 if local.time() == datetime.min.time() else 1)
    except ValueError:
        raise _field_error("This value is not a valid date.") from None
    if day <= today:
        raise _field_error("This value should be greater than today.")
    return day


def _field_error(text: str) -> ApiError:
    return ApiError(422, errors={"[freeze_till]": [text]})


def freeze(ctx: Ctx) -> Reply:
    """`POST /chain/{chain_id}/loyalty/abonements/{id}/freeze` with `{"freeze_till": …}`."""
    seeded = chain_membership(ctx)
    chain_id = seeded.chain_id
    zone = chain_zone(chain_id)
    now = datetime.now(zone)
    unfreezes_on = _unfreeze_day(ctx, chain_id, now.date())
    kind = ctx.data.membership_types[seeded.type_id]
    with ctx.writes.editing() as write:
        membership = ctx.writes.current(seeded)
        expired = membership.expires is not None and membership.expires <= now
        if (
            not kind.allow_freeze
            or membership.status_id not in USABLE_STATUSES
            or expired
            or membership.is_frozen
        ):
            raise ApiError(400, CANNOT_FREEZE)
        days = (unfreezes_on - now.date()).days
        limit = limit_in_days(kind)
        if limit is not None and membership.freeze_period + days > limit:
            raise ApiError(422, OVER_LIMIT)
        till = datetime.combine(unfreezes_on, datetime.min.time(), zone)
        try:
            # An issued membership has no expiry yet: nothing moves (docs/altegio.md §2.1).
            expires = membership.expires + timedelta(days=days) if membership.expires else None
        except OverflowError:  # a freeze past the year 9999 moves nothing anyone can read
            raise _field_error("This value is not a valid date.") from None
        state = FreezeState(
            is_frozen=True,
            freeze_period=membership.freeze_period + days,
            expires=expires,
            freeze_till=till,
        )
        write(membership, state)
    return ok(
        {
            "id": membership.id,
            "number": membership.number,
            "is_frozen": True,
            "freeze_period": state.freeze_period,
            "freeze_till": iso(till),
        }
    )


def unfreeze(ctx: Ctx) -> Reply:
    """`POST /chain/{chain_id}/loyalty/abonements/{id}/unfreeze`: the extension is kept."""
    seeded = chain_membership(ctx)
    with ctx.writes.editing() as write:
        membership = ctx.writes.current(seeded)
        if not membership.is_frozen:
            raise ApiError(400, NOT_FROZEN)
        write(
            membership,
            FreezeState(
                is_frozen=False, freeze_period=membership.freeze_period, expires=membership.expires
            ),
        )
    return ok(
        {
            "id": membership.id,
            "number": membership.number,
            "is_frozen": False,
            "freeze_period": membership.freeze_period,
        }
    )
