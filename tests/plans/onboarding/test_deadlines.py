import datetime as dt

import pytest

from plans.onboarding.deadlines import Deadline, DeadlineError, parse_deadline

D = dt.date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Thường xuyên", Deadline(ongoing=True)),
        ("Hằng năm", Deadline(ongoing=True)),
        ("hàng năm", Deadline(ongoing=True)),
        ("Năm 2026", Deadline(due=D(2026, 12, 31))),
        ("2026", Deadline(due=D(2026, 12, 31))),
        ("Quý I/2026", Deadline(due=D(2026, 3, 31))),
        ("Quý II/2026", Deadline(due=D(2026, 6, 30))),
        ("Quý 3/2026", Deadline(due=D(2026, 9, 30))),
        ("Quý IV năm 2026", Deadline(due=D(2026, 12, 31))),
        ("Tháng 6/2026", Deadline(due=D(2026, 6, 30))),
        ("Tháng 02/2028", Deadline(due=D(2028, 2, 29))),
        ("Tháng 06 năm 2026", Deadline(due=D(2026, 6, 30))),
        ("6 tháng đầu năm 2026", Deadline(due=D(2026, 6, 30))),
        ("6 tháng cuối năm 2026", Deadline(due=D(2026, 12, 31))),
        ("30/9/2026", Deadline(due=D(2026, 9, 30))),
        ("Trước 30/9/2026", Deadline(due=D(2026, 9, 30))),
        ("Trước ngày 31/12/2026.", Deadline(due=D(2026, 12, 31))),
        ("2026-2027", Deadline(start=D(2026, 1, 1), due=D(2027, 12, 31))),
        ("2026 - 2027", Deadline(start=D(2026, 1, 1), due=D(2027, 12, 31))),
        ("Giai đoạn 2026 – 2030", Deadline(start=D(2026, 1, 1), due=D(2030, 12, 31))),
        ("", Deadline()),
        (None, Deadline()),
        (dt.datetime(2026, 5, 4, 0, 0), Deadline(due=D(2026, 5, 4))),
        (2027, Deadline(due=D(2027, 12, 31))),
    ],
)
def test_each_deadline_form_to_the_last_day_of_its_period(text, expected):
    assert parse_deadline(text) == expected


@pytest.mark.parametrize(
    "text", ["Sớm nhất có thể", "Quý V/2026", "Tháng 13/2026", "31/2/2026", "2027-2026", "Quý II", "Tháng 6"]
)
def test_anything_else_is_an_error_quoting_the_text(text):
    with pytest.raises(DeadlineError) as error:
        parse_deadline(text)
    assert f'"{text}"' in str(error.value)
