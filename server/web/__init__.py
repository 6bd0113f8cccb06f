"""The server's web pages (DESIGN §9): the province's console (``server.web.console``) and
the public transparency pages (``server.web.public*``), server-rendered with Jinja2.

This module holds what they share: the templates (``templates/``, each extending
``base.html``), the static files (``static/``: one small stylesheet, no JavaScript build,
nothing fetched from the internet), the language (Vietnamese first; ``?lang=en`` switches
and a ``lang`` cookie remembers) and the catalogue of the pages' words.

In a template: ``{{ _("key") }}`` is the catalogue's text in the page's language,
``{{ _("key", n=3) }}`` formats it; ``lang`` is "vi" or "en"; ``request`` the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
STATIC_PATH = "/static"
LANGUAGES = ("vi", "en")
LANG_COOKIE = "lang"

# key → (Vietnamese, English). The console's and the public pages' modules add theirs with
# ``add_messages``; a key missing from the catalogue shows as itself (a test looks for them).
CATALOGUE: dict[str, tuple[str, str]] = {
    "site.name": ("Sóng và máy tính cho em", "Waves and computers for children"),
    "site.lang_other": ("English", "Tiếng Việt"),
    "site.lang_switch": ("Xem bằng tiếng Anh", "Xem bằng tiếng Việt"),
    "site.footer": ("Chương trình “Sóng và máy tính cho em”", "The “Waves and computers for children” programme"),
    "site.skip": ("Bỏ qua, đến nội dung", "Skip to content"),
    "error.forbidden": ("Tài khoản này không được xem trang này.", "This account may not see this page."),
    "error.not_found": ("Không tìm thấy trang.", "Page not found."),
}


def add_messages(messages: Mapping[str, tuple[str, str]]) -> None:
    """Adds a module's words to the catalogue (a key already there with other words is a bug)."""
    for key, pair in messages.items():
        if CATALOGUE.get(key, pair) != pair:
            raise ValueError(f"the web catalogue already has {key!r} with other words")
        CATALOGUE[key] = pair


def text(key: str, lang: str, **params: Any) -> str:
    pair = CATALOGUE.get(key)
    words = key if pair is None else pair[1 if lang == "en" else 0]
    return words.format(**params) if params else words


def language(request: Request) -> str:
    """The page's language: ``?lang=`` if given, else the ``lang`` cookie, else Vietnamese."""
    for value in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if value in LANGUAGES:
            return value
    return "vi"


def number(value: int | float | None, lang: str = "vi") -> str:
    """A count as Vietnamese write it (1.234.567) or English (1,234,567)."""
    if value is None:
        return "—"
    s = f"{int(value):,}"
    return s.replace(",", ".") if lang == "vi" else s


def paged(items: list[Any], page: int, size: int) -> tuple[list[Any], int, int]:
    """One page of a long list (a page ≤ 100 kB, DESIGN §7): (its items, the page, the
    number of pages); a page past the end shows the last."""
    pages = max(1, -(-len(items) // size))
    page = min(max(1, page), pages)
    return items[(page - 1) * size:page * size], page, pages


ENV = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(("html", "xml")),
                  undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
ENV.globals["static"] = lambda name: f"{STATIC_PATH}/{name}"

# No script runs in these pages; styles only from this server (and the bars' widths inline).
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def render(request: Request, template: str, context: Mapping[str, Any] | None = None, *, status: int = 200,
           headers: Mapping[str, str] | None = None) -> HTMLResponse:
    """The page ``template`` in the request's language; a ``?lang=`` choice is remembered."""
    lang = language(request)
    page = ENV.get_template(template).render(
        request=request, lang=lang, _=lambda key, **kw: text(key, lang, **kw),
        num=lambda v: number(v, lang), **(context or {}))
    response = HTMLResponse(page, status_code=status, headers={**SECURITY_HEADERS, **(headers or {})})
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES and chosen != request.cookies.get(LANG_COOKIE):
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="lax", httponly=True,
                            secure=request.url.scheme == "https")
    return response


def mount(app: FastAPI) -> None:
    """The static files at ``/static``; each part of the web mounts its own routes."""
    app.mount(STATIC_PATH, StaticFiles(directory=STATIC_DIR), name="static")
