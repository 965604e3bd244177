"""The public pages every budget and check runs over (PRODUCT.md's URL contract, with the real content)."""

AREA_SLUGS = ["skin-rejuvenation", "pain-management", "hair-loss"]

CONTENT_PAGES = [
    "/",
    "/treatments/",
    *[f"/treatments/{slug}/" for slug in AREA_SLUGS],
    "/about/history/",
    "/about/safety/",
    "/about/team/",
    "/privacy/",
    "/about/this-information/",
    "/accessibility/",
]
ENQUIRY_PAGES = ["/enquire/", "/enquire/thanks/"]
PUBLIC_PAGES = CONTENT_PAGES + ENQUIRY_PAGES
NOT_FOUND = "/treatments/no-such-treatment/"
