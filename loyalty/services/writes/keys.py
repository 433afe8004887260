"""One-time keys for write forms: deleting a key is the permission to send its write, once."""

import secrets
from datetime import timedelta

from django.utils import timezone

from loyalty.models import WriteKey
from loyalty.services.audit import StaffMember

KEY_LIFETIME = timedelta(hours=2)


async def issue_key(*, user: StaffMember, action: str, chain_id: int, membership_id: int) -> str:
    """A fresh one-time key for one form; stale keys are swept on the way."""
    await WriteKey.objects.filter(created__lt=timezone.now() - KEY_LIFETIME).adelete()
    key = secrets.token_urlsafe(24)
    await WriteKey.objects.acreate(
        key=key,
        user_id=user.pk,
        action=action,
        chain_id=chain_id,
        membership_id=membership_id,
    )
    return key


async def consume_key(
    *, key: str, user: StaffMember, action: str, chain_id: int, membership_id: int
) -> bool:
    """Use the key up; True for exactly one caller (a single DELETE decides, in any worker)."""
    deleted, _ = await WriteKey.objects.filter(
        key=key,
        user_id=user.pk,
        action=action,
        chain_id=chain_id,
        membership_id=membership_id,
        created__gte=timezone.now() - KEY_LIFETIME,
    ).adelete()
    return deleted == 1
