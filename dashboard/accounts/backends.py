"""Django authentication backed by Altegio's POST /auth."""

from typing import Any

from asgiref.sync import async_to_sync
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest

from loyalty.altegio import AltegioInvalid, AltegioNotFound, AltegioWrongCredentials, get_client
from loyalty.altegio.auth import authenticate
from loyalty.altegio.types import StaffLogin

from .models import StaffUser


class AltegioBackend(BaseBackend):
    """Checks a login and password with Altegio; the local user mirrors the Altegio user."""

    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> StaffUser | None:
        """The local user for good credentials, with `.altegio_login` attached; None otherwise."""
        if not username or not password:
            return None
        try:
            answer = await authenticate(get_client(), login=username.strip(), password=password)
        except (AltegioWrongCredentials, AltegioInvalid, AltegioNotFound):
            return None  # wrong credentials; any other AltegioError reaches the view
        user = await sync_staff_user(answer)
        user.altegio_login = answer  # type: ignore[attr-defined]
        return user

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> StaffUser | None:
        """Sync entry point (admin tooling); the sign-in view uses aauthenticate."""
        return async_to_sync(self.aauthenticate)(request, username, password, **kwargs)

    def get_user(self, user_id: int) -> StaffUser | None:
        """The user for a session."""
        return StaffUser.objects.filter(pk=user_id, is_active=True).first()

    async def aget_user(self, user_id: int) -> StaffUser | None:
        """The user for a session."""
        return await StaffUser.objects.filter(pk=user_id, is_active=True).afirst()


async def sync_staff_user(answer: StaffLogin) -> StaffUser:
    """Create or update the local user for an Altegio user (name, e-mail, phone)."""
    profile = {
        "username": f"altegio-{answer.id}",
        "first_name": answer.name[:150],
        "email": answer.email[:254],
        "phone": answer.phone[:32],
    }
    user, _ = await StaffUser.objects.aupdate_or_create(
        altegio_user_id=answer.id,
        defaults=profile,
        # Altegio checks the password; the local user must never have one of its own.
        create_defaults={**profile, "password": make_password(None)},
    )
    return user
