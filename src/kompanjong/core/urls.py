from django.urls import path

from kompanjong.core.views import pages

app_name = "core"

urlpatterns = [
    path("", pages.start, name="start"),
    path("home/", pages.home, name="home"),
    path("citizen/", pages.citizen_home, name="citizen_home"),
    path("helper/", pages.helper_home, name="helper_home"),
    path("staff/", pages.staff_home, name="staff_home"),
    path("administration/", pages.admin_home, name="admin_home"),
    path("design/", pages.design, name="design"),
    path("session/keepalive/", pages.session_keepalive, name="session_keepalive"),
]
