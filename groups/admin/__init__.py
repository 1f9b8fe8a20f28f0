from . import activity, register, talent, volunteers  # noqa: F401 - registers the ModelAdmins
