"""Only what pyproject.toml cannot say: ship the top-level resources/ folder inside the
package as waadmin.resources (icons, translations, styles), so installed copies find them."""

from setuptools import find_packages, setup

RESOURCE_DIRS = ["icons", "translations", "styles", "desktop"]

setup(
    packages=[
        *find_packages(include=["waadmin", "waadmin.*"]),
        "waadmin.resources",
        *(f"waadmin.resources.{name}" for name in RESOURCE_DIRS),
    ],
    package_dir={"waadmin.resources": "resources"},
    package_data={"waadmin.resources": [*(f"{name}/*" for name in RESOURCE_DIRS), "icons/app/*"]},
)
