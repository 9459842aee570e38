"""The product names, as `--only` takes them: one module each in toolkit/products/.

Kept apart from the products themselves so the CLI can know them without importing the
drawing code (a build with nothing to do answers in a fraction of a second).
"""

PRODUCTS = ("poster", "social", "deskcard", "cube", "handreiking")
