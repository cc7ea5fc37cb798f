"""The trend chart's value labels sit where the line does not cross them."""

from __future__ import annotations

import pytest

from report_gen.outputs.chart_figures import label_place

ABOVE = (0, 5, "center", "bottom")
BELOW = (0, -6, "center", "top")
UPPER_LEFT = (-5, 4, "right", "bottom")
UPPER_RIGHT = (5, 4, "left", "bottom")


@pytest.mark.parametrize("before, value, after, place", [
    (None, 5, None, ABOVE),          # a year alone
    (3, 9, 2, ABOVE),                # a peak
    (7, 7, 7, ABOVE),                # flat
    (50, 10, 60, BELOW),             # a trough
    (10, 40, 90, UPPER_LEFT),        # rising: the line leaves to the upper right
    (120, 60, 20, UPPER_RIGHT),      # falling: the line comes from the upper left
    (None, 10, 40, UPPER_LEFT),      # the first point of a rising line
    (None, 120, 60, ABOVE),          # the first point of a falling line
    (90, 160, None, ABOVE),          # the last point of a rising line
    (60, 20, None, UPPER_RIGHT),     # the last point of a falling line
    (5, 5, 9, ABOVE),                # flat, then rising
    (9, 5, 5, ABOVE),                # falling, then flat
])
def test_label_place(before, value, after, place):
    assert label_place(before, value, after) == place


def test_a_rising_line_from_the_first_column_labels_its_start_below_right():
    """Above and to the left of the first column are the axis and its numbers."""
    assert label_place(None, 119_157, 124_461, first_column=True) == (5, -4, "left", "top")
    assert label_place(None, 120, 60, first_column=True) == ABOVE   # falling: above is free
    assert label_place(10, 40, 90, first_column=True) == UPPER_LEFT  # not a line's start


def test_labels_follow_neighbours_in_the_record_only():
    """Across a gap in the record (2013 then 2024) there is no line, so 2024's label is placed
    as the first point of its own line, not as part of the line before."""
    import matplotlib.text

    from report_gen.outputs.chart_figures import trend_figure
    fig = trend_figure([2012, 2013, 2024, 2025], [("Đỉnh", [3, 9, 2, 8])])
    ax = fig.axes[0]
    labels = {a.get_text(): (a.xyann, a.get_ha()) for a in ax.texts
              if isinstance(a, matplotlib.text.Annotation)}
    assert labels == {"3": ((5, -4), "left"), "9": ((0, 5), "center"),
                      "2": ((-5, 4), "right"), "8": ((0, 5), "center")}
