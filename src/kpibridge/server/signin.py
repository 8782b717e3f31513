"""Sign-in helpers shared by the guard and the login routes: cookies, landing pages, `next`."""

from __future__ import annotations

import hmac
from urllib.parse import quote, urlsplit

from starlette.requests import HTTPConnection
from starlette.responses import Response

from kpibridge.server.auth import Role, User

SESSION_COOKIE = "kpibridge_session"
LOGIN_COOKIE = "kpibridge_login"  # the sign-in form's CSRF token, before any session exists
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
LOGIN_PATH = "/login"
LOGOUT_PATH = "/logout"
PUBLIC_PATHS = frozenset({LOGIN_PATH, "/healthz", "/favicon.ico"})  # browsers ask for it
PUBLIC_PREFIXES = ("/static/",)
ROLE_VIEWS = {Role.CEO: "ceo", Role.CMO: "cmo", Role.SALES: "sales"}


def N_(message: str) -> str:  # noqa: N802 - marks a UI string for the translation catalogs
    return message


NO_ROLE = N_("Your account has no role yet. Ask an admin to give you one.")
NO_ACCESS = N_("No access yet")
BAD_CSRF = N_("The form has expired or did not come from this site. Reload the page and try again.")
TRY_AGAIN = N_("Please try again")
BAD_LOGIN = N_("Unknown user name or wrong password.")
THROTTLED = N_("Too many failed sign-ins. Wait {minutes} minutes, then try again.")


def is_public(path: str) -> bool:
    """Paths anyone may open: the sign-in page, the health check and static assets."""
    return path in PUBLIC_PATHS or path == "/static" or path.startswith(PUBLIC_PREFIXES)


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def cookie_name(secure: bool, base: str = SESSION_COOKIE) -> str:
    """`__Host-` names over HTTPS: the browser then refuses them from subdomains or HTTP."""
    return f"__Host-{base}" if secure else base


def set_cookie(
    response: Response, name: str, value: str, secure: bool, max_age: int, path: str = "/"
) -> None:
    response.set_cookie(
        cookie_name(secure, name),
        value,
        max_age=max_age,
        path=path if not secure else "/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )


def clear_cookie(response: Response, name: str, secure: bool, path: str = "/") -> None:
    response.delete_cookie(
        cookie_name(secure, name),
        path=path if not secure else "/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )


def read_cookie(connection: HTTPConnection, name: str, secure: bool) -> str | None:
    return connection.cookies.get(cookie_name(secure, name))


def landing(user: User) -> str:
    """Where a user lands after signing in: their role's view, else the shared one."""
    view = ROLE_VIEWS.get(user.role) if user.role else None
    return f"/view/{view or 'shared'}"


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site (never another host), else None."""
    if not target or len(target) > 2000 or not target.startswith("/"):
        return None
    if target.startswith("//") or "\\" in target or any(ord(c) < 0x20 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    if parts.path in (LOGIN_PATH, LOGOUT_PATH):
        return None
    return target


def login_url(path: str, query: str = "") -> str:
    """The sign-in page, coming back to `path?query` afterwards."""
    target = path + (f"?{query}" if query else "")
    if safe_next(target) is None or path == "/":
        return LOGIN_PATH
    return f"{LOGIN_PATH}?next={quote(target, safe='')}"


def same_secret(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of two secrets; False when either is missing."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
