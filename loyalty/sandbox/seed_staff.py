"""The demo staff accounts: who signs in, with which rights in which chains."""

from __future__ import annotations

from .models import (
    User,
)
from .seed_places import (
    HARBOR,
    HARBOR_LOCATIONS,
    HARBOR_NORTH,
    HARBOR_STUDIO,
    NEVSKY,
    NEVSKY_LOCATIONS,
)

USERS = (
    User(
        1001,
        "Anna Brooks",
        "frontdesk@sandbox.example",
        "+13155550175",
        "frontdesk-demo",
        "Front desk: Harbor Studio (720441) only, the chain's clients but no loyalty rights; "
        "sees clients' visits, not which membership or gift card paid",
        (HARBOR_STUDIO,),
        # The client base opens the visits (the attendance key is not in Altegio's docs, so the
        # least sandbox does not send it; the extra_access_keys quirk does).
        {
            HARBOR: {
                "settings_access": "0",
                "clients_access": "1",
                "users_access": "0",
                "loyalty_access": "0",
                "loyalty_cards_manual_transactions_access": "0",
                "network_services_access": "0",
                "loyalty_certificate_types_access": "0",
                "clients_show_attendance_history_access": "1",
            }
        },
    ),
    User(
        1002,
        "Mark Turner",
        "manager@sandbox.example",
        "+13155550176",
        "manager-demo",
        "Manager: all 5 locations, loyalty rights in both chains; freezes memberships in "
        "Harbor Wellness only",
        HARBOR_LOCATIONS + NEVSKY_LOCATIONS,
        {
            # The docs show access flags both as "1"/"0" strings and as 1/0 ints; one chain each
            # (the membership rights, as Altegio's own code's tests send them, always as ints).
            HARBOR: {
                "settings_access": "1",
                "clients_access": "1",
                "users_access": "0",
                "loyalty_access": "1",
                "loyalty_cards_manual_transactions_access": "1",
                "network_services_access": "0",
                "loyalty_abonement_types_access": 1,
                "loyalty_abonement_period_edit_access": 1,
                "loyalty_abonement_balance_edit_access": 1,
                "loyalty_abonement_history_access": 1,
                "loyalty_certificate_types_access": "1",
            },
            NEVSKY: {
                "settings_access": 1,
                "clients_access": 1,
                "users_access": 0,
                "loyalty_access": 1,
                "loyalty_cards_manual_transactions_access": 1,
                "network_services_access": 1,
                "loyalty_abonement_types_access": 1,
                "loyalty_abonement_period_edit_access": 0,
                "loyalty_abonement_balance_edit_access": 0,
                "loyalty_abonement_history_access": 1,
                "loyalty_certificate_types_access": 1,
            },
        },
    ),
    User(
        1003,
        "Olga Sokolova",
        "owner@sandbox.example",
        "+79031234567",
        "owner-demo",
        "Owner: Nevsky Fitness only (830001, 830002), full rights there",
        NEVSKY_LOCATIONS,
        {
            NEVSKY: {
                "settings_access": 1,
                "clients_access": 1,
                "users_access": 1,
                "loyalty_access": 1,
                "loyalty_cards_manual_transactions_access": 1,
                "network_services_access": 1,
                "loyalty_abonement_types_access": 1,
                "loyalty_abonement_period_edit_access": 1,
                "loyalty_abonement_balance_edit_access": 1,
                "loyalty_abonement_history_access": 1,
                "loyalty_certificate_types_access": 1,
            }
        },
    ),
    User(
        1004,
        "Sam Rivera",
        "supervisor@sandbox.example",
        "+13155550177",
        "supervisor-demo",
        "Supervisor: Harbor Studio and Harbor North, loyalty rights in Harbor but no membership "
        "history, no gift-card types, and no rights to see client phones",
        (HARBOR_STUDIO, HARBOR_NORTH),
        {
            HARBOR: {
                "settings_access": "0",
                "clients_access": "1",
                "users_access": "0",
                "loyalty_access": "1",
                "loyalty_abonement_types_access": 1,
                "loyalty_abonement_history_access": 0,
                "loyalty_certificate_types_access": "0",
                "loyalty_abonement_period_edit_access": 0,
                "client_phones_access": "0",
                "network_services_access": "0",
            }
        },
    ),
)

# fmt: on

DEMO_LOGINS: list[dict[str, str]] = [
    {"login": user.email, "password": user.password, "role": user.role} for user in USERS
]
