"""The audit log: who did what, when, from where."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from kpibridge.server.state.db import Database
from kpibridge.server.state.models import AuditRow


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str | None
    action: str
    target: str | None
    ip: str | None
    detail: dict[str, Any] | None


class AuditLog:
    """Append-only records of sign-ins, user and token changes, data posted …"""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(
        self,
        action: str,
        actor: str | None = None,
        target: str | None = None,
        ip: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        with self.db.transaction() as session:
            session.add(
                AuditRow(
                    at=self.db.now(),
                    actor=actor,
                    action=action,
                    target=target[:200] if target else None,
                    ip=ip,
                    detail=detail,
                )
            )

    def recent(self, limit: int = 100, action: str | None = None) -> list[AuditEntry]:
        query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if action:
            query = query.where(AuditRow.action == action)
        with self.db.transaction() as session:
            return [
                AuditEntry(r.at, r.actor, r.action, r.target, r.ip, r.detail)
                for r in session.scalars(query)
            ]
