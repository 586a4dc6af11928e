# ruff: noqa: E501  (the instruction lines are the sheet's rows, kept whole)
"""The blank import files the DX office downloads: the plan annex and the units and heads, each with a sheet of
instructions in Vietnamese (the province's own words, no internal names)."""

from __future__ import annotations

ANNEX_SHEET = [
    ["PHỤ LỤC"],
    ["DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ"],
    ["(Kèm theo Kế hoạch số …/KH-UBND ngày … của UBND tỉnh …)"],
    [],
    ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm", "Ghi chú"],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
    ["I", "PHÁT TRIỂN CHÍNH QUYỀN SỐ", "", "", "", "", ""],
    [
        "1",
        "Nâng cấp Cổng dịch vụ công của tỉnh",
        "Sở Khoa học và Công nghệ",
        "Văn phòng UBND tỉnh",
        "Quý II/2026",
        "",
        "",
    ],
    ["1.1", "Tích hợp thanh toán trực tuyến", "Sở Tài chính", "", "Tháng 9/2026", "", ""],
    ["2", "Số hóa hồ sơ thủ tục hành chính", "UBND các xã, phường", "Sở Khoa học và Công nghệ", "Thường xuyên", "", ""],
    ["II", "HẠ TẦNG SỐ", "", "", "", "", ""],
    [
        "3",
        "Phủ sóng 5G các khu công nghiệp",
        "Sở Khoa học và Công nghệ",
        "Các doanh nghiệp viễn thông",
        "2026 - 2027",
        "",
        "",
    ],
]

ANNEX_HELP = [
    ["HƯỚNG DẪN NHẬP PHỤ LỤC NHIỆM VỤ"],
    [],
    ["1. Có thể dùng nguyên phụ lục đã ban hành (Excel, hoặc tệp Word có bảng phụ lục); các dòng tiêu đề phía trên"],
    ['   (PHỤ LỤC, tên kế hoạch, "Kèm theo Kế hoạch số …") và dòng đánh số cột (1) (2) (3) được bỏ qua.'],
    [
        "2. Dòng tiêu đề bảng cần có các cột: STT, Nhiệm vụ (hoặc Nội dung), Cơ quan chủ trì; nên có thêm Cơ quan phối hợp,"
    ],
    ["   Thời gian hoàn thành, Sản phẩm. Các cột khác được ghi vào phần mô tả của nhiệm vụ."],
    ["3. STT: số La Mã (I, II, …) là nhóm nhiệm vụ; tên nhóm nêu trụ cột hoặc nền tảng (chính quyền số, kinh tế số,"],
    ["   xã hội số, hạ tầng số, nhân lực số, an toàn thông tin mạng, …) thì các nhiệm vụ trong nhóm thuộc trụ cột đó."],
    ["   Số (1, 2, …) là nhiệm vụ; số có dấu chấm (2.1, 2.1.1) hoặc chữ (a, b) là nhiệm vụ con của dòng phía trên."],
    ["   STT là mã nhiệm vụ: nhập lại tệp đã sửa sẽ cập nhật nhiệm vụ cùng mã, giữ nguyên lịch sử báo cáo."],
    ["4. Thời gian hoàn thành: Thường xuyên, Hằng năm, Năm 2026, Quý II/2026, Tháng 6/2026, Tháng 06 năm 2026,"],
    ["   6 tháng đầu năm 2026, 30/9/2026, Trước 30/9/2026, 2026 - 2027. Hạn là ngày cuối của khoảng thời gian."],
    [
        "5. Cơ quan chủ trì, phối hợp: ghi tên đầy đủ, tên viết tắt hoặc tên gọi khác đã khai báo; nhiều cơ quan cách nhau"
    ],
    ['   bằng dấu phẩy hoặc chấm phẩy. "UBND các huyện, thành phố", "UBND các xã, phường", "Các sở, ban, ngành"'],
    [
        "   tạo một nhiệm vụ con cho từng đơn vị. Cơ quan phối hợp chưa có trong danh sách được giữ nguyên tên trên nhiệm vụ."
    ],
    [
        "6. Trước khi ghi, hệ thống hiển thị bản xem trước và mọi lỗi theo số dòng; chỉ cần một dòng lỗi là không ghi gì."
    ],
]

UNITS_SHEET = [
    [
        "Đơn vị",
        "Tên viết tắt",
        "Loại",
        "Đơn vị cấp trên",
        "Chức vụ",
        "Họ và tên",
        "Thư điện tử",
        "Ngày bắt đầu nhiệm kỳ",
    ],
    [
        "Sở Khoa học và Công nghệ",
        "Sở KH&CN",
        "Sở, ban, ngành",
        "",
        "Giám đốc",
        "Nguyễn Văn A",
        "a@example.gov.vn",
        "01/07/2025",
    ],
    ["UBND phường Hoa Lư", "P. Hoa Lư", "Xã, phường", "", "Chủ tịch UBND phường", "Trần Thị B", "", "01/07/2025"],
]

UNITS_HELP = [
    ["HƯỚNG DẪN NHẬP ĐƠN VỊ VÀ NGƯỜI ĐỨNG ĐẦU"],
    [],
    [
        "1. Mỗi dòng là một đơn vị và người đứng đầu đơn vị. Đơn vị đã có (cùng tên) được cập nhật, chưa có thì được tạo."
    ],
    ["2. Loại: Sở, ban, ngành; Huyện, thành phố; Xã, phường; UBND; Doanh nghiệp; Ban Chỉ đạo."],
    ["3. Đơn vị cấp trên: tên một đơn vị đã có hoặc ở dòng phía trên; để trống nếu không có."],
    ["4. Người đứng đầu có thư điện tử sẽ được tạo tài khoản và nhận thư có đường dẫn để tự đặt mật khẩu."],
    ["5. Ngày bắt đầu nhiệm kỳ: ngày/tháng/năm, ví dụ 01/07/2025."],
    [
        "6. Trước khi ghi, hệ thống hiển thị bản xem trước và mọi lỗi theo số dòng; chỉ cần một dòng lỗi là không ghi gì."
    ],
]


def annex_template() -> list[tuple[str, list[list[str]]]]:
    return [("Phu luc", ANNEX_SHEET), ("Huong dan", ANNEX_HELP)]


def units_template() -> list[tuple[str, list[list[str]]]]:
    return [("Don vi", UNITS_SHEET), ("Huong dan", UNITS_HELP)]
