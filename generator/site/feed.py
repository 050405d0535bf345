"""/feed.xml: an Atom feed of newly registered models and new commendations.

Every date comes from the data, never from the clock, so the same data gives the
same feed. Entry ids are name-based UUIDs of the site's address and the entry:
absolute, unique between sites, and stable for as long as the model keeps its slug.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from generator.data.model import Catalog, Model
from generator.data.text import format_date, slugify, sort_key
from generator.site.markup import model_uri
from generator.site.opendata import page_url

FEED_PATH = "feed.xml"
FEED_TITLE = "Mô hình mới và biểu dương"
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_ENTRIES = 50
TIMEZONE = "+07:00"  # Vietnam; a date alone is not an Atom timestamp

ET.register_namespace("", ATOM)  # write <feed xmlns="..."> rather than ns0: prefixes


@dataclass(frozen=True)
class Entry:
    key: str  # what the entry is about, for its id
    date: date
    title: str
    summary: str
    model: Model


def timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00{TIMEZONE}"


def entries(catalog: Catalog) -> list[Entry]:
    found = []
    for m in catalog.published:
        found.append(
            Entry(f"mo-hinh/{m.slug}", m.registered, f"Mô hình mới: {m.title}", m.summary, m)
        )
        for c in m.commendations:
            source = ", ".join(filter(None, [c.by, c.decision]))
            # From the commendation itself, so adding another never renumbers this one.
            key = slugify(f"{c.date.isoformat()} {c.by} {c.decision or ''}")
            text = f"Ngày {format_date(c.date)}, {source}" + (f": {c.title}" if c.title else "")
            found.append(
                Entry(
                    f"mo-hinh/{m.slug}/bieu-duong/{key}",
                    c.date,
                    f"Biểu dương: {m.title}",
                    text + ".",
                    m,
                )
            )
    # Newest first; on a day, commendations ("Biểu dương: ...") before new models
    # ("Mô hình mới: ..."), each in the models' order (their titles' keys are known).
    found.sort(
        key=lambda x: (-x.date.toordinal(), "/bieu-duong/" not in x.key, sort_key(x.model.title))
    )
    return found[:MAX_ENTRIES]


def atom_feed(catalog: Catalog, directory_urls: bool = True) -> str:
    settings = catalog.settings
    site = settings.site_url

    def ident(key: str) -> str:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, (site or 'dan-van-kheo:') + key)}"

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text
        return element

    items = entries(catalog)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: "vi"})
    add(feed, "id", ident(FEED_PATH))
    add(feed, "title", f"{FEED_TITLE} – {settings.organization}")
    add(feed, "subtitle", "Các mô hình “Dân vận khéo” mới đăng ký và mới được biểu dương.")
    add(feed, "updated", timestamp(items[0].date if items else date(1970, 1, 1)))
    author = add(feed, "author")
    add(author, "name", settings.organization)
    add(feed, "link", rel="alternate", type="text/html", href=site or "./")
    if site:
        add(
            feed, "link", rel="self", type="application/atom+xml", href=page_url(catalog, FEED_PATH)
        )
    for item in items:
        entry = add(feed, "entry")
        add(entry, "id", ident(item.key))
        add(entry, "title", item.title)
        add(entry, "updated", timestamp(item.date))
        add(entry, "published", timestamp(item.date))
        url = page_url(catalog, model_uri(item.model), directory_urls)
        add(entry, "link", rel="alternate", type="text/html", href=url)
        add(entry, "summary", item.summary)
        add(entry, "category", term=item.model.field.id, label=item.model.field.name)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
