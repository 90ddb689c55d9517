"""A synthetic news site for the template tests: every page shares the site's header,
mega-menu, ticker, "Most read" box, a newsletter promo inside the article and the
footer; each page has its own story. All text is written here."""
from __future__ import annotations

import random

HOST = "www.harbour-gazette.example"

HEADER = ["Harbour Gazette", "Tuesday edition", "Sign in", "Subscribe"]
MENU = ["Home", "Harbour", "Fisheries", "Council Watch", "Tide Tables", "Schools", "Courts",
        "Business", "Ferries", "Weather", "Sport", "Rowing", "Arts", "Letters", "Obituaries",
        "Events", "Photos", "Podcasts", "Jobs", "Property"]
TICKER = ["Ferry times: all crossings on schedule", "Tide: high water 14:12, low water 20:31"]
MOST_READ = ["Most read", "Night market returns to the quay", "Lifeboat crew honoured at town hall",
             "New bus route links the estates to the college", "Rowing club launches junior squad"]
PROMO = ("Get the Tideline newsletter every Friday morning for a weekly round-up of council "
         "decisions, harbour news and weekend events.")
PROMO_BUTTON = "Sign up for free"
FOOTER = ["About us", "Contact the newsroom", "Advertise with us", "Privacy settings",
          "© 2026 Harbour Gazette Media Ltd. All rights reserved. Reproduction without permission is prohibited."]
TEMPLATE_LINES = HEADER + MENU + TICKER + MOST_READ + [PROMO, PROMO_BUTTON] + FOOTER

_PLACES = ["the north quay", "Saltmarsh Lane", "the old lighthouse", "Ferry Road", "the fish market",
           "Kelp Street", "the marina", "Anchor Hill", "the sea wall", "Gull Point"]
_BODIES = ["the harbour board", "the town council", "the rowing club", "the fishermen's cooperative",
           "the primary school", "the lifeboat station", "the ferry company", "the heritage trust"]
_TOPICS = ["a new footbridge", "the winter timetable", "a plan to dredge the channel", "parking fees",
           "a festival of sea shanties", "repairs to the slipway", "a bid for lottery money",
           "longer opening hours at the library", "a ban on barbecues on the beach", "a solar canopy"]


def story(i: int) -> tuple[str, list[str]]:
    """A headline and five body paragraphs, different for every i."""
    r = random.Random(i)
    place, body, topic, other = r.choice(_PLACES), r.choice(_BODIES), r.choice(_TOPICS), r.choice(_BODIES)
    n, m = r.randint(12, 95), r.randint(2, 9)
    title = f"{body.capitalize()} backs {topic} near {place} after {m}-hour meeting"
    paragraphs = [
        f"Members of {body} voted {n} to {m} on Monday evening in favour of {topic}, ending a "
        f"debate that had divided residents living near {place} for most of the year.",
        f"Supporters said the decision would bring visitors back to {place} during the quieter "
        f"months, while opponents warned that the cost, put at {n * 1000} pounds, had not been "
        f"properly explained to taxpayers.",
        f"A spokesperson for {other} said it would study the details before deciding whether "
        f"to ask for a review, and promised to hold a public meeting within {m} weeks.",
        f"\"We listened to every letter and every phone call,\" said the chair, who added that "
        f"work on {topic} could begin in the spring if the funding is confirmed in time.",
        f"The next full meeting of {body} is due to take place in {m + 1} weeks at the community "
        f"hall, where a final budget for the project will be presented.",
    ]
    return title, paragraphs


def page(i: int) -> str:
    """Page i of the site as a whole-page text dump."""
    title, paragraphs = story(i)
    lines = HEADER + MENU + TICKER + [title, f"Published 2026-03-{i % 28 + 1:02d} 09:{i % 60:02d}"]
    lines += paragraphs[:3] + [PROMO, PROMO_BUTTON] + paragraphs[3:] + MOST_READ + FOOTER
    return "\n".join(lines) + "\n"


def pages(n: int = 24) -> list[tuple[str, str, list[str]]]:
    """(url, page text, story paragraphs) for n pages."""
    return [(f"https://{HOST}/news/{i}", page(i), story(i)[1]) for i in range(n)]
