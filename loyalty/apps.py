"""The loyalty app: memberships and gift cards from Altegio, for the front desk and managers."""

from django.apps import AppConfig
from django.conf import settings


class LoyaltyConfig(AppConfig):
    """Client lookup, chain reviews, catalogues, the audit log, and the Altegio sandbox."""

    name = "loyalty"
    verbose_name = "Loyalty"

    def ready(self) -> None:
        """Give the in-process sandbox its simulated latency (demos that should feel real)."""
        if settings.ALTEGIO_SANDBOX and settings.SANDBOX_LATENCY_MS:
            from loyalty.sandbox import get_sandbox

            get_sandbox().set_latency(settings.SANDBOX_LATENCY_MS)
