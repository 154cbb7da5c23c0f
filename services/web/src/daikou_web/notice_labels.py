"""The notifications service's kinds of notice, said in the page's language."""

from __future__ import annotations

from daikou_web.i18n import gettext as _


def kind(code: str) -> str:
    """What a kind of notice is about."""
    names = {
        "estimate_ready": _("The estimate is ready"),
        "payment_reminder": _("Reminder: the payment deadline is close"),
        "reception_reminder": _("Reminder: report the reception"),
        "order_cancelled": _("The order was cancelled"),
        "transfer_confirmed": _("Bank transfer confirmed"),
        "transfer_rejected": _("Bank transfer not found"),
        "staff_reply": _("A reply from our staff"),
        "item_out_of_stock": _("An item was out of stock"),
        "inspection_completed": _("Inspection photos are ready"),
        "second_billing": _("The 2nd billing (international shipping)"),
        "second_billing_reminder": _("Reminder: the 2nd billing is unpaid"),
        "additional_billing": _("An additional billing (exchange or return shipping)"),
        "shipped": _("Shipped"),
        "completed": _("The order is completed"),
        "exchange_return_opened": _("We asked the seller for an exchange or return"),
        "exchange_return_resolved": _("An exchange or return was decided"),
        "condition_answered": _("The seller answered your purchase condition"),
    }
    return names.get(code, code)
