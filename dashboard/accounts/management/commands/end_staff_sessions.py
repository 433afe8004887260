"""`manage.py end_staff_sessions <login | Altegio id | e-mail>`: sign one person out everywhere."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from dashboard.accounts.models import StaffUser
from dashboard.accounts.tokens import end_all_sessions


def find_staff(identifier: str) -> list[StaffUser]:
    """Staff users matching a login (e-mail or phone), an Altegio user id or a local username."""
    identifier = identifier.strip()
    match = Q(username=identifier) | Q(email__iexact=identifier)
    digits = "".join(char for char in identifier if char.isdigit())
    if identifier.isdigit():
        match |= Q(altegio_user_id=int(identifier))
    if digits and not any(char.isalpha() for char in identifier):
        # A phone login as typed ("+1 315 555-0176") or as digits; stored phones vary too.
        match |= Q(phone__in={identifier, digits, f"+{digits}"})
    return list(StaffUser.objects.filter(match).order_by("pk"))


class Command(BaseCommand):
    help = (
        "End every session of one staff member and delete their stored Altegio tokens "
        "(e.g. after their Altegio access was withdrawn)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "staff", help="their Altegio login (e-mail or phone), Altegio user id, or e-mail"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        found = find_staff(options["staff"])
        if not found:
            raise CommandError(f"No staff member matches {options['staff']!r}.")
        if len(found) > 1:
            names = ", ".join(
                f"{user.display_name} (Altegio id {user.altegio_user_id})" for user in found
            )
            raise CommandError(
                f"{options['staff']!r} matches several staff members: {names}. "
                "Use their Altegio user id."
            )
        user = found[0]
        ended = end_all_sessions(user)
        sessions = "session" if ended == 1 else "sessions"
        self.stdout.write(
            self.style.SUCCESS(
                f"Ended {ended} {sessions} of {user.display_name} "
                f"(Altegio id {user.altegio_user_id}); their Altegio tokens are deleted."
            )
        )
