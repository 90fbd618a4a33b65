from __future__ import annotations

from typing import Any

from kompanjong.applications.models import Application

from .wizard import answer_questions, choose_for_all_documents


def test_amina_applies_and_gets_a_receipt(login_as: Any) -> None:
    client = login_as("amina")
    application = answer_questions(client)
    choose_for_all_documents(client, application, "later")
    response = client.get(f"/application/{application.pk}/check/")
    assert response.status_code == 200, response.content.decode()[:2000]
    response = client.post(f"/application/{application.pk}/check/")
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get(pk=application.pk)
    assert application.status == "submitted"
    page = client.get(response["Location"])
    assert application.reference in page.content.decode()
    pdf = client.get(f"/application/{application.pk}/receipt.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
