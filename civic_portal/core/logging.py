"""Logging: the settings' LOGGING dict (text or one JSON object per line) and the log line of a failed task.

Imported by the settings, so nothing here may touch models or the app registry at import time.
"""

import datetime as dt
import json
import logging

logger = logging.getLogger(__name__)

FORMATS = ("text", "json")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# The portal's own loggers (every module logs under its app's name); LOG_LEVEL sets them.
APP_LOGGERS = ("civic_portal", "groups", "facilities", "grants", "indicators")
# What every LogRecord carries; anything else on a record came in through `extra=` and goes into the JSON object.
_RECORD_ATTRIBUTES = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the record's extra fields, any traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _RECORD_ATTRIBUTES and key not in entry:
                entry[key] = _plain(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _plain(value):
    # Django's request loggers attach the request: its method and path only (a query string may hold an email).
    if hasattr(value, "method") and hasattr(value, "path"):
        return f"{value.method} {value.path}"
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return str(value)


def logging_config(*, log_format: str = "text", level: str = "INFO", mail_admins: bool = False) -> dict:
    """The LOGGING setting: everything to stderr; the portal's loggers at `level`, other libraries from WARNING.

    Django's own loggers are configured here too, so its defaults (a second admin mail per error) do not linger;
    with `mail_admins`, Django's errors (500s, failed tasks) also mail ADMINS, as Django does by default.
    """
    if log_format not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}.")
    if level not in LEVELS:
        raise ValueError(f"LOG_LEVEL must be one of {', '.join(LEVELS)}, not {level!r}.")
    handlers = {"console": {"class": "logging.StreamHandler", "formatter": log_format}}
    django_handlers = ["console"]
    if mail_admins:
        handlers["mail_admins"] = {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"}
        django_handlers.append("mail_admins")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {"()": JsonFormatter},
        },
        "handlers": handlers,
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            **{name: {"level": level} for name in APP_LOGGERS},
            "django": {"handlers": django_handlers, "level": "INFO", "propagate": False},
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }


def log_task_failure(sender, task_result, **kwargs) -> None:
    """task_finished receiver: one ERROR line per failed task, with its id, task and exception class (no message,
    which may quote personal data; the traceback stays on the task's row in the admin)."""
    from django.tasks import TaskResultStatus

    if task_result.status != TaskResultStatus.FAILED:
        return
    error = task_result.errors[-1].exception_class_path if task_result.errors else ""
    task = task_result.task.module_path
    logger.error(
        "task %s (%s) failed: %s",
        task_result.id,
        task,
        error,
        extra={"event": "task_failed", "task_id": str(task_result.id), "task": task, "exception": error},
    )
