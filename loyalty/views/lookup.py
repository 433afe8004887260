"""Front desk: client lookup by phone, group-event check, the signed-in person's own cards.

Altegio's failures and the lookup quota rise to `region_view`, which words them in the region.
"""

import asyncio

from django.http import HttpResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.accounts.guards import location_view
from dashboard.accounts.staff import Staff, StaffRequest, remember_lookup_scope
from loyalty.altegio import follow_up_work
from loyalty.altegio.types import Chain, Location
from loyalty.forms.lookup import EventCheckForm, LookupForm
from loyalty.services.cards.labels import remember_cards
from loyalty.services.lookup.chain import chain_for_lookup, find_chain_client_loyalty
from loyalty.services.lookup.chain_results import ChainClientLoyalty
from loyalty.services.lookup.client_card import cached_client
from loyalty.services.lookup.desk import ClientLoyalty, find_client_loyalty, list_my_loyalty
from loyalty.services.lookup.event_check import check_event
from loyalty.services.lookup.events import PickerEvent, cached_event, list_upcoming_events
from loyalty.services.lookup.loyalty_cards import find_client_card, find_loyalty_cards
from loyalty.services.lookup.tickets import LookupTicket, issue_ticket, redeem_ticket
from loyalty.services.lookup.why_not import (
    hand_pay_facts_to_clients,
    kept_pay_facts,
    reasons,
    remember_pay_facts,
)
from loyalty.services.phones import region_for
from loyalty.services.visits import visit_rights
from loyalty.views.regions import PageContext, part_of_page, region_view, render_region

LOOKUP = "loyalty/lookup.html"
EVENT_CHECK = "loyalty/event_check.html"
# How long the client card waits for today's classes once its own answers are in.
CLASSES_GRACE_SECONDS = 1.0


@require_http_methods(["GET", "POST"])
@location_view
@region_view(LOOKUP, "results")
async def lookup(
    request: StaffRequest, staff: Staff, location: Location, *, context: PageContext
) -> PageContext:
    """The lookup form (GET); the search (POST `phone`, `scope`) answers with the results region."""
    form = _lookup_form(request, staff, location)
    context.update(location=location, form=form, region=form.region)
    if form.chosen_scope:  # the person chose a scope (offered within a chain only): keep it
        await remember_lookup_scope(user=staff.user, scope=form.chosen_scope)
    if form.chosen_scope and form.chain and form.chain_wide:
        context["chain"] = form.chain  # a failure is then the chain's
        context["chain_result"] = await _whole_chain(staff, location, form.chain, form)
    elif form.is_bound and form.is_valid():
        context.update(await _here(request, staff, location, form))
    return context


# A location that is not theirs is refused (403) before the method is looked at (405).
@location_view
@require_POST
@region_view("loyalty/client_card.html", "client-card")
async def client_card(
    request: StaffRequest, staff: Staff, location: Location, *, context: PageContext
) -> PageContext:
    """The client card that follows a lookup's cards (POST `phone` and the lookup's `ticket`)."""
    form, ticket = await _redeemed(request, location)
    context.update(location=location, form=form, ticket=ticket, refused=ticket is None)
    context["has_cards"] = bool(ticket and ticket.has_cards)
    if ticket is None:  # a phone this person did not just look up: no quota spent, so no search
        return context | {"response_status": 403}
    context["visit_rights"] = rights = visit_rights(staff.chains_of(location.id))
    # Today's classes come from a cache shared by the location; on a miss, read beside the card.
    classes = asyncio.ensure_future(_todays_classes(staff, location, context))
    try:
        context["clients"], context["loyalty_cards"] = await find_client_card(
            api=staff.api, user=staff.user, location=location, chain=rights.chain, ticket=ticket
        )
    finally:
        context.update(await _classes_in_time(classes))
    return context


async def _classes_in_time(classes: "asyncio.Future[PageContext]") -> PageContext:
    """Today's classes if they are in soon after the card; else none, and the card goes now.

    A read the budget holds back must not hold the card back too (each of its calls may wait
    until the follow-up deadline): the card then shows the event box, which reads the classes
    when it is opened, and a read shared with other desks goes on to fill the cache.
    """
    try:
        return await asyncio.wait_for(classes, CLASSES_GRACE_SECONDS)
    except TimeoutError:
        return {"schedule": None, "schedule_error": None}


async def _redeemed(
    request: StaffRequest, location: Location
) -> tuple[LookupForm, LookupTicket | None]:
    """The posted phone and the lookup's ticket for it (None: not a lookup of theirs just now)."""
    form = LookupForm(request.POST, region=region_for(location))
    phone = form.cleaned_data["phone"] if form.is_valid() else None
    token = request.POST.get("ticket", "")
    return form, await redeem_ticket(request.session, token=token, location=location, phone=phone)


async def _todays_classes(staff: Staff, location: Location, context: PageContext) -> PageContext:
    """The location's classes to check, today's first: from the cache, read once for everyone.

    Read beside the client card, after the lookup's cards are on screen: like the card, a read
    yields to other desks' new lookups (`follow_up_work()`).
    """
    with follow_up_work():
        schedule = list_upcoming_events(api=staff.api, location=location)
        found, failed = await part_of_page(schedule, context)
    return {"schedule": found, "schedule_error": failed}


@require_GET
@location_view
@region_view(EVENT_CHECK, "event_check")
async def event_check(
    request: StaffRequest, staff: Staff, location: Location, client_id: int, *, context: PageContext
) -> PageContext | HttpResponse:
    """The location's group events to pick from, and which memberships can pay (M8, M9 by day)."""
    form = EventCheckForm(request.GET or None)
    context.update(await _event_check_context(staff, location, client_id, form))
    if not _targets(request, context["target"]):  # the whole page, or the picker region alone
        schedule = list_upcoming_events(api=staff.api, location=location)
        context["schedule"], context["schedule_error"] = await part_of_page(schedule, context)
    if _targets(request, picker := context["picker"]):  # the lookup page's event box opened
        return render_region(request, EVENT_CHECK, "event_picker", context, target=picker)
    if form.is_bound and form.is_valid():
        context["event"] = event = await cached_event(location=location, **form.event)
        context["missing"] = _no_such_event(form, location)
        context.update(await _checked(staff, location, client_id, form, event))
    # Several clients can share a phone, so each client's result region has its own id (target).
    return context


async def _checked(
    staff: Staff,
    location: Location,
    client_id: int,
    form: EventCheckForm,
    event: PickerEvent | None,
) -> PageContext:
    """Which memberships can pay for the picked event, and why not when none can."""
    result = await check_event(  # the form's event_id, schedule_day_ids
        api=staff.api, user=staff.user, location=location, client_id=client_id, **form.query
    )
    checked: PageContext = {"result": result}
    if not result.options and event is not None:  # why not, from the lookup
        facts = await kept_pay_facts(user=staff.user, location=location, client_id=client_id)
        checked["why_not"] = reasons(facts or [], event)
    return checked


@require_GET
@location_view
@region_view("loyalty/me.html", "my-cards")
async def my_cards(
    request: StaffRequest, staff: Staff, location: Location, *, context: PageContext
) -> PageContext:
    """The signed-in person's own memberships (M2) and gift cards (C2) at this location."""
    context["location"] = location
    context["mine"] = await list_my_loyalty(api=staff.api, location=location, chains=staff.chains)
    return context


def _lookup_form(request: StaffRequest, staff: Staff, location: Location) -> LookupForm:
    """The phone (and, where the location is in one of their chains, the scope) typed or asked."""
    return LookupForm(
        request.POST if request.method == "POST" else None,
        region=region_for(location),
        chain=chain_for_lookup(
            staff.chains, location.id, openable={loc.id for loc in staff.locations}
        ),
        scope=staff.user.lookup_scope,
    )


async def _here(
    request: StaffRequest, staff: Staff, location: Location, form: LookupForm
) -> PageContext:
    """The lookup at this location: `result`, and for htmx the `ticket` its client card needs.

    htmx gets the cards first and loads the client card next; a plain POST gets everything.
    """
    cards_first = _targets(request, "results")
    query = form.query | {"with_clients": not cards_first}
    result = await find_client_loyalty(
        api=staff.api, user=staff.user, location=location, chains=staff.chains, **query
    )
    await remember_pay_facts(
        user=staff.user, location=location, digits=result.phone.digits, panels=result.memberships
    )
    # Their names, for the visit history that may follow (it gets card ids only).
    await remember_cards(
        request.session,
        memberships=[panel.membership for panel in result.memberships],
        gift_cards=[panel.card for panel in result.gift_cards],
    )
    if not cards_first:
        return {"result": result} | await _client_card_parts(staff, location, result)
    return {"result": result, "ticket": await issue_ticket(request.session, result)}


async def _client_card_parts(
    staff: Staff, location: Location, result: ClientLoyalty
) -> PageContext:
    """What a page without JavaScript shows on the client card besides the clients."""
    rights = visit_rights(staff.chains_of(location.id))
    cards = await find_loyalty_cards(
        api=staff.api,
        location=location,
        chain=rights.chain,
        phone_digits=result.client_digits[0],
        client_ids=[client.id for client in result.clients or []],
    )
    await hand_pay_facts_to_clients(
        user=staff.user, location=location, digits=result.phone.digits, clients=result.clients or []
    )
    parts = {"visit_rights": rights, "loyalty_cards": cards, "location": location}
    return parts | await _todays_classes(staff, location, parts)


async def _whole_chain(
    staff: Staff, location: Location, chain: Chain, form: LookupForm
) -> ChainClientLoyalty:
    """One phone across the chain, from the desk's location."""
    return await find_chain_client_loyalty(
        api=staff.api,
        user=staff.user,
        chain=chain,
        location=location,
        my_locations=staff.locations,
        phone=form.cleaned_data["phone"],
    )


async def _event_check_context(
    staff: Staff, location: Location, client_id: int, form: EventCheckForm
) -> PageContext:
    """What the event check shows around its result, its region's id among them."""
    # A client this person just looked up is named from that answer: no client search for it.
    client = await cached_client(user=staff.user, location=location, client_id=client_id)
    return {
        "location": location,
        "client_id": client_id,
        "client": client,
        "form": form,
        "target": f"event-check-{client_id}",
        "picker": f"event-picker-{client_id}",
    }


def _no_such_event(form: EventCheckForm, location: Location) -> str:
    """What a 404 from the event check means: no such event for this client here."""
    words = gettext("Altegio found no event %(event_id)s for this client at %(place)s.")
    words %= {"event_id": form.cleaned_data["event_id"], "place": location.title}
    hint = gettext("Check the event id.")
    return f"{words} {hint}"


def _targets(request: StaffRequest, region: str) -> bool:
    """Whether htmx asks for exactly this region (it will swap it in and load what follows)."""
    return bool(request.htmx) and request.htmx.target == region
