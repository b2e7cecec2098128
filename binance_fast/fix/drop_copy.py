"""FIX drop copy (fix-dc): a read-only feed of the account's ExecutionReport / ListStatus as typed events.

It logs on with DropCopyFlag(9406)=Y and sends nothing but session messages and LimitQuery; the events are the
user-data stream's ``ExecutionReport`` / ``ListStatus`` models, exactly as on an order-entry session.
"""

from __future__ import annotations

from typing import Any

from .client import FixClient
from .codec import FixMessage
from .events import to_execution_report, to_list_status

__all__ = ["FixDropCopyClient"]


class FixDropCopyClient(FixClient):
    """A drop-copy session (``fix-dc``): ``async for event in client.events()``. Limit: 60 messages / 60 s."""

    kind = "dc"

    def _dispatch(self, msg: FixMessage) -> None:
        mt = msg.msg_type
        event: Any
        if mt == "8":
            event = to_execution_report(msg)
        elif mt == "N":
            event = to_list_status(msg)
        else:
            return
        self._emit(event)
