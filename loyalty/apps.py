"""The loyalty app: memberships and gift cards from Altegio, for the front desk and managers."""

from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    """Client lookup, chain reviews, catalogues, the audit log, and the Altegio sandbox."""

    name = "loyalty"
    verbose_name = "Loyalty"
