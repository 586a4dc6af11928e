"""Demo data: the real facts of Nam Định's programme from the seed article, plus sample tasks and updates.

Everything invented (tasks, their dates and progress, updates, demo users) is marked `is_sample` and shown as
sample data (dữ liệu minh họa). Leaders are positions, never people's names. Loading is idempotent: rows are
found by their natural keys and only created when missing, so a second run changes nothing and never
overwrites what the DX office has edited since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from plans import rules
from plans.models import (
    Document,
    DocumentLink,
    Field,
    Goal,
    Leader,
    Pillar,
    Plan,
    Status,
    Task,
    TaskUpdate,
    Unit,
)

DEMO_PASSWORD = "dxtracker-demo"
SAMPLE_NOTE = "Dữ liệu minh họa."
TERM_START = dt.date(2021, 1, 1)

K = Unit.Kind

# (name, short name, kind, parent name, head's position title)
UNITS: list[tuple[str, str, str, str | None, str | None]] = [
    ("Bộ Chính trị", "BCT", K.CENTRAL, None, None),
    ("Chính phủ", "CP", K.CENTRAL, None, None),
    ("Thủ tướng Chính phủ", "TTg", K.CENTRAL, None, None),
    ("Ban Chấp hành Đảng bộ tỉnh Nam Định", "Tỉnh ủy", K.PARTY_COMMITTEE, None, "Bí thư Tỉnh ủy"),
    (
        "Ban Thường vụ Tỉnh ủy Nam Định",
        "Ban TVTU",
        K.PARTY_COMMITTEE,
        "Ban Chấp hành Đảng bộ tỉnh Nam Định",
        "Bí thư Tỉnh ủy",
    ),
    ("Ủy ban nhân dân tỉnh Nam Định", "UBND tỉnh", K.PEOPLES_COMMITTEE, None, "Chủ tịch UBND tỉnh"),
    (
        "Ban Chỉ đạo về chuyển đổi số tỉnh Nam Định",
        "BCĐ CĐS",
        K.STEERING,
        "Ủy ban nhân dân tỉnh Nam Định",
        "Trưởng Ban Chỉ đạo (Chủ tịch UBND tỉnh)",
    ),
    ("Văn phòng UBND tỉnh", "VP UBND", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Nam Định", "Chánh Văn phòng UBND tỉnh"),
    ("Sở Thông tin và Truyền thông", "Sở TT&TT", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Nam Định", "Giám đốc Sở TT&TT"),
    (
        "Trung tâm Công nghệ thông tin và Truyền thông",
        "TT CNTT&TT",
        K.DEPARTMENT,
        "Sở Thông tin và Truyền thông",
        "Giám đốc Trung tâm CNTT&TT",
    ),
    ("Sở Nội vụ", "Sở Nội vụ", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Nam Định", "Giám đốc Sở Nội vụ"),
    ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Nam Định", "Giám đốc Sở KH&ĐT"),
    ("Sở Tài chính", "Sở TC", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Nam Định", "Giám đốc Sở Tài chính"),
    ("Sở Y tế", "Sở YT", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Nam Định", "Giám đốc Sở Y tế"),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Nam Định", "Giám đốc Sở GD&ĐT"),
    ("Sở Tài nguyên và Môi trường", "Sở TN&MT", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Nam Định", "Giám đốc Sở TN&MT"),
    ("Sở Xây dựng", "Sở XD", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Nam Định", "Giám đốc Sở Xây dựng"),
    ("Sở Công Thương", "Sở CT", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Nam Định", "Giám đốc Sở Công Thương"),
    (
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở NN&PTNT",
        K.DEPARTMENT,
        "Ủy ban nhân dân tỉnh Nam Định",
        "Giám đốc Sở NN&PTNT",
    ),
    ("Sở Khoa học và Công nghệ", "Sở KH&CN", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Nam Định", "Giám đốc Sở KH&CN"),
    (
        "Sở Lao động - Thương binh và Xã hội",
        "Sở LĐ-TB&XH",
        K.DEPARTMENT,
        "Ủy ban nhân dân tỉnh Nam Định",
        "Giám đốc Sở LĐ-TB&XH",
    ),
    ("Sở Tư pháp", "Sở TP", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Nam Định", "Giám đốc Sở Tư pháp"),
    ("Công an tỉnh Nam Định", "Công an tỉnh", K.DEPARTMENT, "Ủy ban nhân dân tỉnh Nam Định", "Giám đốc Công an tỉnh"),
    (
        "UBND thành phố Nam Định",
        "TP Nam Định",
        K.DISTRICT,
        "Ủy ban nhân dân tỉnh Nam Định",
        "Chủ tịch UBND thành phố Nam Định",
    ),
    *[
        (f"UBND huyện {name}", f"H. {name}", K.DISTRICT, "Ủy ban nhân dân tỉnh Nam Định", f"Chủ tịch UBND huyện {name}")
        for name in [
            "Mỹ Lộc",
            "Vụ Bản",
            "Ý Yên",
            "Nam Trực",
            "Trực Ninh",
            "Xuân Trường",
            "Giao Thủy",
            "Hải Hậu",
            "Nghĩa Hưng",
        ]
    ],
    ("Công ty Cổ phần FPT", "FPT", K.ENTERPRISE, None, None),
]

STEERING = "Ban Chỉ đạo về chuyển đổi số tỉnh Nam Định"
# The seed: the steering committee is headed by the chairman of the People's Committee, and its members are
# the heads of the departments and agencies.
STEERING_MEMBER_KINDS = {K.DEPARTMENT}

D = Document.Kind
L = Document.Level


@dataclass(frozen=True)
class Doc:
    key: str  # number and symbol, or a stable title when the document has none
    kind: str
    level: str
    issuer: str
    title: str
    number: str = ""
    issue_date: dt.date | None = None
    summary: str = ""
    implements: tuple[str, ...] = ()


DOCUMENTS = [
    Doc(
        "17/NQ-CP",
        D.RESOLUTION,
        L.CENTRAL,
        "Chính phủ",
        "Nghị quyết về một số nhiệm vụ, giải pháp trọng tâm phát triển Chính phủ điện tử",
        number="17/NQ-CP",
        issue_date=dt.date(2019, 3, 7),
        summary="Xác định chuyển đổi số và phát triển Chính phủ số là nhiệm vụ trọng tâm, giải pháp đột phá.",
    ),
    Doc(
        "52-NQ/TW",
        D.RESOLUTION,
        L.CENTRAL,
        "Bộ Chính trị",
        "Nghị quyết về một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư",
        number="52-NQ/TW",
        issue_date=dt.date(2019, 9, 27),
    ),
    Doc(
        "749/QĐ-TTg",
        D.DECISION,
        L.CENTRAL,
        "Thủ tướng Chính phủ",
        "Quyết định phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030",
        number="749/QĐ-TTg",
        issue_date=dt.date(2020, 6, 3),
    ),
    Doc(
        "09-NQ/TU",
        D.RESOLUTION,
        L.PROVINCIAL,
        "Ban Chấp hành Đảng bộ tỉnh Nam Định",
        "Nghị quyết chuyên đề về chuyển đổi số tỉnh Nam Định đến năm 2025, định hướng đến năm 2030",
        number="09-NQ/TU",
        issue_date=dt.date(2021, 10, 15),
        summary="Phấn đấu đến năm 2025 tỉnh thuộc nhóm 20 địa phương dẫn đầu toàn quốc về Chỉ số đánh giá CĐS; "
        "đến năm 2030 cơ bản hoàn thành CĐS gắn với các dịch vụ đô thị thông minh.",
        implements=("17/NQ-CP", "52-NQ/TW", "749/QĐ-TTg"),
    ),
    Doc(
        "122/KH-UBND",
        D.PLAN,
        L.PROVINCIAL,
        "Ủy ban nhân dân tỉnh Nam Định",
        "Kế hoạch tổ chức thực hiện Nghị quyết số 09-NQ/TU về chuyển đổi số tỉnh Nam Định đến năm 2025, "
        "định hướng đến năm 2030",
        number="122/KH-UBND",
        issue_date=dt.date(2021, 10, 22),
        summary="Các nhiệm vụ, giải pháp cụ thể thực hiện Nghị quyết 09-NQ/TU.",
        implements=("09-NQ/TU",),
    ),
    Doc(
        "06/QĐ-TTg",
        D.SCHEME,
        L.CENTRAL,
        "Thủ tướng Chính phủ",
        "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia "
        "giai đoạn 2022-2025, tầm nhìn đến năm 2030 (Đề án 06)",
        number="06/QĐ-TTg",
        issue_date=dt.date(2022, 1, 6),
    ),
    Doc(
        "08-CT/TU",
        D.DIRECTIVE,
        L.PROVINCIAL,
        "Ban Thường vụ Tỉnh ủy Nam Định",
        "Chỉ thị về tăng cường sự lãnh đạo của Đảng trong triển khai thực hiện Đề án phát triển ứng dụng dữ liệu "
        "về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022-2025, "
        "tầm nhìn đến năm 2030",
        number="08-CT/TU",
        issue_date=dt.date(2022, 2, 14),
        implements=("06/QĐ-TTg",),
    ),
    Doc(
        "Kiến trúc CQĐT 2.0",
        D.ARCHITECTURE,
        L.PROVINCIAL,
        "Ủy ban nhân dân tỉnh Nam Định",
        "Kiến trúc Chính quyền điện tử tỉnh Nam Định, phiên bản 2.0",
        summary="Do Sở TT&TT tham mưu; khung pháp lý cho các hệ thống thông tin của tỉnh.",
    ),
    Doc(
        "Thỏa thuận hợp tác FPT",
        D.AGREEMENT,
        L.PROVINCIAL,
        "Ủy ban nhân dân tỉnh Nam Định",
        "Thỏa thuận hợp tác chuyển đổi số đến năm 2025 giữa UBND tỉnh Nam Định và Công ty Cổ phần FPT",
    ),
]

PLAN_TITLE = (
    "Kế hoạch tổ chức thực hiện Nghị quyết 09-NQ/TU về chuyển đổi số tỉnh Nam Định đến năm 2025, "
    "định hướng đến năm 2030"
)

# The plan's goals, as the seed states them.
GOALS = [
    {
        "statement": "Huy động sự vào cuộc của cả hệ thống chính trị và toàn xã hội đẩy mạnh chuyển đổi số.",
        "deadline": dt.date(2025, 12, 31),
    },
    {
        "statement": "Đến năm 2025, tỉnh thuộc nhóm 20 địa phương dẫn đầu toàn quốc về Chỉ số đánh giá chuyển đổi số "
        "(DTI).",
        "deadline": dt.date(2025, 12, 31),
        "target_value": 20,
        "target_unit": "hạng",
        "direction": Goal.Direction.AT_MOST,
        "current_value": 10,
        "current_value_note": "DTI 2022: Nam Định xếp hạng 10/63 (dti.gov.vn/xep-hang-2022).",
    },
    {
        "statement": "Đến năm 2030, tỉnh cơ bản hoàn thành chuyển đổi số gắn với các dịch vụ đô thị thông minh, "
        "kết nối đồng bộ với Trung ương và hệ thống các đô thị thông minh trên toàn quốc.",
        "deadline": dt.date(2030, 12, 31),
    },
]

G, E, S, F = Pillar.DIGITAL_GOVERNMENT, Pillar.DIGITAL_ECONOMY, Pillar.DIGITAL_SOCIETY, Pillar.FOUNDATION

# Sample task groups (parent tasks) and their subtasks: (title, pillar, field, lead unit short name).
SAMPLE_GROUPS: list[tuple[str, str, str, str, list[tuple[str, str, str, str]]]] = [
    (
        "Nâng cao nhận thức về chuyển đổi số",
        F,
        Field.AWARENESS,
        "Sở TT&TT",
        [
            ("Tuyên truyền về CĐS trên báo, đài của tỉnh", F, Field.AWARENESS, "Sở TT&TT"),
            ("Phổ biến kiến thức CĐS cho cán bộ chủ chốt từ tỉnh đến cơ sở", F, Field.AWARENESS, "Sở Nội vụ"),
            ("Tổ chức Ngày Chuyển đổi số của tỉnh", F, Field.AWARENESS, "Sở TT&TT"),
            ("Xây dựng chuyên mục CĐS trên Cổng thông tin điện tử tỉnh", F, Field.AWARENESS, "VP UBND"),
        ],
    ),
    (
        "Hoàn thiện thể chế và khung pháp lý về CĐS",
        F,
        Field.OTHER,
        "Sở TT&TT",
        [
            ("Cập nhật Kiến trúc Chính quyền điện tử tỉnh phiên bản 2.0", F, Field.E_GOVERNMENT, "Sở TT&TT"),
            ("Ban hành quy chế quản lý, chia sẻ dữ liệu của tỉnh", F, Field.DATA, "Sở TT&TT"),
            ("Ban hành chính sách hỗ trợ doanh nghiệp chuyển đổi số", E, Field.OTHER, "Sở KH&ĐT"),
        ],
    ),
    (
        "Phát triển hạ tầng số",
        F,
        Field.INFRASTRUCTURE,
        "Sở TT&TT",
        [
            ("Nâng cấp Trung tâm dữ liệu tỉnh", F, Field.INFRASTRUCTURE, "TT CNTT&TT"),
            ("Phủ sóng băng rộng di động đến các thôn, xóm", F, Field.INFRASTRUCTURE, "Sở TT&TT"),
            ("Mở rộng mạng truyền số liệu chuyên dùng đến cấp xã", F, Field.INFRASTRUCTURE, "TT CNTT&TT"),
            ("Hạ tầng hội nghị truyền hình trực tuyến ba cấp", F, Field.INFRASTRUCTURE, "VP UBND"),
        ],
    ),
    (
        "Nền tảng và dữ liệu dùng chung",
        F,
        Field.DATA,
        "Sở TT&TT",
        [
            ("Triển khai nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)", F, Field.DATA, "TT CNTT&TT"),
            ("Kết nối cơ sở dữ liệu quốc gia về dân cư với các hệ thống của tỉnh", F, Field.DATA, "Công an tỉnh"),
            ("Xây dựng kho dữ liệu dùng chung của tỉnh", F, Field.DATA, "Sở TT&TT"),
            ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", G, Field.E_GOVERNMENT, "VP UBND"),
        ],
    ),
    (
        "Phát triển nhân lực số",
        F,
        Field.HUMAN_RESOURCES,
        "Sở Nội vụ",
        [
            ("Đào tạo, tập huấn kỹ năng số cho cán bộ, công chức", F, Field.HUMAN_RESOURCES, "Sở Nội vụ"),
            ("Bồi dưỡng đội ngũ chuyên trách CNTT các sở, ngành", F, Field.HUMAN_RESOURCES, "Sở TT&TT"),
            ("Đưa kỹ năng số vào chương trình giáo dục phổ thông", S, Field.EDUCATION, "Sở GD&ĐT"),
        ],
    ),
    (
        "Bảo đảm an toàn, an ninh thông tin mạng",
        F,
        Field.SECURITY,
        "Sở TT&TT",
        [
            ("Triển khai mô hình bảo vệ 4 lớp cho hệ thống thông tin", F, Field.SECURITY, "TT CNTT&TT"),
            ("Phê duyệt hồ sơ cấp độ an toàn hệ thống thông tin", F, Field.SECURITY, "Sở TT&TT"),
            ("Diễn tập ứng cứu sự cố an toàn thông tin mạng", F, Field.SECURITY, "Công an tỉnh"),
        ],
    ),
    (
        "Xây dựng chính quyền điện tử",
        G,
        Field.E_GOVERNMENT,
        "VP UBND",
        [
            ("Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh", G, Field.E_GOVERNMENT, "VP UBND"),
            ("Cung cấp dịch vụ công trực tuyến toàn trình", G, Field.E_GOVERNMENT, "VP UBND"),
            ("Gửi, nhận văn bản điện tử bốn cấp chính quyền", G, Field.E_GOVERNMENT, "Sở TT&TT"),
            ("Xây dựng hệ thống thông tin báo cáo của tỉnh", G, Field.E_GOVERNMENT, "VP UBND"),
            ("Triển khai chữ ký số cho cán bộ, công chức", G, Field.E_GOVERNMENT, "Sở TT&TT"),
            ("Thanh toán trực tuyến nghĩa vụ tài chính trong thủ tục hành chính", G, Field.E_GOVERNMENT, "Sở TC"),
        ],
    ),
    (
        "Xây dựng đô thị thông minh",
        G,
        Field.SMART_CITY,
        "Sở XD",
        [
            ("Xây dựng Trung tâm giám sát, điều hành đô thị thông minh (IOC)", G, Field.SMART_CITY, "Sở TT&TT"),
            ("Camera giám sát an ninh, giao thông tại thành phố Nam Định", G, Field.SMART_CITY, "TP Nam Định"),
            ("Quy hoạch đô thị thông minh thành phố Nam Định", G, Field.SMART_CITY, "Sở XD"),
            ("Ứng dụng phản ánh hiện trường cho người dân", S, Field.SMART_CITY, "TP Nam Định"),
        ],
    ),
    (
        "Chuyển đổi số ngành y tế",
        S,
        Field.HEALTH,
        "Sở YT",
        [
            ("Triển khai hồ sơ sức khỏe điện tử cho người dân", S, Field.HEALTH, "Sở YT"),
            ("Bệnh án điện tử tại bệnh viện tuyến tỉnh", S, Field.HEALTH, "Sở YT"),
            ("Khám, chữa bệnh từ xa cho trạm y tế xã", S, Field.HEALTH, "Sở YT"),
            ("Thanh toán không dùng tiền mặt trong bệnh viện", S, Field.HEALTH, "Sở YT"),
        ],
    ),
    (
        "Chuyển đổi số ngành giáo dục",
        S,
        Field.EDUCATION,
        "Sở GD&ĐT",
        [
            ("Cơ sở dữ liệu ngành giáo dục kết nối với Bộ GD&ĐT", S, Field.EDUCATION, "Sở GD&ĐT"),
            ("Học bạ điện tử cấp tiểu học", S, Field.EDUCATION, "Sở GD&ĐT"),
            ("Thu học phí không dùng tiền mặt", S, Field.EDUCATION, "Sở GD&ĐT"),
            ("Kho học liệu số dùng chung", S, Field.EDUCATION, "Sở GD&ĐT"),
        ],
    ),
    (
        "Chuyển đổi số ngành tài nguyên và môi trường",
        G,
        Field.ENVIRONMENT,
        "Sở TN&MT",
        [
            ("Xây dựng cơ sở dữ liệu đất đai", G, Field.ENVIRONMENT, "Sở TN&MT"),
            ("Quan trắc môi trường tự động, truyền số liệu trực tuyến", G, Field.ENVIRONMENT, "Sở TN&MT"),
            ("Cơ sở dữ liệu tài nguyên nước", G, Field.ENVIRONMENT, "Sở TN&MT"),
        ],
    ),
    (
        "Phát triển kinh tế số",
        E,
        Field.OTHER,
        "Sở CT",
        [
            ("Đưa sản phẩm OCOP lên sàn thương mại điện tử", E, Field.OTHER, "Sở CT"),
            ("Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số", E, Field.OTHER, "Sở KH&ĐT"),
            ("Truy xuất nguồn gốc nông sản", E, Field.OTHER, "Sở NN&PTNT"),
            ("Thúc đẩy thanh toán không dùng tiền mặt", E, Field.OTHER, "Sở TC"),
        ],
    ),
    (
        "Phát triển xã hội số",
        S,
        Field.OTHER,
        "Sở TT&TT",
        [
            ("Tổ công nghệ số cộng đồng tại các thôn, tổ dân phố", S, Field.AWARENESS, "Sở TT&TT"),
            ("Phổ cập điện thoại thông minh cho người dân", S, Field.INFRASTRUCTURE, "Sở TT&TT"),
            ("Chi trả an sinh xã hội không dùng tiền mặt", S, Field.OTHER, "Sở LĐ-TB&XH"),
        ],
    ),
    (
        "Chuyển đổi số cấp huyện",
        G,
        Field.E_GOVERNMENT,
        "UBND tỉnh",
        [
            (f"Kế hoạch chuyển đổi số của {d}", G, Field.E_GOVERNMENT, d)
            for d in [
                "TP Nam Định",
                "H. Mỹ Lộc",
                "H. Vụ Bản",
                "H. Ý Yên",
                "H. Nam Trực",
                "H. Trực Ninh",
                "H. Xuân Trường",
                "H. Giao Thủy",
                "H. Hải Hậu",
                "H. Nghĩa Hưng",
            ]
        ],
    ),
]

# Demo sign-ins, one per role, and unit heads of two different units.
DEMO_USERS = [
    # (username, group, is_staff, is_superuser, unit short name whose head they are, display name)
    ("lanhdao", rules.VIEWER, False, False, None, "Lãnh đạo tỉnh (xem)"),
    ("vanphong", rules.DX_OFFICE, True, False, None, "Văn phòng CĐS (Sở TT&TT)"),
    ("quantri", rules.ADMIN, True, True, None, "Quản trị hệ thống"),
    ("truong.tttt", rules.UNIT_HEAD, False, False, "Sở TT&TT", "Giám đốc Sở TT&TT"),
    ("truong.yte", rules.UNIT_HEAD, False, False, "Sở YT", "Giám đốc Sở Y tế"),
    ("truong.tpnd", rules.UNIT_HEAD, False, False, "TP Nam Định", "Chủ tịch UBND thành phố Nam Định"),
]


@dataclass
class Scenario:
    """Where a sample task stands relative to today (so that every timeliness class appears)."""

    start: int  # days from today
    due: int | None
    status: str
    progress: int
    completed: int | None = None  # days from today


# Cycled over the sample subtasks; covers every workflow status and every timeliness class.
SCENARIOS = [
    Scenario(-400, -60, Status.COMPLETED, 100, completed=-75),  # completed on time
    Scenario(-300, -90, Status.COMPLETED, 100, completed=-40),  # completed late
    Scenario(-120, 45, Status.IN_PROGRESS, 55),  # in progress, within the deadline
    Scenario(-200, -20, Status.IN_PROGRESS, 70),  # overdue
    Scenario(-60, 14, Status.IN_PROGRESS, 30),  # due in two weeks
    Scenario(-10, 120, Status.NOT_STARTED, 0),  # not started, within the deadline
    Scenario(-250, -5, Status.NOT_STARTED, 0),  # overdue, never started
    Scenario(-90, 0, Status.IN_PROGRESS, 90),  # due today
    Scenario(-150, None, Status.IN_PROGRESS, 40),  # no deadline
    Scenario(-180, 60, Status.PAUSED, 20),  # paused within the deadline
    Scenario(-220, -30, Status.CANCELLED, 10),  # cancelled
    Scenario(-500, -200, Status.COMPLETED, 100, completed=-200),  # completed on the due date
    Scenario(-40, 200, Status.IN_PROGRESS, 15),
    Scenario(-320, -120, Status.PAUSED, 35),  # paused and overdue
]


def _units() -> dict[str, Unit]:
    by_name: dict[str, Unit] = {}
    for name, short, kind, parent, _head in UNITS:
        unit, _ = Unit.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "parent": by_name.get(parent)}
        )
        by_name[name] = unit
    return by_name


def _leaders(units: dict[str, Unit]) -> dict[str, Leader]:
    heads: dict[str, Leader] = {}
    for name, _short, _kind, _parent, head_title in UNITS:
        if not head_title:
            continue
        leader, _ = Leader.objects.get_or_create(
            unit=units[name],
            position_title=head_title,
            role=Leader.Role.HEAD,
            defaults={"term_start": TERM_START},
        )
        heads[units[name].short_name] = leader
    steering = units[STEERING]
    for _name, _short, kind, _parent, head_title in UNITS:
        if kind in STEERING_MEMBER_KINDS and head_title:
            Leader.objects.get_or_create(
                unit=steering,
                position_title=f"Thành viên Ban Chỉ đạo ({head_title})",
                role=Leader.Role.MEMBER,
                defaults={"term_start": TERM_START},
            )
    Leader.objects.get_or_create(
        unit=units["Sở Thông tin và Truyền thông"],
        position_title="Phó Giám đốc Sở TT&TT",
        role=Leader.Role.DEPUTY,
        defaults={"term_start": TERM_START},
    )
    return heads


def _documents(units: dict[str, Unit]) -> dict[str, Document]:
    docs: dict[str, Document] = {}
    for d in DOCUMENTS:
        lookup = {"number": d.number} if d.number else {"title": d.title}
        doc, _ = Document.objects.get_or_create(
            **lookup,
            defaults={
                "kind": d.kind,
                "level": d.level,
                "issuer": units[d.issuer],
                "title": d.title,
                "number": d.number,
                "issue_date": d.issue_date,
                "summary": d.summary,
            },
        )
        docs[d.key] = doc
    for d in DOCUMENTS:
        for target in d.implements:
            DocumentLink.objects.get_or_create(source=docs[d.key], target=docs[target])
    return docs


def _users(heads: dict[str, Leader]) -> None:
    User = get_user_model()
    for username, group, is_staff, is_superuser, unit_short, display in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": display,
                "email": f"{username}@example.gov.vn",
                "is_staff": is_staff,
                "is_superuser": is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=group))
        if unit_short and heads[unit_short].user_id is None:
            heads[unit_short].user = user
            heads[unit_short].save(update_fields=["user"])


def _sample_tasks(plan: Plan, units_by_short: dict[str, Unit], heads: dict[str, Leader], today: dt.date) -> None:
    if plan.tasks.exists():
        return  # created on an earlier run; never overwrite what the DX office has changed since
    author_by_unit = {short: leader.user for short, leader in heads.items() if leader.user_id}
    n = 0
    for g_index, (g_title, g_pillar, g_field, g_unit, subtasks) in enumerate(SAMPLE_GROUPS, start=1):
        parent = Task.objects.create(
            plan=plan,
            code=f"{g_index}",
            title=g_title,
            pillar=g_pillar,
            field=g_field,
            lead_unit=units_by_short[g_unit],
            responsible_leader=heads.get(g_unit),
            start_date=dt.date(2021, 11, 1),
            due_date=dt.date(2030, 12, 31),
            status=Status.IN_PROGRESS,
            progress=0,
            description=SAMPLE_NOTE,
            is_sample=True,
        )
        for s_index, (title, pillar, field, unit_short) in enumerate(subtasks, start=1):
            sc = SCENARIOS[n % len(SCENARIOS)]
            n += 1
            task = Task.objects.create(
                plan=plan,
                parent=parent,
                code=f"{g_index}.{s_index}",
                title=title,
                description=SAMPLE_NOTE,
                pillar=pillar,
                field=field,
                lead_unit=units_by_short[unit_short],
                responsible_leader=heads.get(unit_short),
                start_date=today + dt.timedelta(days=sc.start),
                due_date=None if sc.due is None else today + dt.timedelta(days=sc.due),
                status=sc.status,
                progress=sc.progress,
                completed_on=None if sc.completed is None else today + dt.timedelta(days=sc.completed),
                weight=2 if s_index == 1 else 1,
                is_sample=True,
            )
            if unit_short != "Sở TT&TT" and n % 3 == 0:
                task.cooperating_units.add(units_by_short["Sở TT&TT"])
            _sample_updates(task, sc, author_by_unit.get(unit_short), today)


def _sample_updates(task: Task, sc: Scenario, author, today: dt.date) -> None:
    """A short, consistent history that ends in the task's current state."""
    if sc.status == Status.NOT_STARTED:
        return
    end = today + dt.timedelta(days=sc.completed if sc.completed is not None else -3 - (task.pk % 40))
    start = today + dt.timedelta(days=sc.start)
    steps: list[tuple[str, int]] = []
    if sc.progress > 40:
        steps.append((Status.IN_PROGRESS, sc.progress // 2))
    steps.append((sc.status, sc.progress))
    previous = (Status.NOT_STARTED, 0)
    span = max((end - start).days, len(steps))
    updates = []
    for i, (status, progress) in enumerate(steps, start=1):
        when = start + dt.timedelta(days=span * i // len(steps))
        moment = timezone.make_aware(dt.datetime.combine(when, dt.time(9, 30)))
        review = TaskUpdate.Review.VERIFIED if i < len(steps) or task.pk % 4 == 0 else TaskUpdate.Review.PENDING
        note = {
            Status.COMPLETED: "Đã hoàn thành, nghiệm thu đưa vào sử dụng.",
            Status.PAUSED: "Tạm dừng chờ bố trí kinh phí.",
            Status.CANCELLED: "Hủy do đã được triển khai trong dự án của Bộ, ngành.",
        }.get(status, "Đang triển khai theo kế hoạch.")
        updates.append(
            TaskUpdate(
                task=task,
                author=author,
                created_at=moment,
                status=status,
                progress=progress,
                previous_status=previous[0],
                previous_progress=previous[1],
                note=f"{note} ({SAMPLE_NOTE})",
                review_state=review,
                is_sample=True,
            )
        )
        previous = (status, progress)
    TaskUpdate.objects.bulk_create(updates)
    Task.objects.filter(pk=task.pk).update(version=1 + len(updates))


@transaction.atomic
def load(today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    units = _units()
    heads = _leaders(units)
    docs = _documents(units)
    _users(heads)
    plan, _ = Plan.objects.get_or_create(
        title=PLAN_TITLE,
        defaults={
            "document": docs["122/KH-UBND"],
            "start_year": 2021,
            "end_year": 2030,
            "owner": units["Ủy ban nhân dân tỉnh Nam Định"],
            "description": "Nhiệm vụ, giải pháp thực hiện Nghị quyết 09-NQ/TU. Các nhiệm vụ trong kế hoạch này là "
            "dữ liệu minh họa.",
        },
    )
    for goal in GOALS:
        Goal.objects.get_or_create(plan=plan, statement=goal["statement"], defaults=goal)
    units_by_short = {u.short_name: u for u in units.values()}
    _sample_tasks(plan, units_by_short, heads, today)
