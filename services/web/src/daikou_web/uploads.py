"""Files a customer attaches (messages, a reception problem): at most 3, 10 MB each, JPG, PNG,
GIF, WEBP or PDF judged by content (by the messaging service, through the API). Each refused file
is explained by name, in the page's language, with the API's reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.datastructures import FormData, UploadFile

from daikou_web.errors import explain
from daikou_web.gateway import Gateway, GatewayError
from daikou_web.i18n import gettext as _

MAX_FILES = 3
MAX_BYTES = 10 * 1024 * 1024
ACCEPT = "image/jpeg,image/png,image/gif,image/webp,application/pdf,.jpg,.jpeg,.png,.gif,.webp,.pdf"


@dataclass
class Uploaded:
    """The attachment ids stored, and why each refused file was refused."""

    ids: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def files_of(form: FormData, name: str = "files") -> list[UploadFile]:
    """The chosen files (browsers send an empty part when none is chosen)."""
    return [f for f in form.getlist(name) if isinstance(f, UploadFile) and f.filename]


async def upload_all(api: Gateway, files: list[UploadFile], timeout: float) -> Uploaded:
    """Upload each file; stop at nothing, report every refusal."""
    result = Uploaded()
    if len(files) > MAX_FILES:
        result.refused.append(
            _(
                "At most %(n)s files per message; you chose %(chosen)s.",
                n=MAX_FILES,
                chosen=len(files),
            )
        )
        return result
    for upload in files:
        name = (upload.filename or "file")[:200]
        data = await upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            result.refused.append(_("%(name)s: larger than 10 MB.", name=name))
            continue
        try:
            stored = await api.upload(
                "/attachments",
                data,
                upload.content_type or "application/octet-stream",
                name,
                timeout,
            )
        except GatewayError as exc:
            result.refused.append(f"{name}: {explain(exc)}")
            continue
        result.ids.append(str(stored["attachment_id"]))
    return result
