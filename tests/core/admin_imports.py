"""An admin import as staff do it: upload on the model's import page, watch the job's page, press 「取り込む」."""

from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from civic_portal.core.models import ImportJob

CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def format_index(client, admin_name: str, fmt: str) -> str:
    page = client.get(reverse(f"admin:{admin_name}_import"))
    assert page.status_code == 200
    return next(str(value) for value, label in page.context["form"].fields["format"].choices if str(label) == fmt)


def upload(client, admin_name: str, filename: str, content: bytes, *, fmt: str = "csv"):
    """POST the file on the import page; a good file answers with a redirect to its job's page."""
    upload = SimpleUploadedFile(filename, content, content_type=CONTENT_TYPES.get(fmt, "application/octet-stream"))
    data = {
        "import_file": upload,
        "format": format_index(client, admin_name, fmt),
        "resource": "0",
        "auto_refresh": "on",
    }
    return client.post(reverse(f"admin:{admin_name}_import"), data)


def job_of(response) -> ImportJob:
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=resolve(urlsplit(response.url).path).kwargs["job_id"])


def job_url(job: ImportJob, view: str = "import_job") -> str:
    app_label, model = job.model_label.split(".")
    return reverse(f"admin:{app_label}_{model.lower()}_{view}", args=[job.pk])


def page(client, job: ImportJob, **params):
    response = client.get(job_url(job), params)
    assert response.status_code == 200
    return response


def confirm(client, job: ImportJob):
    return client.post(job_url(job, "import_confirm"))


def previewed(client, worker, admin_name: str, filename: str, content: bytes, *, fmt: str = "csv") -> ImportJob:
    """Upload, then one worker batch (the preview task): the job as its page then shows it."""
    with worker.after():
        job = job_of(upload(client, admin_name, filename, content, fmt=fmt))
    job.refresh_from_db()
    return job


def imported(client, worker, admin_name: str, filename: str, content: bytes, *, fmt: str = "csv") -> ImportJob:
    """The whole flow: upload, preview, 「取り込む」, import; the job at the end."""
    job = previewed(client, worker, admin_name, filename, content, fmt=fmt)
    assert job.is_ready, (job.status, job.message, job.errors[:3])
    with worker.after():
        response = confirm(client, job)
    assert response.status_code == 302
    job.refresh_from_db()
    return job
