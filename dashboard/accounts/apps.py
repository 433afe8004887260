"""Sign-in with Altegio and staff sessions."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: local users tied to Altegio users, and their server-side tokens."""

    name = "dashboard.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"
