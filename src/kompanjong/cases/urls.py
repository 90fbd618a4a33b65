from django.urls import path

from . import staff_views, views

app_name = "cases"

urlpatterns = [
    path("cases/<str:reference>/", views.my_case, name="my_case"),
    path("cases/<str:reference>/tasks/<int:number>/", views.send_document, name="send_document"),
    path("staff/cases/", staff_views.queue, name="queue"),
    path("staff/cases/<str:reference>/", staff_views.case, name="staff_case"),
    path("staff/cases/<str:reference>/<slug:action>/", staff_views.act, name="act"),
]
