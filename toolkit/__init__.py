"""toolkit: printable campaign toolkits from copy (jinja2) and branding."""

__version__ = "0.1.0"
