"""Routes: an order's warehouse record, arrivals, inspections with photos, photo bytes."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from daikou_kit.app import ActorDep
from daikou_kit.http import correlation_id
from daikou_warehouse.application import receiving, views
from daikou_warehouse.application.ports import PhotoStore, StagedPhoto
from daikou_warehouse.domain.model import WorkQueue
from daikou_warehouse.entrypoints.deps import DatabaseDep, StaffDep, Unit, Units
from daikou_warehouse.entrypoints.presenters import (
    arrival_out,
    inspection_out,
    order_out,
    summary_out,
)
from daikou_warehouse.entrypoints.schemas import (
    ArrivalIn,
    ArrivalOut,
    InspectionFields,
    InspectionOut,
    OrderOut,
    OrderSummary,
)
from daikou_warehouse.entrypoints.uploads import PhotoLimits, read_photo_form

INSPECTION_FORM_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["quantity_received", "type_matches", "photos"],
                    "properties": {
                        "quantity_received": {"type": "integer", "minimum": 0, "maximum": 9999},
                        "type_matches": {"type": "boolean"},
                        "notes": {"type": "string", "maxLength": 2000},
                        "problem_noted": {"type": "boolean", "default": False},
                        "inspection_id": {"type": "string", "format": "uuid"},
                        "photos": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "JPG/PNG/GIF/WEBP, judged by content; 10 MB each",
                        },
                    },
                }
            }
        },
    }
}


router = APIRouter(tags=["receiving"])


@router.get("/orders", response_model=list[OrderSummary])
async def get_orders(
    actor: ActorDep,
    unit: Unit,
    queue: WorkQueue = WorkQueue.OPEN,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[OrderSummary]:
    """Staff work list: open, awaiting_payment, ready_to_ship, dispatched or cancelled orders."""
    found = await views.work_list(unit, actor, queue, limit)
    return [summary_out(o) for o in found]


@router.get("/orders/{order_id}", response_model=OrderOut)
async def get_order(order_id: UUID, actor: ActorDep, unit: Unit) -> OrderOut:
    """The order's expected items, arrivals, inspections, cases, packing and shipment."""
    return order_out(await views.order_record(unit, actor, order_id))


@router.post(
    "/orders/{order_id}/arrivals",
    response_model=list[ArrivalOut],
    status_code=status.HTTP_201_CREATED,
)
async def post_arrival(
    order_id: UUID, body: ArrivalIn, response: Response, actor: ActorDep, unit: Unit
) -> list[ArrivalOut]:
    """Staff record a package's contents."""
    lines = [receiving.ArrivalLine(line.item_id, line.quantity) for line in body.items]
    recorded, created = await receiving.record_arrival(
        unit,
        actor,
        order_id,
        lines,
        tracking_number=body.tracking_number,
        package_id=body.package_id,
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return [arrival_out(a) for a in recorded]


@router.post(
    "/orders/{order_id}/items/{item_id}/inspection",
    response_model=InspectionOut,
    status_code=status.HTTP_201_CREATED,
    openapi_extra=INSPECTION_FORM_DOC,
)
async def post_inspection(  # noqa: PLR0917 (the path, the request and its dependencies)
    order_id: UUID,
    item_id: UUID,
    request: Request,
    response: Response,
    actor: StaffDep,
    units: Units,
    database: DatabaseDep,
) -> InspectionOut:
    """Staff inspect an item: multipart form fields plus one or more `photos` files.

    The photos stream in before the transaction opens: no connection waits on an upload.
    """
    settings, store = units.settings, units.photos
    limits = PhotoLimits("photos", settings.max_photos_per_inspection, settings.max_photo_bytes)
    form = await read_photo_form(request, store, limits)
    try:
        fields = InspectionFields.model_validate(form.fields)
        data = receiving.InspectionInput(
            quantity_received=fields.quantity_received,
            type_matches=fields.type_matches,
            notes=fields.notes,
            problem_noted=fields.problem_noted,
            inspection_id=fields.inspection_id,
        )
        async with units.open(database, correlation_id=correlation_id(request)) as unit:
            inspection, created = await receiving.inspect_item(
                unit, actor, order_id=order_id, item_id=item_id, data=data, photos=form.photos
            )
    except ValidationError as exc:
        await _discard(store, form.photos)
        raise RequestValidationError(exc.errors(include_url=False)) from None
    except BaseException:
        await _discard(store, form.photos)
        raise
    if not created:
        await _discard(store, form.photos)
        response.status_code = status.HTTP_200_OK
    return inspection_out(inspection)


@router.get("/photos/{photo_id}", response_class=Response)
async def get_photo(photo_id: UUID, actor: ActorDep, unit: Unit) -> Response:
    """A photo's bytes with its content type."""
    photo, content = await views.photo_content(unit, actor, photo_id)
    return Response(
        content,
        media_type=photo.content_type,
        headers={
            "Cache-Control": "private, max-age=86400",
            "Content-Disposition": f'inline; filename="{photo_filename(photo_id, photo.content_type)}"',
            "ETag": f'"{photo.sha256}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


async def _discard(store: PhotoStore, photos: list[StagedPhoto]) -> None:
    for staged in photos:
        await store.discard(staged)


def photo_filename(photo_id: UUID, content_type: str) -> str:
    """A photo's download name: `photo-<id>.<extension of its type>`."""
    extension = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}.get(
        content_type, "bin"
    )
    return f"photo-{photo_id}.{extension}"
