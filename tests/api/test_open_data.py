"""The open-data zip: one CSV per entity with the API's columns, a README of them, rebuilt by a beat job."""

import csv
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from api import opendata, tasks
from tests import factories
from tests.conftest import client_for


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def read_zip(content: bytes) -> dict[str, list[list[str]]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    tables = {}
    for name in archive.namelist():
        if name.endswith(".csv"):
            text = archive.read(name).decode("utf-8-sig")
            tables[name] = list(csv.reader(io.StringIO(text)))
    return tables


def test_the_zip_holds_one_csv_per_entity_with_the_apis_columns_and_a_readme(task_a, head_a):
    factories.TaskUpdateFactory(
        task=task_a, author=head_a, note="=HYPERLINK(1)", review_note="Ghi chú nội bộ", evidence_url="https://x.vn/a"
    )
    content = opendata.build()
    tables = read_zip(content)
    assert set(tables) == {f"{e.name}.csv" for e in opendata.entities()}
    header, *rows = tables["tasks.csv"]
    assert header[:3] == ["id", "code", "title"] and "timeliness" in header and "rolled_up_progress" in header
    assert [row[header.index("code")] for row in rows] == [task_a.code]
    assert [row[header.index("field_name")] for row in rows] == ["Chính quyền điện tử"]
    updates_header, update = tables["task_updates.csv"]
    assert "review_note" not in updates_header and "evidence_url" not in updates_header
    assert "Ghi chú nội bộ" not in content.decode("utf-8", errors="ignore")
    assert update[updates_header.index("note")] == "'=HYPERLINK(1)"  # formula-safe
    assert update[updates_header.index("author_position")] == "Giám đốc Sở TT&TT"
    readme = zipfile.ZipFile(io.BytesIO(content)).read("README.md").decode()
    assert "## tasks.csv" in readme and "- `rolled_up_progress`: Tiến độ tổng hợp" in readme


def test_the_beat_job_rebuilds_the_zip_and_the_footer_links_its_download(client, task_a):
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.get(name="regenerate-open-data-nightly").task == tasks.regenerate_open_data.name
    tasks.regenerate_open_data()
    assert default_storage.exists(opendata.PATH)
    response = client.get(reverse("history:open_data"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert "tasks.csv" in read_zip(b"".join(response.streaming_content))
    assert reverse("history:open_data") in client.get("/").content.decode()


def test_the_download_builds_the_zip_the_first_time_and_follows_the_login_rule(client, db, settings, viewer):
    assert client.get(reverse("history:open_data")).status_code == 200
    settings.DXT_LOGIN_REQUIRED = True
    assert client.get(reverse("history:open_data")).status_code == 302
    assert client_for(viewer).get(reverse("history:open_data")).status_code == 200
