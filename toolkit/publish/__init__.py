"""Publishing: everything made from the rendered files, and the writer that puts files in place.

publish.py runs this stage: the previews, each region's contact sheet (contactsheet.py)
and print pack with its LEESMIJ (pack.py), and the download page (portal.py). outputs.py
is the one writer: staging, the atomic commit, the lock and manifest.json. A new output
next to the packs is a module here, called from region_files() (one region's files) or
write_page() in publish.py.

Imports config/, layout/, render/ and products/, never run/. Kept empty so the writer
(outputs.py) loads without the drawing code, for the build with nothing to do.
"""
