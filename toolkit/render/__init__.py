"""The drawing backend: one renderer for print PDFs, screen PDFs and (via PDF) pixels."""
