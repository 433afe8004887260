"""The production shape: Redis, two workers, two instances; figures keyed and recorded by shape."""

import math

from bench.figures import Plan
from bench.report import Figure, Goal, figure_order, table
from bench.run import ALL_FIGURES, in_shape, skipped, two_instance_plan
from bench.servers import RedisShape, dashboard_env
from bench.session import spread
from bench.write import form_fields


def figure(key: str, value: float = 1.0, **extra: object) -> Figure:
    return Figure(key, f"figure {key}", value, Goal("<=", 2.0), **extra)  # type: ignore[arg-type]


def test_the_production_shapes_figures_sit_next_to_the_one_worker_ones_and_ten_after_nine():
    found = [figure("10"), figure("3b"), figure("9"), figure("1")]
    found += in_shape([figure("3b"), figure("8a")], "2w") + in_shape([figure("8a")], "2i")
    found.append(figure("8a"))
    order = [item.key for item in sorted(found, key=figure_order)]
    assert order == ["1", "3b", "3b@2w", "8a", "8a@2w", "8a@2i", "9", "10"]


def test_the_results_file_says_which_shape_each_figure_ran_in():
    one, two = figure("3a"), in_shape([figure("3a")], "2i")[0]
    assert "one worker" in one.to_json()["shape"]
    assert "two instances" in two.to_json()["shape"]
    assert two.to_json()["key"] == "3a@2i"


def test_without_redis_the_production_figures_say_skipped_and_neither_pass_nor_fail():
    figures = skipped(frozenset({"3", "7", "8"}), "redis://127.0.0.1:6379/14")
    keys = {item.key for item in figures}
    assert {"3c@2w", "7@2w", "8a@2w", "8b@2i"} <= keys
    assert all(item.passed is None and "no Redis" in item.skipped for item in figures)
    assert "skipped" in table(figures)
    assert "3a@2w" not in {item.key for item in skipped(frozenset({"7"}), "redis://x")}
    assert not {"8a@2i"} & {item.key for item in skipped(frozenset({"3"}), "redis://x")}


def test_the_production_shape_runs_on_redis_with_two_workers_and_the_runs_own_key_prefix(
    tmp_path,
):
    class Sandbox:
        url = "http://127.0.0.1:9"

    shape = RedisShape("redis://127.0.0.1:6379/14", "loyaltybench-ab12")
    env = dashboard_env(
        sandbox=Sandbox(),  # type: ignore[arg-type]
        port=1,
        database=tmp_path / "db",
        rate_limited=True,
        redis=shape,
    )
    assert env["REDIS_URL"] == shape.url
    assert env["REDIS_KEY_PREFIX"] == "loyaltybench-ab12"
    assert env["WORKERS"] == "2"
    plain = dashboard_env(
        sandbox=Sandbox(),  # type: ignore[arg-type]
        port=1,
        database=tmp_path / "db",
        rate_limited=True,
    )
    assert "REDIS_URL" not in plain
    assert "REDIS_KEY_PREFIX" not in plain


def test_desks_are_spread_over_the_instances_in_turn():
    assert spread(["http://a", "http://b"], 5) == ["http://a", "http://b"] * 2 + ["http://a"]
    assert spread("http://a", 3) == ["http://a"] * 3


def test_the_two_instance_run_is_shorter_and_does_not_wait_for_windows_the_shared_budget_knows():
    plan = two_instance_plan(Plan())
    assert plan.desk_seconds == Plan().desk_seconds / 4
    assert plan.settle_seconds == 0


def test_every_figure_can_be_asked_for_by_number():
    assert {"9", "10"} <= ALL_FIGURES


def test_the_write_form_sends_its_hidden_fields_and_the_earliest_day_it_allows():
    html = """
    <form class="freeze-form" method="post" action="/chains/1/memberships/2/freeze/"
          hx-post="/chains/1/memberships/2/freeze/">
      <input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input type="hidden" name="key" value="k1">
      <input type="date" name="freeze_till" min="2026-12-04" value="2026-12-05">
      <button type="submit">Freeze</button>
    </form>
    <form action="/other/"><input name="key" value="other"></form>
    """
    action, fields = form_fields(html)
    assert action == "/chains/1/memberships/2/freeze/"
    assert fields == {"csrfmiddlewaretoken": "t", "key": "k1", "freeze_till": "2026-12-04"}


def test_a_figure_that_did_not_run_is_not_a_number():
    assert math.isnan(skipped(frozenset({"3"}), "redis://x")[0].value)
