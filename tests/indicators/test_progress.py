from decimal import Decimal as D

import pytest

from indicators.progress import Status, achievement, expected_value, indicator_status


def status(**kwargs):
    base = {
        "baseline": D("254"),
        "baseline_year": 2014,
        "target": D("260"),
        "target_year": 2020,
        "direction": "increase",
    }
    return indicator_status(**{**base, **kwargs})


class TestAchievement:
    def test_increase(self):
        assert achievement(baseline=D("254"), target=D("260"), latest=D("257"), direction="increase") == D("0.5")

    def test_increase_moving_away_is_negative(self):
        assert achievement(baseline=D("10"), target=D("20"), latest=D("8"), direction="increase") == D("-0.2")

    def test_decrease(self):
        assert achievement(baseline=D("100"), target=D("80"), latest=D("90"), direction="decrease") == D("0.5")

    def test_decrease_going_up_is_negative(self):
        assert achievement(baseline=D("100"), target=D("80"), latest=D("110"), direction="decrease") == D("-0.5")

    def test_target_equal_to_baseline_is_safe(self):
        assert achievement(baseline=D("5"), target=D("5"), latest=D("5"), direction="increase") == 1
        assert achievement(baseline=D("5"), target=D("5"), latest=D("4"), direction="increase") == 0
        assert achievement(baseline=D("5"), target=D("5"), latest=D("4"), direction="decrease") == 1

    def test_no_data(self):
        assert achievement(baseline=D("5"), target=D("6"), latest=None, direction="increase") is None
        assert achievement(baseline=None, target=D("6"), latest=D("5"), direction="increase") is None


class TestExpectedPath:
    def test_straight_line(self):
        kwargs = {"baseline": D("254"), "baseline_year": 2014, "target": D("260"), "target_year": 2020}
        assert expected_value(**kwargs, year=2017) == D("257")
        assert expected_value(**kwargs, year=2010) == D("254")
        assert expected_value(**kwargs, year=2025) == D("260")

    def test_through_interim_targets(self):
        kwargs = {"baseline": D("0"), "baseline_year": 2014, "target": D("10"), "target_year": 2020}
        assert expected_value(**kwargs, year=2016, interim=[(2016, D("8"))]) == D("8")
        assert expected_value(**kwargs, year=2018, interim=[(2016, D("8"))]) == D("9")


class TestStatus:
    def test_no_data_without_observation_after_baseline(self):
        assert status(observations=[]).status == Status.NO_DATA
        assert status(observations=[(2014, D("254"))]).status == Status.NO_DATA

    def test_achieved(self):
        result = status(observations=[(2016, D("261"))])
        assert result.status == Status.ACHIEVED
        assert result.latest_year == 2016

    def test_on_track_and_behind_against_straight_line(self):
        # Expected in 2017 is 257.
        assert status(observations=[(2017, D("257"))]).status == Status.ON_TRACK
        assert status(observations=[(2017, D("256"))]).status == Status.BEHIND

    def test_latest_observation_counts(self):
        result = status(observations=[(2018, D("256")), (2016, D("259"))])
        assert result.latest_value == D("256")
        assert result.status == Status.BEHIND

    def test_decrease_indicator(self):
        kwargs = {"baseline": D("100"), "target": D("80"), "direction": "decrease"}
        assert status(**kwargs, observations=[(2017, D("89"))]).status == Status.ON_TRACK
        assert status(**kwargs, observations=[(2017, D("95"))]).status == Status.BEHIND
        assert status(**kwargs, observations=[(2019, D("79"))]).status == Status.ACHIEVED

    def test_target_equal_to_baseline(self):
        kwargs = {"baseline": D("4"), "target": D("4")}
        assert status(**kwargs, observations=[(2016, D("4"))]).status == Status.ACHIEVED
        assert status(**kwargs, observations=[(2016, D("3"))]).status == Status.BEHIND

    @pytest.mark.parametrize(
        ("value", "expected"), [(D("12.0"), Status.NO_SIGNIFICANT_CHANGE), (D("14.0"), Status.ON_TRACK)]
    )
    def test_survey_change_inside_margin_of_error(self, value, expected):
        kwargs = {"baseline": D("10.6"), "target": D("15"), "target_year": 2020}
        result = status(**kwargs, observations=[(2016, value)], margin_of_error=D("2.8"))
        assert result.status == expected

    def test_percent(self):
        assert status(observations=[(2017, D("257"))]).percent == D("50")
