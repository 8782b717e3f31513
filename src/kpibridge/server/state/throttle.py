"""Sign-in throttling: too many failures for one name from one address, or from one address."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select

from kpibridge.server.state.db import Database
from kpibridge.server.state.models import LoginAttemptRow
from kpibridge.server.state.users import normalise_name

WINDOW = timedelta(minutes=15)
MAX_PER_NAME_AND_IP = 5
MAX_PER_IP = 30


class Throttle:
    """Counts failed sign-ins in a sliding window; a success clears the name's failures."""

    def __init__(
        self,
        db: Database,
        window: timedelta = WINDOW,
        per_name: int = MAX_PER_NAME_AND_IP,
        per_ip: int = MAX_PER_IP,
    ) -> None:
        self.db = db
        self.window = window
        self.per_name = per_name
        self.per_ip = per_ip

    def blocked(self, name: str, ip: str) -> bool:
        """True while this name from this address (or the address alone) failed too often."""
        since = self.db.now() - self.window
        failed = (LoginAttemptRow.at > since) & ~LoginAttemptRow.success
        with self.db.transaction() as session:
            by_name = session.scalar(
                select(func.count())
                .select_from(LoginAttemptRow)
                .where(failed, LoginAttemptRow.name == _key(name), LoginAttemptRow.ip == ip)
            )
            if (by_name or 0) >= self.per_name:
                return True
            by_ip = session.scalar(
                select(func.count())
                .select_from(LoginAttemptRow)
                .where(failed, LoginAttemptRow.ip == ip)
            )
            return (by_ip or 0) >= self.per_ip

    def record(self, name: str, ip: str, success: bool) -> None:
        now = self.db.now()
        with self.db.transaction() as session:
            session.execute(
                delete(LoginAttemptRow).where(LoginAttemptRow.at <= now - 4 * self.window)
            )
            if success:
                session.execute(
                    delete(LoginAttemptRow).where(
                        LoginAttemptRow.name == _key(name), LoginAttemptRow.ip == ip
                    )
                )
            session.add(LoginAttemptRow(name=_key(name), ip=ip, at=now, success=success))


def _key(name: str) -> str:
    return normalise_name(name)[:64]
