"""The typed dependencies the payments routes read: the request's unit of work and the parts."""

from typing import Annotated

from fastapi import Depends

from daikou_kit.app import part, unit_dependency
from daikou_payments.adapters.paypal import PayPalClient
from daikou_payments.adapters.unit_of_work import PaymentsUnitOfWork
from daikou_payments.application.ports import CardProvider
from daikou_payments.domain.calendar import BusinessCalendar
from daikou_payments.domain.fees import CardFeeRule

Unit = Annotated[PaymentsUnitOfWork, unit_dependency()]
"""The request's transaction, committed when the route returns."""
Provider = Annotated[CardProvider, Depends(part(PayPalClient))]
"""The card payment provider (PayPal)."""
Fees = Annotated[CardFeeRule, Depends(part(CardFeeRule))]
"""The card fee rule."""
Calendar = Annotated[BusinessCalendar, Depends(part(BusinessCalendar))]
"""The configured business calendar (before the days staff closed)."""
