from django.urls import path

from kompanjong.people import views

app_name = "people"

urlpatterns = [
    path("login/", views.login_choice, name="login"),
    path("login/demo/", views.demo_login, name="demo_login"),
    path("logout/", views.logout_view, name="logout"),
    path("me/needs/", views.my_needs, name="my_needs"),
    path("me/access-log/", views.my_access_log, name="my_access_log"),
    path("staff/people/find/", views.staff_find_person, name="staff_find_person"),
    path("staff/people/<int:person_id>/", views.staff_person, name="staff_person"),
]
