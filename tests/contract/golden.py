"""Golden payloads: one JSON file per documented example, and the shape of any JSON answer.

Layout (agreed across issues): `tests/contract/golden/<endpoint-key>[--<variant>].json`, each
`{"endpoint": "GET /…", "source": "<doc page or altegio-pro-mcp file>", "status"?: 404,
"payload": <the whole answer body>}`.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

GOLDEN_DIR = Path(__file__).parent / "golden"

type Shape = dict[str, set[str]]  # JSON path ("data[].type.id") → the kinds seen there


@dataclass(frozen=True)
class Golden:
    """One golden payload: which endpoint, where it comes from, and the answer itself."""

    name: str  # the file name without .json: "chain_memberships--array_of_envelopes"
    endpoint: str
    source: str
    status: int
    payload: Any

    @property
    def key(self) -> str:
        """The endpoint key, the part of the name before any `--variant`."""
        return self.name.split("--", 1)[0]


@cache
def all_golden() -> tuple[Golden, ...]:
    """Every golden file, by name."""
    found = []
    for path in sorted(GOLDEN_DIR.glob("*.json")):
        raw = json.loads(path.read_text())
        found.append(
            Golden(
                path.stem, raw["endpoint"], raw["source"], raw.get("status", 200), raw["payload"]
            )
        )
    return tuple(found)


def golden_of(key: str) -> list[Golden]:
    """The golden payloads of one endpoint key, every variant."""
    return [golden for golden in all_golden() if golden.key == key]


def kind(value: Any) -> str:
    """A JSON value's kind: null, bool, number, string, array or object."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def shape(value: Any, path: str = "", into: Shape | None = None) -> Shape:
    """Every path in a JSON value with the kinds found there; list items share `[]`."""
    found: Shape = {} if into is None else into
    found.setdefault(path, set()).add(kind(value))
    if isinstance(value, dict):
        for name, item in value.items():
            shape(item, f"{path}.{name}" if path else name, found)
    elif isinstance(value, list):
        for item in value:
            shape(item, f"{path}[]", found)
    return found


def union(shapes: Iterable[Shape]) -> Shape:
    """Paths and kinds of several payloads together."""
    merged: Shape = {}
    for one in shapes:
        for path, kinds in one.items():
            merged.setdefault(path, set()).update(kinds)
    return merged


def beyond(sent: Shape, allowed: Shape) -> list[str]:
    """What `sent` has that `allowed` lacks: a path, or a kind at a path.

    Null is always fine (the docs mark many fields nullable); where the golden payloads show only
    null, or only empty arrays, they say nothing of the kind, so any plain value is fine there.
    """
    extra = []
    for path, kinds in sorted(sent.items()):
        known = allowed.get(path)
        if known is None and path.endswith("[]") and allowed.get(path[:-2]) == {"array"}:
            known = {"null", "bool", "number", "string"}  # items of a list shown empty
        if known is None:
            extra.append(f"{path or '(body)'}: not in any golden payload")
            continue
        if known == {"null"}:
            known = {"null", "bool", "number", "string"}
        if odd := kinds - known - {"null"}:
            extra.append(
                f"{path or '(body)'}: {', '.join(sorted(odd))} where the golden has "
                f"{', '.join(sorted(known))}"
            )
    return extra
