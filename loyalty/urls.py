"""Dashboard pages: the front desk's location pages, managers' chain pages, and the audit log."""

from django.urls import path

from .services.writes.registry import ACTIONS
from .views import audit, budget, catalogue, chain, lookup, visits, writes

app_name = "loyalty"
urlpatterns = [
    # Front desk, per location
    path("locations/<int:location_id>/clients/", lookup.lookup, name="lookup"),
    path(
        "locations/<int:location_id>/clients/<int:client_id>/event-check/",
        lookup.event_check,
        name="event_check",
    ),
    path("locations/<int:location_id>/clients/card/", lookup.client_card, name="client_card"),
    path(
        "locations/<int:location_id>/clients/<int:client_id>/visits/",
        visits.client_visits,
        name="client_visits",
    ),
    path("locations/<int:location_id>/me/", lookup.my_cards, name="me"),
    path(
        "locations/<int:location_id>/membership-types/",
        catalogue.location_types,
        {"kind": "membership_types"},
        name="location_membership_types",
    ),
    path(
        "locations/<int:location_id>/gift-card-types/",
        catalogue.location_types,
        {"kind": "gift_card_types"},
        name="location_gift_card_types",
    ),
    # Managers, per chain
    path("chains/<int:chain_id>/memberships/", chain.memberships, name="chain_memberships"),
    path(
        "chains/<int:chain_id>/memberships/export.csv",
        chain.export_csv,
        name="chain_memberships_export",
    ),
    path(
        "chains/<int:chain_id>/memberships/summary/",
        chain.summary,
        name="chain_memberships_summary",
    ),
    # Every write to a membership: …/freeze/ (membership_freeze), …/unfreeze/, one per action.
    *[
        path(
            f"chains/<int:chain_id>/memberships/<int:membership_id>/{name}/",
            writes.write,
            {"action": name},
            name=f"membership_{name}",
        )
        for name in ACTIONS
    ],
    path(
        "chains/<int:chain_id>/membership-types/",
        catalogue.chain_types,
        {"kind": "membership_types"},
        name="chain_membership_types",
    ),
    path(
        "chains/<int:chain_id>/membership-types/<int:type_id>/",
        catalogue.chain_type,
        {"kind": "membership_types"},
        name="chain_membership_type",
    ),
    path(
        "chains/<int:chain_id>/gift-card-types/",
        catalogue.chain_types,
        {"kind": "gift_card_types"},
        name="chain_gift_card_types",
    ),
    path(
        "chains/<int:chain_id>/gift-card-types/<int:type_id>/",
        catalogue.chain_type,
        {"kind": "gift_card_types"},
        name="chain_gift_card_type",
    ),
    path("audit/", audit.audit_log, name="audit"),
    # What a waiting page asks after 2 s: is Altegio's request limit busy? (no Altegio call)
    path("altegio/budget/", budget.altegio_budget, name="altegio_budget"),
]
