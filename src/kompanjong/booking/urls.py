"""Booking a time with a helper, changing it, and the desk's day view."""

from django.urls import path

from . import desk_views, link_views, views

app_name = "booking"
urlpatterns = [
    path("booking/", views.mine, name="mine"),
    path("booking/place/<uuid:sal_id>/", views.choose, name="choose"),
    path("booking/<uuid:pk>/", views.detail, name="detail"),
    path("booking/<uuid:pk>/details/", views.details, name="details"),
    path("booking/<uuid:pk>/calendar.ics", views.calendar_file, name="ics"),
    path("booking/<uuid:pk>/move/", views.move, name="move"),
    path("booking/<uuid:pk>/cancel/", views.cancel, name="cancel"),
    path("booking/link/<str:token>/", link_views.link, name="link"),
    path("booking/link/<str:token>/move/", link_views.link_move, name="link_move"),
    path("booking/link/<str:token>/cancel/", link_views.link_cancel, name="link_cancel"),
    path("booking/desk/", desk_views.desk, name="desk"),
    path("booking/desk/<int:resource_id>/", desk_views.desk_day, name="desk_day"),
    path("booking/desk/<int:resource_id>/new/", desk_views.desk_new, name="desk_new"),
    path("booking/desk/booking/<uuid:pk>/mark/", desk_views.desk_mark, name="desk_mark"),
]
