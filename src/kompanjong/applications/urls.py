from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("application/", views.start, name="start"),
    path("application/<uuid:pk>/documents/<int:number>/", views.document, name="document"),
    path(
        "application/<uuid:pk>/documents/<int:number>/remove/<int:attachment>/",
        views.remove_attachment,
        name="remove_attachment",
    ),
    path("application/<uuid:pk>/check/", views.check, name="check"),
    path("application/<uuid:pk>/receipt/", views.receipt, name="receipt"),
    path("application/<uuid:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("application/<uuid:pk>/<slug:step>/", views.step, name="step"),
]
