"""The product names, as `--only` takes them: one module each in toolkit/products/; and
the names of the files a build points a person to first.

Kept apart from the products and the publishing stage so the CLI can know them without
importing the drawing code (a build with nothing to do answers in a fraction of a second).
"""

PRODUCTS = ("poster", "social", "deskcard", "cube", "handreiking")
PORTAL = "index.html"
CONTACT_SHEET = "{region}/overzicht-{region}.pdf"  # (and .png beside it)
