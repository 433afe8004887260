"""What a write to a membership is: the action, and the plan a person asks for.

The bottom of the write path (STYLE "Every write is an entry in one spec"): the rules
(`freeze_rules.py`), the one-time keys (`write_keys.py`), the audit (`write_audit.py`) and the
protocol (`freezing.py`) all build on these, never the other way round.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext


class Action(StrEnum):
    """The writes to a sold membership."""

    FREEZE = "freeze"
    UNFREEZE = "unfreeze"


@dataclass(frozen=True)
class WritePlan:
    """What a person asks Altegio to do: the action and its values (a freeze: the unfreeze day)."""

    action: Action
    unfreezes_on: date | None = None


@dataclass(frozen=True)
class Verdict:
    """Whether a plan may be sent: allowed, or the reason why not (in English, as audited)."""

    reason: str = ""  # a gettext_noop'd template; "" = allowed
    values: tuple[tuple[str, object], ...] = ()

    @property
    def allowed(self) -> bool:
        """Nothing stands in the way."""
        return not self.reason

    @property
    def english(self) -> str:
        """The reason as the audit log keeps it."""
        return self.reason % dict(self.values) if self.values else self.reason

    @property
    def words(self) -> str:
        """The reason in the reader's language."""
        return gettext(self.reason) % dict(self.values) if self.values else gettext(self.reason)


ALLOWED = Verdict()
