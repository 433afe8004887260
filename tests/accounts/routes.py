"""Every route in the URLconf, with a concrete URL to request it by."""

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    """One route: its name, its pattern and the view behind it."""

    name: str
    pattern: str
    view: Callable[..., Any]

    @property
    def parameters(self) -> list[str]:
        """The names of the route's URL parameters."""
        return [match["name"] for match in _PARAMETER.finditer(self.pattern)]

    @property
    def is_public(self) -> bool:
        """Marked with @login_not_required."""
        return not getattr(self.view, "login_required", True)

    def url(self, values: Mapping[str, int] | None = None) -> str:
        """The route's URL with its parameters filled from `values` (1 by default)."""
        values = values or {}
        return "/" + _PARAMETER.sub(lambda m: str(values.get(m["name"], 1)), self.pattern)

    def __str__(self) -> str:
        return self.name


def all_routes() -> list[Route]:
    """Every route reachable from the root URLconf."""
    return list(_walk(get_resolver().url_patterns, prefix="", namespace=""))


def _walk(patterns: list[Any], *, prefix: str, namespace: str) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(
                entry.url_patterns, prefix=prefix + str(entry.pattern), namespace=space
            )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else str(entry.pattern)
            yield Route(name=name, pattern=prefix + str(entry.pattern), view=entry.callback)
