"""The three DTI frameworks and their indicator trees (METHODOLOGY.md).

- 1726/QĐ-BTTTT (2020): three pillars of 400/300/300 points, each with seven main indicators whose points were
  not published: left empty, so the framework refuses to score until the DX office enters them.
- 922/QĐ-BTTTT (2021-2023): nine main indicators with their max points; smart city present but not scored.
- 405/QĐ-BKHCN (2024 on): eight main indicators; per-indicator points not found, left empty for the DX office.
"""

import datetime as dt

from django.db import migrations

ALL = dict(in_government=True, in_economy=True, in_society=True)
GOV, ECO, SOC = dict(in_government=True), dict(in_economy=True), dict(in_society=True)

F922 = [
    ("NTS", "Nhận thức số", "foundation", 100, True, ALL),
    ("TCS", "Thể chế số", "foundation", 100, True, ALL),
    ("HTS", "Hạ tầng số", "foundation", 100, True, ALL),
    ("NLS", "Nhân lực số", "foundation", 100, True, ALL),
    ("ATTT", "An toàn thông tin mạng", "foundation", 100, True, ALL),
    ("DTTM", "Đô thị thông minh", "foundation", 0, False, ALL),
    ("CQS", "Hoạt động chính quyền số", "activity", 200, True, GOV),
    ("KTS", "Hoạt động kinh tế số", "activity", 150, True, ECO),
    ("XHS", "Hoạt động xã hội số", "activity", 150, True, SOC),
]
F405 = [
    ("NTS", "Nhận thức số", "foundation", None, True, ALL),
    ("TCS", "Thể chế số", "foundation", None, True, ALL),
    ("HTS", "Hạ tầng số", "foundation", None, True, ALL),
    ("NLS", "Nhân lực số", "foundation", None, True, ALL),
    ("ATTT", "An toàn thông tin mạng", "foundation", None, True, ALL),
    ("CQS", "Hoạt động chính quyền số", "activity", None, True, GOV),
    ("KTS", "Hoạt động kinh tế số", "activity", None, True, ECO),
    ("XHS", "Hoạt động xã hội số", "activity", None, True, SOC),
]
P1726 = [
    ("CQS", "Trụ cột chính quyền số", 400, GOV),
    ("KTS", "Trụ cột kinh tế số", 300, ECO),
    ("XHS", "Trụ cột xã hội số", 300, SOC),
]
M1726 = [
    ("1", "Chuyển đổi nhận thức"),
    ("2", "Kiến tạo thể chế"),
    ("3", "Hạ tầng và nền tảng số"),
    ("4", "Thông tin và dữ liệu số"),
    ("5", "Hoạt động chuyển đổi số"),
    ("6", "An toàn, an ninh mạng"),
    ("7", "Đào tạo và phát triển nhân lực"),
]


def load(apps, schema_editor):
    Framework = apps.get_model("indicators", "Framework")
    Indicator = apps.get_model("indicators", "Indicator")

    f1726, _ = Framework.objects.get_or_create(
        code="1726/QĐ-BTTTT",
        defaults=dict(
            name="Bộ chỉ số đánh giá chuyển đổi số cấp tỉnh (năm 2020)",
            legal_basis="Quyết định 1726/QĐ-BTTTT ngày 12/10/2020 của Bộ Thông tin và Truyền thông. "
            "3 trụ cột (CQS 400, KTS 300, XHS 300 điểm), mỗi trụ cột 7 chỉ số chính; 108 chỉ số thành phần, "
            "306 tiêu chí. Điểm tối đa của từng chỉ số chính chưa tìm thấy: Văn phòng CĐS cần nhập.",
            issued_on=dt.date(2020, 10, 12),
            first_year=2020,
            last_year=2020,
        ),
    )
    for i, (code, name, max_points, pillars) in enumerate(P1726):
        pillar = Indicator.objects.create(
            framework=f1726, code=code, name=name, kind="pillar", max_points=max_points, position=i * 10, **pillars
        )
        for j, (sub, sub_name) in enumerate(M1726):
            Indicator.objects.create(
                framework=f1726, parent=pillar, code=f"{code}.{sub}", name=sub_name, kind="component",
                max_points=None, position=i * 10 + j + 1, **pillars,
            )

    f922, _ = Framework.objects.get_or_create(
        code="922/QĐ-BTTTT",
        defaults=dict(
            name="Bộ chỉ số đánh giá chuyển đổi số cấp tỉnh (2021-2023)",
            legal_basis="Quyết định 922/QĐ-BTTTT ngày 20/5/2022 của Bộ Thông tin và Truyền thông. "
            "9 chỉ số chính, 98 chỉ số thành phần, 1000 điểm.",
            issued_on=dt.date(2022, 5, 20),
            first_year=2021,
            last_year=2023,
        ),
    )
    for i, (code, name, kind, max_points, scored, pillars) in enumerate(F922):
        Indicator.objects.create(
            framework=f922, code=code, name=name, kind=kind, max_points=max_points, scored=scored, position=i,
            **pillars,
        )

    f405, _ = Framework.objects.get_or_create(
        code="405/QĐ-BKHCN",
        defaults=dict(
            name="Bộ chỉ số đánh giá chuyển đổi số cấp tỉnh (từ 2024)",
            legal_basis="Quyết định 405/QĐ-BKHCN ngày 3/4/2025 của Bộ Khoa học và Công nghệ. "
            "8 chỉ số chính, 47 chỉ số thành phần. Điểm tối đa của từng chỉ số chưa tìm thấy: Văn phòng CĐS "
            "cần nhập. Áp dụng cho kết quả năm 2024 (suy luận).",
            issued_on=dt.date(2025, 4, 3),
            first_year=2024,
            last_year=None,
        ),
    )
    for i, (code, name, kind, max_points, scored, pillars) in enumerate(F405):
        Indicator.objects.create(
            framework=f405, code=code, name=name, kind=kind, max_points=max_points, scored=scored, position=i,
            **pillars,
        )


def unload(apps, schema_editor):
    apps.get_model("indicators", "Framework").objects.filter(
        code__in=["1726/QĐ-BTTTT", "922/QĐ-BTTTT", "405/QĐ-BKHCN"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
