from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kompanjong.notifications"
    label = "notifications"
    verbose_name = "Notifications outbox"
