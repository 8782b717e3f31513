"""App state (SQLAlchemy): users, sessions, API tokens, sign-in throttling, audit log."""

from kpibridge.server.state.db import STATE_FILE, STATE_URL_ENV, StateError, state_url
from kpibridge.server.state.demo_users import DemoLogin, create_demo_users
from kpibridge.server.state.passwords import generate_password
from kpibridge.server.state.store import StateStore, open_state
from kpibridge.server.state.tokens import SCOPES, TokenInfo
from kpibridge.server.state.users import UserInfo

__all__ = [
    "SCOPES",
    "STATE_FILE",
    "STATE_URL_ENV",
    "DemoLogin",
    "StateError",
    "StateStore",
    "TokenInfo",
    "UserInfo",
    "create_demo_users",
    "generate_password",
    "open_state",
    "state_url",
]
