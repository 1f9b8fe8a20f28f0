"""STORAGES from the environment: the local disk by default, S3-compatible object storage with STORAGE_BACKEND=s3.

Production settings are loaded in a subprocess (as in test_settings_prod.py); nothing here talks to S3: building
the storages and signing a URL are local computations.
"""

import json

import pytest
from django.core.files.storage import storages

from civic_portal.core.storage import PrivateStorage
from facilities.models import Booking
from grants.models import Attachment

from .test_settings_prod import PROD_ENV, _run

S3_ENV = {
    "STORAGE_BACKEND": "s3",
    "AWS_STORAGE_BUCKET_NAME": "civic-media",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9",
    "AWS_S3_REGION_NAME": "ap-northeast-1",
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "not-a-real-secret",
}
# Prints, as JSON, what each alias is and what the two private file fields use.
DESCRIBE = """
import json
import django
django.setup()
from django.core.files.storage import storages
from facilities.models import Booking
from grants.models import Attachment

def describe(alias):
    s = storages[alias]
    row = {"class": f"{type(s).__module__}.{type(s).__qualname__}"}
    for name in ("bucket_name", "location", "querystring_auth", "querystring_expire", "default_acl",
                 "file_overwrite", "custom_domain", "signature_version", "endpoint_url", "region_name"):
        if hasattr(s, name):
            row[name] = str(getattr(s, name))
    return row

out = {alias: describe(alias) for alias in ("default", "private", "staticfiles")}
out["fields_use_private"] = [
    field.storage is storages["private"]
    for field in (Attachment._meta.get_field("file"), Booking._meta.get_field("exemption_evidence"))
]
if type(storages["private"]).__name__ == "S3Storage":
    out["private_url"] = storages["private"].url("grants/attachments/0123abcd.pdf")
    out["media_url"] = storages["default"].url("groups/logos/logo.png")
print(json.dumps(out))
"""


# Whatever the machine's environment says about storage is blanked first.
CLEAN = dict.fromkeys((*S3_ENV, "AWS_PRIVATE_STORAGE_BUCKET_NAME", "AWS_S3_CUSTOM_DOMAIN"), "")


def _settings(env_overrides: dict) -> dict:
    result = _run({**PROD_ENV, **CLEAN, **env_overrides}, code=DESCRIBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_by_default_uploads_stay_on_the_local_disk(tmp_path):
    out = _settings({"PRIVATE_ROOT": str(tmp_path / "private"), "MEDIA_ROOT": str(tmp_path / "media")})
    assert out["default"]["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert out["default"]["location"] == str(tmp_path / "media")
    assert out["private"]["class"] == "civic_portal.core.storage.PrivateStorage"
    assert out["private"]["location"] == str(tmp_path / "private")
    assert out["staticfiles"]["class"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert out["fields_use_private"] == [True, True]


def test_s3_puts_media_and_private_files_under_their_own_prefixes_of_one_bucket():
    out = _settings(S3_ENV)
    media, private = out["default"], out["private"]
    assert media["class"] == private["class"] == "storages.backends.s3.S3Storage"
    assert (media["bucket_name"], media["location"]) == ("civic-media", "media")
    assert (private["bucket_name"], private["location"]) == ("civic-media", "private")
    for storage in (media, private):
        assert storage["default_acl"] == "None"  # no public-read ACL on any object
        assert storage["file_overwrite"] == "False"
        assert storage["endpoint_url"] == "http://127.0.0.1:9"
        assert storage["region_name"] == "ap-northeast-1"
        assert storage["signature_version"] == "s3v4"
    assert media["querystring_auth"] == "False"
    assert (private["querystring_auth"], private["querystring_expire"]) == ("True", "300")
    assert out["staticfiles"]["class"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert out["fields_use_private"] == [True, True]


def test_a_private_url_is_signed_for_five_minutes_and_a_media_url_is_plain():
    out = _settings({**S3_ENV, "AWS_S3_CUSTOM_DOMAIN": "media.example.jp"})
    assert out["private_url"].startswith("http://127.0.0.1:9/civic-media/private/grants/attachments/0123abcd.pdf?")
    assert "X-Amz-Signature=" in out["private_url"]
    assert "X-Amz-Expires=300" in out["private_url"]
    assert out["private"]["custom_domain"] == "None"  # the custom domain is for public media only
    assert out["media_url"] == "https://media.example.jp/media/groups/logos/logo.png"


def test_s3_can_keep_private_files_in_a_bucket_of_their_own():
    out = _settings({**S3_ENV, "AWS_PRIVATE_STORAGE_BUCKET_NAME": "civic-private"})
    assert (out["default"]["bucket_name"], out["default"]["location"]) == ("civic-media", "media")
    assert (out["private"]["bucket_name"], out["private"]["location"]) == ("civic-private", "private")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STORAGE_BACKEND": "s3"}, "STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME."),
        ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND must be local or s3, not 'ftp'."),
    ],
)
def test_an_incomplete_storage_configuration_refuses_to_start(env, message):
    result = _run({**PROD_ENV, **CLEAN, **env}, code="import django; django.setup()")
    assert result.returncode != 0
    assert message in result.stderr


def test_the_private_file_fields_use_the_private_alias_here_too():
    for field in (Attachment._meta.get_field("file"), Booking._meta.get_field("exemption_evidence")):
        assert field.storage is storages["private"]
    assert isinstance(storages["private"], PrivateStorage)
