"""The loyalty app: memberships and gift cards from Altegio, for the front desk and managers."""

from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    """Client lookup, chain reviews, catalogues, the audit log, and the Altegio sandbox."""

    name = "loyalty"
    verbose_name = "Loyalty"

    def ready(self) -> None:
        """Give the shared store's breaker its pause from settings."""
        from django.conf import settings

        from loyalty.altegio import redis_store

        redis_store.configure(pause=float(settings.REDIS_RETRY_SECONDS))
