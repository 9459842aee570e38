"""toolkit: printable campaign toolkits from copy (jinja2) and branding.

One package per stage of the pipeline, each importing only the ones before it:
config/ (inputs) -> layout/ (pure composition) -> render/ (PDF and pixels) -> products/
(what goes where) -> publish/ (previews, sheets, packs, the page, the writer) -> run/ (the
CLI, build(), workers). The loose modules here are shared by all of them: errors, colour,
formats, catalog (the product names), and bench (the benchmark). See README, "Where things
live".
"""

__version__ = "0.1.0"
