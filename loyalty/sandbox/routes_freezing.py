"""Freeze and unfreeze a sold membership, the first writes (docs/altegio.md §2.6, §5.7).

Rules, each with Altegio's documented status and words:
- rights: `loyalty_abonement_period_edit_access` decides when present for the chain ("0"/0 →
  403 "Access denied."), else `loyalty_access`; the membership must be the chain's (404);
- freeze: `freeze_till` blank or no date-time, or not after now → 422 with a field error; the
  type must allow freezing and the membership be usable (issued or active, not expired) and not
  frozen → else 400 "Subscription cannot be frozen"; days frozen so far plus the new days (today
  to the until-day, counted in whole days at the chain) within the type's limit → else 422
  "Freeze period exceeds limit"; the expiry then moves later by the new days;
- unfreeze: not frozen → 400 "Subscription is not frozen"; the extension stays.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .models import Membership, MembershipType
from .protocol import ApiError, Ctx, Reply, ok
from .seed_catalog import chain_zone
from .wire import iso
from .writes import FreezeState

# Days per freeze_limit_unit_id (docs/altegio.md §2.2); 0 or unknown = days, as older docs have it.
UNIT_DAYS = {1: 1, 2: 7, 3: 30, 4: 365}
USABLE_STATUSES = (1, 2)
CANNOT_FREEZE = "Subscription cannot be frozen"
NOT_FROZEN = "Subscription is not frozen"
OVER_LIMIT = "Freeze period exceeds limit"


def limit_in_days(kind: MembershipType) -> int:
    """The type's freeze limit counted in days."""
    return kind.freeze_limit * UNIT_DAYS.get(kind.freeze_limit_unit_id, 1)


def _may_edit_period(ctx: Ctx, chain_id: int) -> None:
    """403 unless the user's rights in this chain allow freezing (docs/altegio.md §4.5)."""
    if chain_id not in ctx.data.chains:
        raise ApiError(404)
    access = ctx.need_user().chain_access.get(chain_id)
    if access is None:
        raise ApiError(403)
    key = "loyalty_abonement_period_edit_access"
    decides = access[key] if key in access else access.get("loyalty_access", "0")
    if str(decides) != "1":
        raise ApiError(403)


def _membership(ctx: Ctx) -> Membership:
    """The chain's membership named in the path, or 404."""
    chain_id, membership_id = ctx.ids
    _may_edit_period(ctx, chain_id)
    membership = ctx.data.memberships.get(membership_id)
    if membership is None or membership.chain_id != chain_id:
        raise ApiError(404)
    return membership


def _freeze_till(ctx: Ctx, chain_id: int, now: datetime) -> datetime:
    """The body's `freeze_till`, or 422 with Altegio's field error."""
    raw = ctx.json().get("freeze_till")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise _field_error("This value should not be blank.")
    try:
        till = datetime.fromisoformat(str(raw).strip().replace("Z", "+00:00"))
    except ValueError:
        raise _field_error("This value is not a valid datetime.") from None
    till = till if till.tzinfo else till.replace(tzinfo=chain_zone(chain_id))
    if till <= now:
        raise _field_error("This value should be greater than now.")
    return till


def _field_error(text: str) -> ApiError:
    return ApiError(422, errors={"[freeze_till]": [text]})


def freeze(ctx: Ctx) -> Reply:
    """`POST /chain/{chain_id}/loyalty/abonements/{id}/freeze` with `{"freeze_till": …}`."""
    seeded = _membership(ctx)
    chain_id = seeded.chain_id
    zone = chain_zone(chain_id)
    now = datetime.now(zone)
    till = _freeze_till(ctx, chain_id, now)
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
        days = (till.astimezone(zone).date() - now.date()).days + 1
        if membership.freeze_period + days > limit_in_days(kind):
            raise ApiError(422, OVER_LIMIT)
        state = FreezeState(
            is_frozen=True,
            freeze_period=membership.freeze_period + days,
            # An issued membership has no expiry yet: nothing moves (docs/altegio.md §2.1).
            expires=membership.expires + timedelta(days=days) if membership.expires else None,
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
    seeded = _membership(ctx)
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
