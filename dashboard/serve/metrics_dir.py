"""The metrics directory every worker writes its counters to (prometheus_client multiprocess)."""

import os
import tempfile
from pathlib import Path


def metrics_directory() -> tuple[Path, bool]:
    """PROMETHEUS_MULTIPROC_DIR for the workers; whether the launcher made it (and removes it)."""
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    if not given:
        made = Path(tempfile.mkdtemp(prefix="loyaltydesk-metrics-"))
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(made)
        return made, True
    directory = Path(given)
    directory.mkdir(parents=True, exist_ok=True)
    # A previous run's counters would be added to this run's: start from zero, as a process does.
    for stale in directory.glob("*.db"):
        stale.unlink()
    return directory, False
