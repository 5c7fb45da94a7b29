"""The demo data app (layer 4): ``python manage.py load_demo`` and :mod:`demo.loader`. The data
modules (``sarcelles``, ``vilvoorde``, ``rotterdam``, ``manchester``) are plain structures."""
