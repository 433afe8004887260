"""`python -m loyalty.sandbox`: serve the Altegio emulator over HTTP."""

from __future__ import annotations

import argparse

from .data import DEMO_LOGINS
from .routing import API_PREFIX
from .server import serve


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m loyalty.sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--latency-ms", type=int, default=0, help="delay added to every answer")
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    print(f"Altegio sandbox on http://{args.host}:{args.port}{API_PREFIX}", flush=True)
    for login in DEMO_LOGINS:
        print(f"  {login['login']} / {login['password']}: {login['role']}", flush=True)
    serve(args.host, args.port, args.latency_ms, args.log_level)


if __name__ == "__main__":
    main()
