"""Reference data: the 63 provinces, the 34 after the 2025 merger (Nghị quyết 202/2025/QH15) with their
predecessors, what the ministry published (indicators/data/*.csv, sources in indicators/data/SOURCES.md), and
the 2022 main-indicator values of the top five as observations. Nothing here is invented."""

import csv
import datetime as dt
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA = Path(__file__).resolve().parent.parent / "data"
MERGER_SOURCE = "Nghị quyết 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh (hiệu lực 01/7/2025)"

# New province (dti.gov.vn spelling) -> the old provinces merged into it (2022 spelling).
MERGER = {
    "TP. Hà Nội": ["TP. Hà Nội"],
    "TP. Huế": ["Thừa Thiên - Huế"],
    "Lai Châu": ["Lai Châu"],
    "Điện Biên": ["Điện Biên"],
    "Sơn La": ["Sơn La"],
    "Lạng Sơn": ["Lạng Sơn"],
    "Quảng Ninh": ["Quảng Ninh"],
    "Thanh Hóa": ["Thanh Hóa"],
    "Nghệ An": ["Nghệ An"],
    "Hà Tĩnh": ["Hà Tĩnh"],
    "Cao Bằng": ["Cao Bằng"],
    "Tuyên Quang": ["Tuyên Quang", "Hà Giang"],
    "Lào Cai": ["Lào Cai", "Yên Bái"],
    "Thái Nguyên": ["Thái Nguyên", "Bắc Kạn"],
    "Phú Thọ": ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"],
    "Bắc Ninh": ["Bắc Ninh", "Bắc Giang"],
    "Hưng Yên": ["Hưng Yên", "Thái Bình"],
    "TP. Hải Phòng": ["TP. Hải Phòng", "Hải Dương"],
    "Ninh Bình": ["Ninh Bình", "Hà Nam", "Nam Định"],
    "Quảng Trị": ["Quảng Trị", "Quảng Bình"],
    "TP. Đà Nẵng": ["TP. Đà Nẵng", "Quảng Nam"],
    "Quảng Ngãi": ["Quảng Ngãi", "Kon Tum"],
    "Gia Lai": ["Gia Lai", "Bình Định"],
    "Khánh Hòa": ["Khánh Hòa", "Ninh Thuận"],
    "Lâm Đồng": ["Lâm Đồng", "Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Đắk Lắk", "Phú Yên"],
    "TP. Hồ Chí Minh": ["TP. Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"],
    "Đồng Nai": ["Đồng Nai", "Bình Phước"],
    "Tây Ninh": ["Tây Ninh", "Long An"],
    "TP. Cần Thơ": ["TP. Cần Thơ", "Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Vĩnh Long", "Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Đồng Tháp", "Tiền Giang"],
    "Cà Mau": ["Cà Mau", "Bạc Liêu"],
    "An Giang": ["An Giang", "Kiên Giang"],
}
MERGER_DATE = dt.date(2025, 7, 1)
TOP5_COLUMNS = {
    "nhan_thuc_so": "NTS",
    "the_che_so": "TCS",
    "ha_tang_so": "HTS",
    "nhan_luc_so": "NLS",
    "an_toan_thong_tin_mang": "ATTT",
    "hd_chinh_quyen_so": "CQS",
    "hd_kinh_te_so": "KTS",
    "hd_xa_hoi_so": "XHS",
}
SOURCES = {
    2020: "https://en.dangcongsan.vn/bac-ninh-province-integration-and-development/bac-ninh-s-provincial-digital-transformation-index-ranked-third-nationwide-585850.html; "
    "https://tab.baohaiduong.vn/khoa-hoc---cong-nghe/hai-duong-xep-thu-14-ve-chi-so-chuyen-doi-so-nam-2020-183739; "
    "https://www.sggpnews.org.vn/science_technology/da-nang-leads-localities-nationwide-in-digital-transformation-index-95375.html; "
    "https://baothanhhoa.vn/chuyen-doi-so/dong-luc-thuc-day-chuyen-doi-so/147341.htm; https://hesinhthaidoanhnghiep.com/0538H3841d39FbD",
    2021: "https://thoibaotaichinhvietnam.vn/da-nang-finance-ministry-top-digital-transformation-index-110514.html; "
    "https://daidoanket.vn/thanh-hoa-tang-3-bac-tren-bang-xep-hang-chuyen-doi-so-nam-2021-10228777.html; "
    "https://skhdt.bacninh.gov.vn/news/-/details/57283/bac-ninh-chi-so-anh-gia-chuyen-oi-so-dti-nam-2021-ung-thu-4-trong-ca-nuoc-41052774; "
    "https://baodongkhoi.vn/ben-tre-xep-thu-31-63-tinh-thanh-ve-muc-do-chuyen-doi-so-08082022-a103809.html",
    2022: "https://dti.gov.vn/xep-hang-2022",
    2023: "https://baomoi.net.vn/da-nang-tiep-tuc-dan-dau-ca-nuoc-ve-chuyen-doi-so-c51417541.epi; "
    "https://nguoihanoi.vn/ha-noi-xep-thu-6-ve-chi-so-chuyen-doi-so-cap-tinh-89443.html; "
    "https://news.laodong.vn/cong-nghe/thanh-hoa-thang-hang-ve-chuyen-doi-so-1461936.ldo; "
    "https://baomoi.net.vn/quang-ngai-tang-5-bac-trong-danh-gia-chuyen-doi-so-c51412784.epi",
    2024: "https://en.vneconomy.vn/hcm-city-leads-2024-digital-transformation-index.htm; "
    "https://demo1022.hasontech.vn/?p=3843",
    "2024-34": "https://dantri.com.vn/khoa-hoc/ha-noi-dan-dau-ca-nuoc-ve-chi-so-chuyen-doi-so-20251021181803153.htm; "
    "https://huengaynay.vn/kinh-te/khoa-hoc-cong-nghe/hue-xep-thu-2-toan-quoc-ve-muc-do-chuyen-doi-so-159011.html; "
    "https://demo1022.hasontech.vn/?p=3843; https://news.baokhanhhoa.vn/society/202511/driving-dti-progress-d4815fe",
}
TRA_VINH_2022 = "https://travinh.gov.vn/1426/37932/73050/691291/chuyen-doi-so/danh-gia-muc-do-chuyen-doi-so-nam-2022-tra-vinh-xep-hang-25-63-tinh-thanh-pho"
AVERAGES = [
    (2021, 0.4014, None, None, None, "https://daidoanket.vn/thanh-hoa-tang-3-bac-tren-bang-xep-hang-chuyen-doi-so-nam-2021-10228777.html"),
    (2023, 0.6783, None, None, None, "https://vneconomy.vn/da-nang-dan-dau-cac-tinh-thanh-ve-chuyen-doi-so.htm"),
    (2024, 0.6961, 0.7582, 0.7723, 0.7692, "https://dantri.com.vn/khoa-hoc/ha-noi-dan-dau-ca-nuoc-ve-chi-so-chuyen-doi-so-20251021181803153.htm"),
]


def code_for(name: str) -> str:
    return slugify(name.replace("Đ", "D").replace("đ", "d").replace("TP. ", ""))


def rows(name: str):
    with open(DATA / name, encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def num(text: str):
    return float(text) if text not in ("", None) else None


def load(apps, schema_editor):
    Province = apps.get_model("indicators", "Province")
    Framework = apps.get_model("indicators", "Framework")
    Indicator = apps.get_model("indicators", "Indicator")
    Observation = apps.get_model("indicators", "Observation")
    PublishedResult = apps.get_model("indicators", "PublishedResult")
    PublishedAverage = apps.get_model("indicators", "PublishedAverage")

    old = {}
    for row in rows("dti_2022.csv"):
        old[row["province"]] = Province.objects.create(
            code=code_for(row["province"]), name=row["province"], group="63",
            valid_to=MERGER_DATE - dt.timedelta(days=1), last_year=2024,
        )
    assert len(old) == 63
    merged = [p for preds in MERGER.values() for p in preds]
    assert sorted(merged) == sorted(old), "every old province goes into exactly one new one"
    new = {}
    for name, preds in MERGER.items():
        new[name] = Province.objects.create(
            code=f"{code_for(name)}-2025", name=name, group="34", valid_from=MERGER_DATE, first_year=2024
        )
        for pred in preds:
            old[pred].successor = new[name]
            old[pred].save(update_fields=["successor"])

    def result(province, year, **fields):
        obj, _ = PublishedResult.objects.get_or_create(province=province, year=year)
        for k, v in fields.items():
            if v is not None and v != "":
                setattr(obj, k, v)
        obj.save()
        return obj

    for name in ["dti_2020.csv", "dti_2021.csv", "dti_2022.csv", "dti_2023.csv", "dti_2024.csv"]:
        for row in rows(name):
            year = int(row["year"])
            source = SOURCES[year]
            if row["province"] == "Trà Vinh" and year == 2022:
                source = f"{source}; {TRA_VINH_2022}"
            rank = int(row["rank"]) if row["rank"] else None
            result(
                old[row["province"]], year, rank=rank, in_top10=rank is None, value=num(row["overall"]),
                government_value=num(row["dg"]), economy_value=num(row["de"]), society_value=num(row["ds"]),
                source=source, note="" if rank else "Được nêu trong top 10, không rõ thứ hạng",
            )
    for row in rows("dti_2024_post_merger_34.csv"):
        result(
            new[row["province"]], 2024, rank=int(row["rank"]), value=num(row["overall"]), source=SOURCES["2024-34"],
            note="Nhóm 34 tỉnh sau sáp nhập: giá trị là trung bình các chỉ số chính của các tỉnh hợp thành",
        )
    for row in rows("dti_pillar_ranks.csv"):
        obj = result(
            old[row["province"]], int(row["year"]), government_rank=int(row["dg_rank"]),
            economy_rank=int(row["de_rank"]), society_rank=int(row["ds_rank"]),
        )
        if row["source"] not in obj.source:
            obj.source = f"{obj.source}; {row['source']}".strip("; ")
            obj.save(update_fields=["source"])
    for row in rows("derived_ranks.csv"):
        obj = result(old[row["province"]], int(row["year"]))
        if obj.rank is None:
            obj.rank, obj.rank_derived, obj.in_top10 = int(row["rank"]), True, False
            obj.note = f"Suy ra: {row['derived_from']}"
            obj.source = f"{obj.source}; {row['source']}".strip("; ")
            obj.save()
    for year, value, dg, de, ds, source in AVERAGES:
        PublishedAverage.objects.get_or_create(
            year=year,
            defaults=dict(value=value, government_value=dg, economy_value=de, society_value=ds, source=source),
        )

    f922 = Framework.objects.get(code="922/QĐ-BTTTT")
    indicators = {i.code: i for i in Indicator.objects.filter(framework=f922)}
    for row in rows("dti_2022_main_indicators_top5.csv"):
        for column, code in TOP5_COLUMNS.items():
            Observation.objects.create(
                province=old[row["province"]], indicator=indicators[code], year=int(row["year"]),
                value=float(row[column]), source="https://dti.gov.vn/xep-hang-2022", is_sample=False,
            )


def unload(apps, schema_editor):
    for model in ["Observation", "PublishedResult", "PublishedAverage"]:
        apps.get_model("indicators", model).objects.all().delete()
    apps.get_model("indicators", "Province").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_frameworks")]
    operations = [migrations.RunPython(load, unload)]
