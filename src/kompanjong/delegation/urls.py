from django.urls import path

from . import staff_views, views

app_name = "delegation"

urlpatterns = [
    path("fullmakt/", views.overview, name="overview"),
    path("fullmakt/give/", views.give, name="give"),
    path("fullmakt/ask/", views.ask, name="ask"),
    path("fullmakt/<int:pk>/", views.detail, name="detail"),
    path("fullmakt/<int:pk>/yes/", views.say_yes, name="say_yes"),
    path("fullmakt/<int:pk>/end/", views.end, name="end"),
    path("fullmakt/help-code/", views.make_code, name="make_code"),
    path("helper/help-code/", views.redeem_code, name="redeem_code"),
    path("helping/", views.helping, name="helping"),
    path("helping/stop/", views.stop_helping, name="stop_helping"),
    path(
        "staff/people/<int:person_id>/identity/",
        staff_views.check_identity,
        name="check_identity",
    ),
    path(
        "staff/people/<int:person_id>/paper-fullmakt/",
        staff_views.paper_grant,
        name="paper_grant",
    ),
    path(
        "staff/people/<int:person_id>/help-code-letter/",
        staff_views.help_code_letter,
        name="help_code_letter",
    ),
    path(
        "staff/people/<int:person_id>/register-application/",
        staff_views.register_application,
        name="register_application",
    ),
]
