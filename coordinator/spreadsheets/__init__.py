"""Spreadsheets in and out (issue 13): every staff list exported as CSV or XLSX with its
filters, and communities, organisations, people and interactions imported from CSV or XLSX
with a preview. One django-import-export resource per model, declared in its own app
(``<app>/resources.py``) and registered here (``registry.register_resource``): this lowest
layer never imports the apps above it."""
