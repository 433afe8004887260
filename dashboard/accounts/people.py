"""One person behind every spelling of their Altegio login, for the sign-in lockout.

A person may sign in with their e-mail or their phone. Counted per spelling, an attacker would get
the failure limit twice; so once Altegio's sign-in answer has said whose logins they are
(`data.login`, `data.email`, `data.phone`, docs/altegio.md §1.2), each spelling maps to the
person, and the lockout counts the person. Before a first successful sign-in nothing links them,
and each spelling counts on its own.
"""

import hashlib

from loyalty.altegio.types import StaffLogin

from .logins import login_key
from .models import LoginAlias


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _spellings(answer: StaffLogin, typed: str) -> set[str]:
    """The throttle keys of every login Altegio names for this person, and of what they typed."""
    logins = [typed, answer.login, answer.email, answer.phone]
    # YCLIENTS writes phones as bare digits with the country code ("79161234567"): read them
    # as international too, as a person typing "+7 916 123-45-67" is read.
    if answer.phone.isdigit():
        logins.append(f"+{answer.phone}")
    return {key for key in (login_key(login) for login in logins if login.strip()) if key}


async def remember_logins(answer: StaffLogin, typed: str) -> None:
    """Record that every spelling of this person's login is theirs (after a good sign-in)."""
    for key in _spellings(answer, typed):
        await LoginAlias.objects.aupdate_or_create(
            digest=_digest(key), defaults={"altegio_user_id": answer.id}
        )


async def person_key(typed: str) -> str:
    """The key the lockout counts `typed` under: its person when known, else the login itself."""
    key = login_key(typed)
    if not key:
        return ""
    alias = await LoginAlias.objects.filter(digest=_digest(key)).afirst()
    return f"altegio-user:{alias.altegio_user_id}" if alias else key
