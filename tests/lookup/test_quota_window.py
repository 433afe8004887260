"""The lookup quota counts the last 60 seconds, wherever the clock's minutes begin."""

from loyalty.services.quota import LocalWindow


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_burst_across_a_minute_boundary_gets_only_the_limit():
    # Today's complaint: 45 lookups in 20 s across a minute boundary with a limit of 30.
    clock = Clock(50.0)
    window = LocalWindow(clock=clock)
    allowed = 0
    for step in range(45):  # one lookup every 0.44 s, from 0:50 to 1:10
        clock.now = 50.0 + step * 20 / 45
        allowed += window.take("desk", limit=30) == 0

    assert allowed == 30


def test_a_refused_lookup_learns_when_the_oldest_one_leaves_the_window():
    clock = Clock(100.0)
    window = LocalWindow(clock=clock)
    for _ in range(30):
        window.take("desk", limit=30)
    clock.now = 150.0

    assert window.take("desk", limit=30) == 10.0
    clock.now = 160.0
    assert window.take("desk", limit=30) == 0.0


def test_each_person_has_their_own_window():
    window = LocalWindow(clock=Clock(0.0))
    for _ in range(30):
        window.take("desk", limit=30)

    assert window.take("desk", limit=30) > 0
    assert window.take("manager", limit=30) == 0.0
