"""French and English through Qt's translation files: the system language by default,
or the user's choice."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from waadmin.ui import resources

LANGUAGES = {"en": "English", "fr": "Français"}
_installed: list[QTranslator] = []


def system_language() -> str:
    name = QLocale.system().name()
    return "fr" if name.startswith("fr") else "en"


def effective_language(choice: str) -> str:
    return choice if choice in LANGUAGES else system_language()


def install(app: QCoreApplication, choice: str) -> str:
    """Install the translators for ``choice`` ("" = system) and return the language used."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = effective_language(choice)
    QLocale.setDefault(QLocale(QLocale.Language.French if language == "fr" else QLocale.Language.English))
    if language == "en":
        # Only the plural forms ("1 attempt", "2 attempts"): the source texts are English.
        plurals = QTranslator(app)
        if plurals.load(str(resources.path("translations", "waadmin_en.qm"))):
            app.installTranslator(plurals)
            _installed.append(plurals)
        return language
    ours = QTranslator(app)
    if ours.load(str(resources.path("translations", f"waadmin_{language}.qm"))):
        app.installTranslator(ours)
        _installed.append(ours)
    qt_base = QTranslator(app)
    if qt_base.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_base)
        _installed.append(qt_base)
    return language


def switch(app: QCoreApplication, choice: str) -> str:
    """Change the language of the running app: static texts are swapped first (from the old
    language's texts), then the new translators go in, which sends every widget
    ``QEvent.LanguageChange`` so that texts built from data are rebuilt in the new language."""
    from waadmin.ui import retranslate

    old = current_language()
    new = effective_language(choice)
    if new != old:
        retranslate.relabel_all(old, new)
    language = install(app, choice)
    if new != old:
        app.processEvents()  # the LanguageChange events Qt posts to the widgets
    return language


def current_language() -> str:
    return "fr" if QLocale().language() == QLocale.Language.French else "en"
