"""Altegio user tokens at rest: Fernet-encrypted, bound to one session, gone when it ends."""

import base64
import functools
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import StaffToken, StaffUser


@functools.cache
def _fernet(secret: str, explicit_key: str) -> Fernet:
    if explicit_key:
        return Fernet(explicit_key.encode())
    # No key of its own: derive one from SECRET_KEY, so rotating SECRET_KEY signs everyone out.
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"loyalty-desk user tokens"
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def fernet() -> Fernet:
    """The cipher for user tokens (TOKEN_ENCRYPTION_KEY, else derived from SECRET_KEY)."""
    return _fernet(settings.SECRET_KEY, settings.TOKEN_ENCRYPTION_KEY)


async def store_token(*, session_key: str, user: StaffUser, token: str) -> None:
    """Keep `token` for this session only, replacing any earlier one."""
    ciphertext = fernet().encrypt(token.encode())
    await StaffToken.objects.aupdate_or_create(
        session_key=session_key, defaults={"user": user, "ciphertext": ciphertext}
    )
    # Sessions that simply lapsed leave their token behind; clear those past the maximum age.
    cutoff = timezone.now() - timedelta(hours=settings.SESSION_MAX_HOURS)
    await StaffToken.objects.filter(created_at__lt=cutoff).adelete()


async def load_token(session_key: str | None) -> str | None:
    """This session's user token, or None if there is none (or it cannot be decrypted)."""
    if not session_key:
        return None
    row = await StaffToken.objects.filter(session_key=session_key).afirst()
    if row is None:
        return None
    try:
        return fernet().decrypt(bytes(row.ciphertext)).decode()
    except InvalidToken:
        return None


async def forget_token(session_key: str | None) -> None:
    """Delete this session's user token."""
    if session_key:
        await StaffToken.objects.filter(session_key=session_key).adelete()


def end_all_sessions(user: StaffUser) -> int:
    """End every session of `user` and delete their tokens; returns how many sessions ended."""
    store_class: type[SessionBase] = import_string(settings.SESSION_ENGINE + ".SessionStore")
    rows = list(StaffToken.objects.filter(user=user))
    for row in rows:
        store_class(session_key=row.session_key).delete()
    StaffToken.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)
