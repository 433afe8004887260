"""Reading a Prometheus text scrape in tests."""

import re


def metric(scrape: str, name: str, **labels: str) -> float:
    """The value of the sample `name` with exactly these labels (0 when absent)."""
    for line in scrape.splitlines():
        match = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})? (\S+)", line)
        if not match or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2) or ""))
        if found == labels:
            return float(match.group(3))
    return 0.0
