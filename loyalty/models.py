"""What Loyalty Desk keeps of its own: the audit log and one-time write keys."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One lookup (a visit history too) or chain view: who, when, where, what was searched."""

    class Kind(models.TextChoices):
        CLIENT_LOOKUP = "client_lookup", _("Client lookup")
        EVENT_CHECK = "event_check", _("Group event check")
        CHAIN_LIST = "chain_list", _("Chain memberships")
        CHAIN_SUMMARY = "chain_summary", _("Chain summary")
        CHAIN_EXPORT = "chain_export", _("Chain export")
        MEMBERSHIP_FREEZE = "membership_freeze", _("Membership freeze")
        MEMBERSHIP_UNFREEZE = "membership_unfreeze", _("Membership unfreeze")
        MEMBERSHIP_EXTEND = "membership_extend", _("Membership extension")
        MEMBERSHIP_BALANCE = "membership_balance", _("Membership balance correction")
        CLIENT_VISITS = "client_visits", _("Client visits")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too, so the log still reads right after a staff account is removed.
    staff_name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    location_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    chain_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    place = models.CharField(max_length=200, blank=True)
    # Never the phone itself: a mask to read, and a keyed hash to find every lookup of one phone.
    phone_masked = models.CharField(max_length=40, blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    query = models.CharField(max_length=500, blank=True)
    result_count = models.IntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True, default="ok")
    # Why a write was asked for, in the person's words (kept here only, never sent to Altegio).
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.staff_name} at {self.at:%Y-%m-%d %H:%M}"


class WriteKey(models.Model):
    """A one-time key a write form carries: deleting it is what lets one POST reach Altegio."""

    # In the database, not a per-process cache: every worker must see one key consumed once.
    key = models.CharField(max_length=64, primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=20)
    chain_id = models.BigIntegerField()
    membership_id = models.BigIntegerField()
    created = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.action} {self.membership_id} for user {self.user_id}"
