"""Routes: an order's warehouse record, arrivals, inspections with photos, photo bytes."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from daikou_kit.http import Actor, actor_dependency
from daikou_warehouse.application import receiving, views
from daikou_warehouse.application.common import require_staff
from daikou_warehouse.application.ports import StagedPhoto
from daikou_warehouse.domain.model import WorkQueue
from daikou_warehouse.entrypoints.deps import HttpDeps
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


def router(deps: HttpDeps) -> APIRouter:
    """Routes about what arrived and how it was inspected."""
    api = APIRouter(tags=["receiving"])
    ActorDep = Annotated[  # noqa: N806 (a type alias)
        Actor, Depends(actor_dependency(deps.settings.internal_token.get_secret_value()))
    ]
    limits = PhotoLimits(
        "photos", deps.settings.max_photos_per_inspection, deps.settings.max_photo_bytes
    )

    @api.get("/orders", response_model=list[OrderSummary])
    async def get_orders(
        request: Request,
        actor: ActorDep,
        queue: WorkQueue = WorkQueue.OPEN,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> list[OrderSummary]:
        """Staff work list: open, awaiting_payment, ready_to_ship, dispatched or cancelled orders."""
        async with deps.transaction(request) as uow:
            found = await views.work_list(uow, actor, queue, limit)
        return [summary_out(o) for o in found]

    @api.get("/orders/{order_id}", response_model=OrderOut)
    async def get_order(order_id: UUID, request: Request, actor: ActorDep) -> OrderOut:
        """The order's expected items, arrivals, inspections, cases, packing and shipment."""
        async with deps.transaction(request) as uow:
            record = await views.order_record(uow, actor, order_id)
        return order_out(record)

    @api.post(
        "/orders/{order_id}/arrivals",
        response_model=list[ArrivalOut],
        status_code=status.HTTP_201_CREATED,
    )
    async def post_arrival(
        order_id: UUID, body: ArrivalIn, request: Request, response: Response, actor: ActorDep
    ) -> list[ArrivalOut]:
        """Staff record a package's contents."""
        lines = [receiving.ArrivalLine(line.item_id, line.quantity) for line in body.items]
        async with deps.transaction(request) as uow:
            recorded, created = await receiving.record_arrival(
                uow,
                actor,
                order_id,
                lines,
                tracking_number=body.tracking_number,
                package_id=body.package_id,
            )
        if not created:
            response.status_code = status.HTTP_200_OK
        return [arrival_out(a) for a in recorded]

    @api.post(
        "/orders/{order_id}/items/{item_id}/inspection",
        response_model=InspectionOut,
        status_code=status.HTTP_201_CREATED,
        openapi_extra=INSPECTION_FORM_DOC,
    )
    async def post_inspection(
        order_id: UUID, item_id: UUID, request: Request, response: Response, actor: ActorDep
    ) -> InspectionOut:
        """Staff inspect an item: multipart form fields plus one or more `photos` files."""
        require_staff(actor)
        form = await read_photo_form(request, deps.store, limits)
        try:
            fields = InspectionFields.model_validate(form.fields)
            data = receiving.InspectionInput(
                quantity_received=fields.quantity_received,
                type_matches=fields.type_matches,
                notes=fields.notes,
                problem_noted=fields.problem_noted,
                inspection_id=fields.inspection_id,
            )
            async with deps.transaction(request) as uow:
                inspection, created = await receiving.inspect_item(
                    uow,
                    actor,
                    order_id=order_id,
                    item_id=item_id,
                    data=data,
                    photos=form.photos,
                    store=deps.store,
                )
        except ValidationError as exc:
            await _discard(deps, form.photos)
            raise RequestValidationError(exc.errors(include_url=False)) from None
        except BaseException:
            await _discard(deps, form.photos)
            raise
        if not created:
            await _discard(deps, form.photos)
            response.status_code = status.HTTP_200_OK
        return inspection_out(inspection)

    @api.get("/photos/{photo_id}", response_class=Response)
    async def get_photo(photo_id: UUID, request: Request, actor: ActorDep) -> Response:
        """A photo's bytes with its content type."""
        async with deps.transaction(request) as uow:
            photo, content = await views.photo_content(uow, actor, photo_id, deps.store)
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

    return api


async def _discard(deps: HttpDeps, photos: list[StagedPhoto]) -> None:
    for staged in photos:
        await deps.store.discard(staged)


def photo_filename(photo_id: UUID, content_type: str) -> str:
    """A photo's download name: `photo-<id>.<extension of its type>`."""
    extension = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}.get(
        content_type, "bin"
    )
    return f"photo-{photo_id}.{extension}"
