"""API tokens (the user's page and the DX office's admin), the schema and the docs page."""

import re

from django.urls import reverse

from api.models import ApiToken, hash_key
from tests.conftest import client_for


def test_a_head_creates_a_token_sees_the_key_once_and_it_opens_the_api(head_a, task_a):
    client = client_for(head_a)
    response = client.post(reverse("api:tokens"), {"name": "Phần mềm báo cáo của Sở"})
    key = response.context["new_key"]
    token = ApiToken.objects.get(user=head_a)
    assert token.key_hash == hash_key(key) and key in response.content.decode()
    assert key not in client.get(reverse("api:tokens")).content.decode()
    answer = client_for(None).get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 200


def test_a_token_needs_a_name_said_in_vietnamese(head_a):
    response = client_for(head_a).post(reverse("api:tokens"), {"name": " "})
    assert "Đặt tên cho khóa" in response.content.decode() and not ApiToken.objects.exists()


def test_a_user_revokes_their_own_token_but_not_anothers(head_a, head_b):
    own, _key = ApiToken.issue(user=head_a, name="A")
    other, _key = ApiToken.issue(user=head_b, name="B")
    client = client_for(head_a)
    assert client.post(reverse("api:token_revoke", args=[other.pk])).status_code == 404
    assert client.post(reverse("api:token_revoke", args=[own.pk])).status_code == 302
    assert ApiToken.objects.get(pk=own.pk).revoked_at and not ApiToken.objects.get(pk=other.pk).revoked_at


def test_the_token_page_needs_a_sign_in(client, db):
    assert client.get(reverse("api:tokens")).status_code == 302


def test_the_dx_office_issues_and_revokes_any_token_in_the_admin(dx_office, head_a):
    client = client_for(dx_office)
    response = client.post(reverse("admin:api_apitoken_add"), {"user": head_a.pk, "name": "LGSP tỉnh"}, follow=True)
    token = ApiToken.objects.get(user=head_a)
    shown = " ".join(str(m) for m in response.context["messages"])
    key = re.search(r"dxt_[\w-]+", shown)[0]
    assert token.key_hash == hash_key(key)
    client.post(
        reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_head_cannot_open_the_token_admin(head_a):
    head_a.is_staff = True
    head_a.save()
    assert client_for(head_a).get(reverse("admin:api_apitoken_changelist")).status_code == 403


def test_the_schema_is_openapi_3_with_vietnamese_summaries(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert schema["openapi"].startswith("3.")
    operation = schema["paths"]["/api/v1/tasks/{task_id}/updates/"]["post"]
    assert operation["summary"] == "Báo cáo tiến độ một nhiệm vụ (như biểu mẫu cập nhật)"
    assert set(operation["responses"]) >= {"201", "400", "401", "403", "409"}
    assert all(path.startswith("/api/v1/") for path in schema["paths"])


def test_schema_and_docs_follow_the_login_rule(client, db, settings, viewer):
    settings.DXT_LOGIN_REQUIRED = True
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client_for(viewer).get("/api/schema/").status_code == 200


def test_swagger_ui_loads_from_our_static_files(client, db):
    html = client.get("/api/docs/swagger/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html and "cdn" not in html.lower()


def test_the_docs_page_is_our_vietnamese_reference_of_every_operation(client, db):
    """/api/docs/ is rendered by our template from the schema: every operation under its resource, with its
    parameters, body and answers, how to send a token, and Swagger UI linked as a third party's English tool."""
    from lxml import html as lxml_html

    schema = client.get("/api/schema/", {"format": "json"}).json()
    response = client.get(reverse("api:docs"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "api/reference.html"
    tree = lxml_html.fromstring(response.content)
    assert tree.get("lang") == "vi"
    text = tree.text_content()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            [article] = tree.xpath(f'//article[@id="{operation["operationId"].replace("_", "-")}"]')
            heading = " ".join(article.xpath(".//h3")[0].text_content().split())
            assert heading == f"{method.upper()} {path}"
            body = article.text_content()
            assert operation["summary"] in body
            for parameter in operation.get("parameters", []):
                assert parameter["name"] in body
            for code in operation["responses"]:
                assert code in body
    # Grouped by resource, in Vietnamese.
    tasks = tree.xpath('//section[@data-testid="tag-tasks"]')[0]
    assert tasks.xpath(".//h2")[0].text_content() == "Nhiệm vụ"
    assert tasks.xpath('.//article[@id="tasks-updates-create"]')
    report = tasks.xpath('.//article[@id="tasks-updates-create"]')[0]
    [body] = [t for t in report.xpath(".//table") if t.xpath("caption") and "Nội dung gửi lên" in t.text_content()]
    rows = {tr[0].text_content(): [td.text_content() for td in tr[1:]] for tr in body.xpath(".//tbody/tr")}
    assert rows["version"][:2] == ["số nguyên", "có"] and rows["progress"][1] == "không"  # type, required
    assert "Cần khóa API." in report.text_content()
    assert "Báo cáo tiến độ một nhiệm vụ (như biểu mẫu cập nhật)" in text
    assert "Authorization: Bearer" in text
    [link] = tree.xpath('//a[@data-testid="swagger-link"]')
    assert link.get("href") == reverse("api:docs_swagger")
    assert "tiếng Anh" in link.text_content() and "bên thứ ba" in text


def test_the_reference_follows_the_login_rule(client, db, settings, viewer):
    settings.DXT_LOGIN_REQUIRED = True
    response = client.get(reverse("api:docs"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    page = client_for(viewer).get(reverse("api:docs"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Mọi lời gọi đều cần khóa API" in page


def test_the_footer_links_the_api(client, head_a):
    assert reverse("api:docs") in client.get("/").content.decode()
    assert reverse("api:tokens") in client_for(head_a).get("/").content.decode()


def test_an_unknown_api_address_is_a_json_404(client, db):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
