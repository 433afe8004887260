"""Local staff users tied to Altegio users, and their encrypted Altegio user tokens."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class StaffUser(AbstractUser):
    """A staff member who signs in with their Altegio login; Altegio keeps their rights."""

    altegio_user_id = models.BigIntegerField(unique=True, null=True, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    # Remembered across sessions so the front desk lands where they last worked.
    last_location_id = models.BigIntegerField(null=True, blank=True)
    # The client lookup's last scope, "location" or "chain": the desk keeps working the same way.
    lookup_scope = models.CharField(max_length=8, default="location", blank=True)
    # The language they chose in the header ("en", "ru"); empty: the browser's, else LANGUAGE_CODE.
    language = models.CharField(max_length=8, default="", blank=True)

    @property
    def display_name(self) -> str:
        """The name Altegio gave us, else the login."""
        return self.get_full_name() or self.first_name or self.email or self.username


class StaffToken(models.Model):
    """One signed-in session's Altegio user token, encrypted; deleted when the session ends."""

    session_key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(StaffUser, on_delete=models.CASCADE, related_name="tokens")
    ciphertext = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        # Never the token itself, not even encrypted.
        return f"Altegio token of {self.user_id} for one session"


class LoginAlias(models.Model):
    """One spelling of a person's Altegio login (e-mail or phone, hashed) and whose it is.

    Learned from Altegio's sign-in answer, so that the sign-in lockout counts a person's e-mail
    login and phone login as one (dashboard/accounts/people.py).
    """

    digest = models.CharField(max_length=64, unique=True)
    altegio_user_id = models.BigIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"login of Altegio user {self.altegio_user_id}"
