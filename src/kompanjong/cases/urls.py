from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("cases/<str:reference>/", views.my_case, name="my_case"),
]
