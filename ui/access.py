"""Who may change the documents from the page: the admin login when one is set, else anyone
while the server listens on loopback only; otherwise the Documents tab is read-only."""

import hmac
import ipaddress
from dataclasses import dataclass

from core.errors import InputError


@dataclass(frozen=True)
class Access:
    """The page's rule for uploads and removals, from the settings it was started with."""

    admin: tuple[str, str] | None  # (user, password) from REPORTCHAT_ADMIN
    loopback: bool  # the server listens on a loopback address only
    host: str = "127.0.0.1"

    @property
    def read_only(self) -> bool:
        """No admin set and reachable from other machines: nobody may change documents."""
        return self.admin is None and not self.loopback

    def may_change(self, signed_in: bool) -> bool:
        """Whether a session may upload or remove now (`signed_in`: it gave the admin login)."""
        if self.admin is not None:
            return signed_in
        return self.loopback

    def check(self, user: str, password: str) -> bool:
        """Whether `user`/`password` is the admin login (compared in constant time)."""
        if self.admin is None:
            return False
        good_user = hmac.compare_digest(user.encode(), self.admin[0].encode())
        good_password = hmac.compare_digest(password.encode(), self.admin[1].encode())
        return good_user and good_password


def access_of(host: str, admin: str) -> Access:
    """The rule for a server bound to `host` with REPORTCHAT_ADMIN=`admin` (may be empty)."""
    return Access(parse_login(admin, "REPORTCHAT_ADMIN"), is_loopback(host), host)


def is_loopback(host: str) -> bool:
    """`127.0.0.1`, `::1` or `localhost`: only this machine can connect. `0.0.0.0` and `""`
    listen on every address."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip()).is_loopback
    except ValueError:
        return False  # a name that may resolve anywhere


def parse_login(value: str, variable: str) -> tuple[str, str] | None:
    """`user:password` as a pair; empty means none. The value is never echoed."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise InputError(
            f"{variable} must look like user:password (a name, a colon, a password). "
            "Fix it, or unset it."
        )
    return user, password
