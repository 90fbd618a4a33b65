from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "kompanjong.booking"
    label = "booking"
    verbose_name = _("Booking a time with a helper")
    default_auto_field = "django.db.models.BigAutoField"
