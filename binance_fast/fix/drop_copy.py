"""FIX drop copy (fix-dc): a read-only feed of the account's ExecutionReport / ListStatus as typed events.

It logs on with DropCopyFlag(9406)=Y and sends nothing but session messages and LimitQuery; the events are the
user-data stream's ``ExecutionReport`` / ``ListStatus`` models, exactly as on an order-entry session.
"""

from __future__ import annotations

from typing import Any

from .client import FixClient
from .codec import FixMessage
from .events import LimitResponse, limit_response, to_execution_report, to_list_status

__all__ = ["FixDropCopyClient"]


class FixDropCopyClient(FixClient):
    """A drop-copy session (``fix-dc``): ``async for event in client.events()``. Limit: 60 messages / 60 s."""

    kind = "dc"

    async def limit_query(self, timeout: float | None = None) -> LimitResponse:
        """LimitQuery <XLQ>: this connection's message-limit use."""
        req = self.next_id()
        waiter = self._request("XLQ", [(6136, req)], (f"6136:{req}",), changes_state=False)
        return await self._wait(waiter, timeout)

    def _dispatch(self, msg: FixMessage) -> None:
        mt = msg.msg_type
        event: Any
        if mt == "8":
            event = to_execution_report(msg)
        elif mt == "N":
            event = to_list_status(msg)
        elif mt == "XLR":
            self._part(f"6136:{msg.get(6136)}", "answer", limit_response(msg))
            return
        else:
            return
        self._emit(event)
