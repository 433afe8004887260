"""Signing in: the lockout, Altegio's answer, the failure count and the new session."""

import contextlib
import logging
from dataclasses import dataclass

from django.contrib.auth import aauthenticate, alogin
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.debug import sensitive_variables

from loyalty import metrics
from loyalty.altegio import (
    AltegioError,
    AltegioPartnerTokenRefused,
    SharedStoreUnavailable,
    get_client,
)
from loyalty.services.failures import WORDS, failure_words

from . import throttle
from .forms import SignInForm
from .middleware import start_session_clock
from .models import StaffUser
from .people import remember_logins
from .staff import load_rights
from .throttle import Lockout
from .tokens import forget_token, store_token

logger = logging.getLogger(__name__)

WRONG_CREDENTIALS = gettext_noop("That login and password do not match an Altegio account.")
MISCONFIGURED = WORDS[AltegioPartnerTokenRefused]
SIGN_IN_PAUSED = gettext_noop(
    "The dashboard cannot reach its shared store, so sign-in is paused to protect Altegio's "
    "request limit. Please try again in a moment."
)


@dataclass(frozen=True)
class SignInResult:
    """What one sign-in attempt came to: a signed-in user, or the status and lock to show."""

    user: StaffUser | None = None
    status: int = 200
    lock: Lockout | None = None


async def attempt_sign_in(request: HttpRequest, form: SignInForm) -> SignInResult:
    """Check the lock, ask Altegio, count a refusal; on success start the session."""
    try:
        return await _attempt(request, form)
    except SharedStoreUnavailable:
        # No lockout to check or count (Redis does not answer): nothing goes to Altegio.
        form.add_error(None, gettext(SIGN_IN_PAUSED))
        metrics.note_sign_in("paused")
        return SignInResult(status=503)


async def _attempt(request: HttpRequest, form: SignInForm) -> SignInResult:
    """attempt_sign_in's steps; SharedStoreUnavailable when Redis does not answer."""
    typed = request.POST.get("username", "")
    # Checked before the form and before Altegio: a locked sign-in sends nothing upstream.
    if (lock := await throttle.lockout(request, typed)) is not None:
        metrics.note_sign_in("locked")
        return SignInResult(status=429, lock=lock)
    if not form.is_valid():
        return SignInResult()
    try:
        user = await aauthenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
    except SharedStoreUnavailable:
        raise
    except AltegioPartnerTokenRefused as exc:
        # Not the person's fault: no lockout count, and the operator must hear of it.
        logger.error("Altegio refused the partner token at sign-in: %s", exc.api_message)
        form.add_error(None, gettext(MISCONFIGURED))
        metrics.note_sign_in("failed")
        return SignInResult(status=503)
    except AltegioError as exc:
        form.add_error(
            None, gettext("Could not sign in: %(reason)s") % {"reason": failure_words(exc)}
        )
        metrics.note_sign_in("failed")
        return SignInResult(status=503)
    if user is None:
        form.add_error(None, gettext(WRONG_CREDENTIALS))
        lock = await throttle.record_failure(request, typed)
        metrics.note_sign_in("wrong_credentials")
        if lock is not None:
            metrics.note_lockout_started()
        return SignInResult(status=429 if lock else 401, lock=lock)
    # Altegio named this person's logins: from now on each spelling counts as them.
    await remember_logins(user.altegio_login, typed)  # type: ignore[attr-defined]
    with contextlib.suppress(SharedStoreUnavailable):  # signed in all the same
        await throttle.record_success(request, typed)
    await start_session(request, user)
    metrics.note_sign_in("signed_in")
    return SignInResult(user=user)


@sensitive_variables("token")
async def start_session(request: HttpRequest, user: StaffUser) -> None:
    """Sign `user` in with a new, saved session key and keep their Altegio token for it only."""
    token = user.altegio_login.user_token.get_secret_value()  # type: ignore[attr-defined]
    # A session this browser had before gets no token left behind.
    await forget_token(request.session.session_key)
    # Signing in as someone else flushes the session, which leaves it without a key until
    # saved: save first, so the token is bound to the key the browser will actually carry.
    await alogin(request, user)
    await start_session_clock(request)
    await request.session.asave()
    session_key = request.session.session_key
    if not session_key:
        raise RuntimeError("The new session has no key; refusing to store a token under none.")
    await store_token(session_key=session_key, user=user, token=token)
    # If this fails the rights load again on the next page, which shows the error.
    with contextlib.suppress(AltegioError):
        await load_rights(request, get_client().as_user(token))
