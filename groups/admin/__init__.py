from . import activity, register, volunteers  # noqa: F401 - registers the ModelAdmins
