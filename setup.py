"""Package layout for the wheel (the project's metadata is in pyproject.toml).

The catalogue (``forms/``, with its JSON schemas), the translations (``locales/``) and the assets
(``assets/``) stay at the top of the checkout; the wheel carries them inside the kiosk package as
``kiosk/_data/forms``, ``kiosk/_data/locales`` and ``kiosk/_data/assets``, where
:mod:`kiosk.paths` finds them with importlib.resources. Every folder below them is listed as a
data-only package so that all of its files are shipped.
"""

from setuptools import find_namespace_packages, find_packages, setup

DATA_FOLDERS = ("forms", "locales", "assets")


def data_packages(folder: str) -> list[str]:
    root = f"kiosk._data.{folder}"
    return [root, *(f"{root}.{sub}" for sub in find_namespace_packages(where=folder))]


DATA_PACKAGES = [package for folder in DATA_FOLDERS for package in data_packages(folder)]

setup(
    packages=[
        *find_packages(include=["kiosk", "kiosk.*", "printing", "printing.*"]),
        "kiosk.migrations.versions",  # Alembic revisions (a folder of modules without __init__.py)
        *DATA_PACKAGES,
    ],
    package_dir={f"kiosk._data.{folder}": folder for folder in DATA_FOLDERS},
    package_data={
        "kiosk": ["*.json", "alembic.ini"],
        "kiosk.migrations": ["script.py.mako"],
        **{package: ["*"] for package in DATA_PACKAGES},
    },
)
