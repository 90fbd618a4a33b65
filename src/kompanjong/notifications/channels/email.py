"""Email through Django's configured email backend (SMTP in production)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from kompanjong.notifications.channels.errors import DeliveryError, PermanentDeliveryError


def send_email(*, to: str, subject: str, body: str, language: str) -> None:
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "Content-Language": language,
            # Tells mail servers and autoresponders this is machine-sent (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        error = f"Email server refused the recipient (SMTP {', '.join(map(str, codes))})"
        # 5xx is a permanent answer (no such mailbox); 4xx means "try later".
        if codes and all(code >= 500 for code in codes):
            raise PermanentDeliveryError(error) from exc
        raise DeliveryError(error) from exc
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"Email server answered SMTP {exc.smtp_code}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"Email server could not be reached ({_reason(exc)})") from exc


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__
