from . import register, volunteers  # noqa: F401 - registers the ModelAdmins
