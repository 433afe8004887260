"""uvicorn's access log, with no phone and no query-string value in it."""

import copy
import logging
import re
from typing import Any

_SAFE_NAME = re.compile(r"[A-Za-z0-9_.\-\[\]]{1,40}")


def scrub_path(path: str) -> str:
    """The request path for the access log: phones masked, query values dropped (names kept)."""
    from loyalty.altegio.logging import scrub

    base, has_query, query = path.partition("?")
    base = scrub(base)
    if not has_query:
        return base
    names = [part.split("=", 1)[0] for part in query.split("&") if part]
    shown = [name if _SAFE_NAME.fullmatch(name) else "…" for name in names]
    return f"{base}?" + "&".join(f"{name}=…" for name in shown)


class ScrubAccessLog(logging.Filter):
    """Rewrite uvicorn's access-log lines so no phone or query-string value is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        # uvicorn logs '%s - "%s %s HTTP/%s" %d' with (client, method, path+query, version, status).
        if isinstance(args, tuple) and len(args) == 5:
            client, method, path, version, status = args
            record.args = (client, method, scrub_path(str(path)), version, status)
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with the access log scrubbed."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["scrub_access"] = {"()": f"{__name__}.ScrubAccessLog"}
    config["handlers"]["access"]["filters"] = ["scrub_access"]
    return config
