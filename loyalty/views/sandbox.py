"""Sandbox-only controls, so a demo can show what Altegio does when a token dies."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_POST

from dashboard.accounts.staff import Staff, staff_view
from dashboard.accounts.tokens import load_token
from dashboard.accounts.views import safe_next


@require_POST
@staff_view
async def end_my_token(request: HttpRequest, staff: Staff) -> HttpResponse:
    """Revoke this session's user token inside the sandbox, as a password change would."""
    if not settings.ALTEGIO_SANDBOX:
        raise Http404
    from loyalty.sandbox import get_sandbox

    token = await load_token(request.session.session_key)
    if token:
        get_sandbox().revoke(user_token=token)
    return HttpResponseRedirect(safe_next(request))
