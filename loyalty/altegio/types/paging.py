"""One page of a remote list, as the API pages it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page[T]:
    """One page of a remote list, built from the API's own paging; total only when it says."""

    items: list[T]
    number: int
    size: int
    total: int | None = None

    @property
    def has_previous(self) -> bool:
        """Whether there is a page before this one."""
        return self.number > 1

    @property
    def has_next(self) -> bool:
        """Whether another page exists (a full page means "maybe" when no total is given)."""
        if self.total is not None:
            return self.number * self.size < self.total
        return len(self.items) >= self.size > 0

    @property
    def page_count(self) -> int | None:
        """How many pages there are, when the API reports a total."""
        if self.total is None or self.size <= 0:
            return None
        return max(1, -(-self.total // self.size))
