"""Recorded-shape Altegio answers, copied from docs/altegio.md §5 (and its seed example).

Each payload is the reference's JSON, verbatim, so a test reads against the vendor's own shapes.
Tests that need a quirk build it from these with `variant()`, never by hand-writing a new shape.
"""

import copy
import json
from typing import Any


def _json(text: str) -> Any:
    return json.loads(text)


def variant(payload: Any, **changes: Any) -> Any:
    """A deep copy of `payload` with top-level keys of its first data item replaced."""
    copied = copy.deepcopy(payload)
    data = copied["data"]
    target = data[0] if isinstance(data, list) else data
    target.update(changes)
    return copied


# §5.1 POST /auth → 201
AUTH = _json(
    '{"success":true,"data":{"id":123456,"user_token":"wec23fh8cDfFV4432fc352456",'
    '"name":"Anna Admin","phone":"+13155550175","login":"anna@example.com",'
    '"email":"anna@example.com","avatar":"https://assets.alteg.io/general/0/01/123.png","is_approved":true,'
    '"is_email_confirmed":true},"meta":[]}'
)

# §5.2 errors
AUTH_NEEDED = _json('{"success":false,"data":null,"meta":{"message":"Authentication needed."}}')
AUTH_WRONG_PASSWORD = _json(
    '{"success":false,"data":null,"meta":{"message":"Incorrect login or password"}}'
)
ACCESS_DENIED = _json('{"success":false,"data":null,"meta":{"message":"Access denied."}}')
INVALID_ARCHIVED = _json(
    '{"success":false,"data":null,"meta":{"message":"An error occurred","errors":'
    '{"[is_archived]":["The value you selected is invalid"]}}}'
)
# §1.5: 404 "Event not found", with meta as an object or as []
EVENT_NOT_FOUND = _json('{"success":false,"data":null,"meta":{"message":"Event not found"}}')
NOT_FOUND_BARE = _json('{"success":false,"data":null,"meta":[]}')
# §1.5: 400 on the client search
INVALID_FILTER = _json(
    '{"success":false,"data":null,"meta":{"message":"Invalid filter value",'
    '"errors":{"filters":["quick_search: value is required"]}}}'
)
# §2.6: 422 on freeze
FREEZE_LIMIT = _json(
    '{"success":false,"data":null,"meta":{"message":"Freeze period exceeds limit"}}'
)
# §1.2: a refused sign-in that still came back 2xx
AUTH_REFUSED = _json(
    '{"success":false,"data":{},"meta":{"message":"Login or password is incorrect"}}'
)

# §5.3 M1 (M2 has the same shape)
CLIENT_MEMBERSHIPS = _json(
    '{"success":true,"data":[{"id":659878,"number":"788376","balance_string":"Surfing (x10)",'
    '"is_frozen":false,"freeze_period":0,"period":3,"period_unit_id":3,'
    '"expiration_date":"2026-12-31T23:59:59-05:00","created_date":"2026-09-01T10:00:00-05:00",'
    '"activated_date":"2026-09-02T09:30:00-05:00","is_united_balance":false,'
    '"is_united_balance_unlimited":false,"united_balance_services_count":0,"status":{"id":2,'
    '"title":"Activated","extended_title":"Activated","slug":"active"},"balance_container":'
    '{"links":[{"count":8,"is_unlimited":false,"category":{"id":3129591,"category_id":1,'
    '"title":"Surfing","is_category":true}}]},"type":{"id":97804,"salon_group_id":145071,'
    '"title":"Surf x10","period":3,"period_unit_id":3,"allow_freeze":true,"freeze_limit":14,'
    '"is_allow_empty_code":false,"is_united_balance":false,"united_balance_services_count":0,'
    '"cost":500}}],"meta":{"count":1}}'
)

# §5.4 M3
CHAIN_MEMBERSHIPS = _json(
    '{"success":true,"data":[{"id":659878,"number":"788376","status":{"id":3,"slug":"expired",'
    '"title":"Expired"},"is_frozen":false,"freeze_period":0,"period":1,"period_unit_id":3,'
    '"created_date":"2026-09-01T10:00:00-05:00","activated_date":"2026-09-02T09:30:00-05:00",'
    '"expiration_date":"2026-10-02T23:59:59-05:00","is_united_balance":true,'
    '"is_united_balance_unlimited":false,"united_balance_services_count":3,'
    '"goods_transaction_id":987654,"balance_container":{"links":[{"count":0,"service":'
    '{"id":13160808,"title":"Yoga class","is_category":false}}]},"type":{"id":97805,'
    '"salon_group_id":145071,"title":"Yoga 8 visits"}}],"meta":{"count":1}}'
)

# §5.5 M5 (M4 has the same shape)
LOCATION_MEMBERSHIP_TYPES = _json(
    '{"success":true,"data":[{"id":12233,"salon_group_id":123,"title":"Membership, freeze up to 14 '
    'days","period":0,"period_unit_id":0,"allow_freeze":true,"freeze_limit":14,'
    '"is_allow_empty_code":false,"is_united_balance":false,"united_balance_services_count":0},'
    '{"id":255789,"salon_group_id":123,"title":"6-month membership","period":6,"period_unit_id":3,'
    '"allow_freeze":false,"freeze_limit":0,"is_allow_empty_code":false,"is_united_balance":false,'
    '"united_balance_services_count":0}],"meta":{"count":2}}'
)

# §5.6 M7 (trimmed)
CHAIN_MEMBERSHIP_TYPE = _json(
    '{"success":true,"data":{"id":468039,"salon_group_id":123,"title":"10-visit subscription",'
    '"cost":1000,"period":10,"period_unit_id":3,"allow_freeze":true,"freeze_limit":30,'
    '"freeze_limit_unit_id":1,"is_booking_when_frozen_allowed":false,"is_allow_empty_code":false,'
    '"is_code_required":true,"is_united_balance":true,"is_united_balance_unlimited":false,'
    '"united_balance_services_count":10,"balance_edit_type_id":1,"expiration_type_id":1,'
    '"expiration_type_title":"On sale","is_archived":false,"date_archived":null,'
    '"abonements_count":42,"attached_location_ids":[720441],"availability":[{"week_days":[1,2,3],'
    '"intervals":[{"from":36000,"to":72000}]}],"balance_container":{"links":[{"count":10,'
    '"is_unlimited":false,"service":{"id":45,"title":"Service in location","category_id":90,'
    '"is_category":false}}]}},"meta":[]}'
)

# M6: the chain catalogue is a list of the §5.6 object with meta.total_count (docs/altegio.md §1.7)
CHAIN_MEMBERSHIP_TYPES = {
    "success": True,
    "data": [copy.deepcopy(CHAIN_MEMBERSHIP_TYPE["data"])],
    "meta": {"total_count": 31},
}

# §5.9 M8
EVENT_MEMBERSHIPS = _json(
    '{"data":[{"id":"5248829","type":"loyalty_abonement","attributes":{"number":"690348",'
    '"balance":10},"relationships":{"loyalty_abonement_type":{"data":{"id":"489159",'
    '"type":"loyalty_abonement_type"}}}}],"included":[{"id":"489159",'
    '"type":"loyalty_abonement_type","attributes":{"title":"Group classes x10"}}]}'
)

# §5.10 M9
EVENT_CHECK = _json(
    '{"data":{"id":"check_1","type":"loyalty_abonement_check","attributes":{'
    '"last_booking_date":"2026-03-31T23:59:59+00:00","available_visits":10,'
    '"can_book_all_days":true,"bookable_day_ids":[1,2,3]}}}'
)

# §5.11 C1 (C2 has the same shape)
CLIENT_GIFT_CARDS = _json(
    '{"success":true,"data":[{"id":409726,"number":"888","balance":6500,"default_balance":9000,'
    '"type_id":27841,"status_id":2,"created_date":"2026-10-07T16:20:05-05:00",'
    '"expiration_date":"2027-10-06T23:59:59-05:00","type":{"id":27841,"title":"Gift card 9000",'
    '"balance":9000,"is_multi":true,"company_group_id":128284,"item_type_id":0,'
    '"expiration_type_id":2,"expiration_date":null,"expiration_timeout":365,'
    '"expiration_timeout_unit_id":1,"is_allow_empty_code":false,"item_type":{"id":0,'
    '"title":"No limits"}},"status":{"id":2,"title":"activated"}}],"meta":{"count":1}}'
)

# §5.12 C4 (C3 has the same shape)
LOCATION_GIFT_CARD_TYPES = _json(
    '{"success":true,"data":[{"id":1,"title":"Fixed-date card, no restrictions","balance":10,'
    '"is_multi":true,"company_group_id":12,"item_type_id":0,"expiration_type_id":1,'
    '"expiration_date":"2026-12-31T23:59:59-05:00","expiration_timeout":0,'
    '"expiration_timeout_unit_id":0,"is_allow_empty_code":true},{"id":11,"title":"6 months, '
    'products only","balance":100,"is_multi":false,"company_group_id":12,"item_type_id":2,'
    '"expiration_type_id":2,"expiration_timeout":6,"expiration_timeout_unit_id":3,'
    '"is_allow_empty_code":false}],"meta":{"count":2}}'
)

# §5.13 C5
CHAIN_GIFT_CARD_TYPES = _json(
    '{"success":true,"data":[{"id":289056,"title":"Gift Certificate 1000","balance":1000,'
    '"is_multi":true,"company_group_id":706028,"category_id":null,"weight":1,"item_type_id":0,'
    '"item_type":{"id":0,"title":"All services and products"},"expiration_type_id":2,'
    '"expiration_date":null,"expiration_timeout":6,"expiration_timeout_unit_id":3,'
    '"balance_edit_type_id":1,"is_allow_empty_code":false,"is_serial_number_limited":false,'
    '"is_archived":false,"date_archived":null,"online_sale_is_enabled":false,'
    '"online_sale_title":"Gift Certificate 1000","online_sale_price":0,"released_total":17,'
    '"service_ids":[],"salon_ids":[720441]}],"meta":{"total_count":1}}'
)

# C6: one type of the §5.13 shape
CHAIN_GIFT_CARD_TYPE = {
    "success": True,
    "data": copy.deepcopy(CHAIN_GIFT_CARD_TYPES["data"][0]),
    "meta": [],
}

# §5.14 client search
CLIENT_SEARCH = _json(
    '{"success":true,"data":[{"id":16,"name":"James Smith","phone":"+13155550178"}],'
    '"meta":{"total_count":1}}'
)

# §5.17 GET /companies?my=1
LOCATIONS = _json(
    '{"success":true,"data":[{"id":720441,"title":"Studio Downtown","short_descr":"Fitness",'
    '"active":1,"phone":"+13155550100","country_id":1,"country":"United States","city_id":2,'
    '"city":"Austin","timezone":"America/Chicago","address":"1 Main St","coordinate_lat":30.26,'
    '"coordinate_lon":-97.74,"currency_short_title":"$","group_priority":900}],"meta":[]}'
)

# §5.18 GET /groups
CHAINS = _json(
    '{"success":true,"data":[{"id":145071,"title":"Studio chain","companies":[{"id":720441,'
    '"title":"Studio Downtown"},{"id":720442,"title":"Studio North"}],"access":'
    '{"settings_access":"1","clients_access":"1","users_access":"0","loyalty_access":"1",'
    '"loyalty_cards_manual_transactions_access":"1","network_services_access":"0"}}],"meta":[]}'
)

# "Source of the seed example": the product brief's client memberships array, with the vendor's
# own quirks (`number` an integer, `type.title` the number 89999), in its documented envelope.
SEED_MEMBERSHIPS = {
    "success": True,
    "data": _json(
        '[{"id":659878,"number":788376,"balance_string":"Surfing (x10)","is_frozen":false,'
        '"freeze_period":0,"period":9999,"period_unit_id":3,"status":{"id":1,"title":"Released",'
        '"extended_title":"Released"},"balance_container":{"links":[{"count":10,"category":'
        '{"id":3129591,"category_id":1,"title":"Surfing"}}]},"type":{"id":97804,'
        '"salon_group_id":145071,"title":89999,"period":9999,"period_unit_id":3,'
        '"allow_freeze":false,"freeze_limit":0,"is_allow_empty_code":false,'
        '"is_united_balance":false,"united_balance_services_count":0,"balance_container":{"links":'
        '[{"count":10,"category":{"id":3129591,"category_id":1,"title":"Surfing"}}]}}}]'
    ),
    "meta": {"count": 1},
}

HTML_ERROR_PAGE = (
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    "<body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>"
)
