"""A client's visits at the desk, and which membership or gift card paid for each.

One page is two Altegio calls: the visit search (25 visits, newest first, docs/altegio.md §4.7),
then the chain's loyalty transactions of exactly those visit ids over exactly their days (§4.8,
what_paid.py). The last 90 days come first; "Earlier visits" follows Altegio's date cursor, then
the 90 days before (windows.py). Viewing a history is a lookup of personal data: audited, and
counted against the lookup quota (history.py).
"""

from .history import ClientVisits, VisitsAsked, list_client_visits
from .rights import VisitRights, WhatPaid, visit_rights
from .rows import CardUsage, Payment, VisitRow
from .windows import VisitWindow, opening_window, window_before

__all__ = [
    "CardUsage",
    "ClientVisits",
    "Payment",
    "VisitRights",
    "VisitRow",
    "VisitWindow",
    "VisitsAsked",
    "WhatPaid",
    "list_client_visits",
    "opening_window",
    "visit_rights",
    "window_before",
]
