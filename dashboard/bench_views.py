"""A do-nothing view for `make bench`: the baseline its lookup throughput is compared with."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse


@login_not_required
async def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest async page the middleware stack can serve."""
    return HttpResponse("ok")
