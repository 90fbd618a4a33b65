from django.urls import path

from . import views

app_name = "dialogue"

urlpatterns = [
    path("cases/<str:reference>/messages/", views.thread, name="thread"),
    path("staff/cases/<str:reference>/messages/", views.staff_thread, name="staff_thread"),
    path(
        "staff/cases/<str:reference>/messages/<int:pk>/done/",
        views.mark_done,
        name="mark_done",
    ),
]
