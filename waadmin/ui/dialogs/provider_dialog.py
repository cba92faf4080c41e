"""Choose the provider sends go through: WaChap (one instance per region), WaChap V4 or the
Meta Cloud API. Plain values go to the settings file, secrets to the keyring (the settings
service's provider section, which `waadmin retry` and the worker read too)."""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from waadmin.config import provider_settings
from waadmin.config.service import SettingsService
from waadmin.providers.base import CheckResult
from waadmin.providers.settings import REGIONS, ProviderSettings, WaChapInstance
from waadmin.ui import engine_text, retranslate
from waadmin.ui.tasks import TaskTracker, user_message

KINDS = (("wachap", "WaChap"), ("wachap_v4", "WaChap V4"), ("meta", "Meta WhatsApp Cloud API"))


def _secret_field(name: str, current: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    # A saved secret is never shown again; an empty field keeps it.
    edit.setPlaceholderText(QCoreApplication.translate("ProviderDialog", "•••• (unchanged)") if current else "")
    return edit


def _field(name: str, text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class ProviderDialog(QDialog):
    def __init__(self, tracker: TaskTracker, current: ProviderSettings, parent: QWidget | None = None, *, service: SettingsService | None = None) -> None:
        super().__init__(parent)
        self.service = service or SettingsService()  # no I/O until a task uses it
        self.setObjectName("providerDialog")
        self.setWindowTitle(self.tr("Provider"))
        self.setMinimumWidth(520)
        self.tracker = tracker
        self.current = current
        self.saved: ProviderSettings | None = None
        self.warnings: list[str] = []

        self.kind = QComboBox()
        self.kind.setObjectName("providerKind")
        for key, label in KINDS:
            self.kind.addItem(label, key)
        keys = [key for key, _ in KINDS]
        resolved = current.resolved_kind()
        self.kind.setCurrentIndex(keys.index(resolved) if resolved in keys else 0)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._wachap_page())
        self.pages.addWidget(self._v4_page())
        self.pages.addWidget(self._meta_page())
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)
        self.pages.setCurrentIndex(self.kind.currentIndex())

        self.note = QLabel(self.tr("Tokens and keys are kept in the system keyring, never in the settings file."))
        self.note.setObjectName("providerNote")
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.test_button = self.buttons.addButton(self.tr("Test"), QDialogButtonBox.ButtonRole.ActionRole)
        self.test_button.setObjectName("providerTest")
        self.test_button.setToolTip(self.tr("Check the address and credentials with a status call; no message is sent"))
        self.test_button.clicked.connect(self.test)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(self.tr("API:"), self.kind)
        layout.addLayout(form)
        layout.addWidget(self.pages)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

    # -- pages -----------------------------------------------------------------------------------
    def _wachap_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.wachap_url = _field("wachapUrl", self.current.wachap_url)
        form.addRow(self.tr("Address:"), self.wachap_url)
        self.instance_ids: dict[str, QLineEdit] = {}
        self.tokens: dict[str, QLineEdit] = {}
        for region in REGIONS:
            item = self.current.instance(region)
            self.instance_ids[region] = _field(f"wachap_{region}_instance", item.instance_id)
            self.tokens[region] = _secret_field(f"wachap_{region}_token", item.access_token)
            name = region.capitalize()
            form.addRow(retranslate.label(lambda name=name: self.tr("{region} instance id:").format(region=name)), self.instance_ids[region])
            form.addRow(retranslate.label(lambda name=name: self.tr("{region} access token:").format(region=name)), self.tokens[region])
        return page

    def _v4_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.v4_url = _field("v4Url", self.current.v4_url)
        self.v4_key = _secret_field("v4SecretKey", self.current.v4_secret_key)
        self.v4_accounts = _field("v4Accounts", json.dumps(self.current.accounts) if self.current.accounts else "", '{"mali": "acc_1", "chine": "acc_2"}')
        form.addRow(self.tr("Address:"), self.v4_url)
        form.addRow(self.tr("Secret key:"), self.v4_key)
        form.addRow(self.tr("Accounts by region:"), self.v4_accounts)
        return page

    def _meta_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.meta_url = _field("metaUrl", self.current.meta_url)
        self.meta_token = _secret_field("metaToken", self.current.meta_token)
        self.meta_number = _field("metaPhoneNumberId", self.current.meta_numbers.get("default", ""))
        form.addRow(self.tr("Address:"), self.meta_url)
        form.addRow(self.tr("Access token:"), self.meta_token)
        form.addRow(self.tr("Phone-number id:"), self.meta_number)
        return page

    # -- saving ------------------------------------------------------------------------------------
    def settings(self) -> ProviderSettings:
        """What the form says; empty secret fields keep the current secrets."""
        current = self.current
        accounts_text = self.v4_accounts.text().strip()
        try:
            accounts = json.loads(accounts_text) if accounts_text else {}
        except ValueError:
            raise ValueError(self.tr('The accounts must be JSON such as {"mali": "acc_1"}.')) from None
        if not isinstance(accounts, dict):
            raise ValueError(self.tr('The accounts must be JSON such as {"mali": "acc_1"}.'))
        instances = tuple(
            WaChapInstance(
                region,
                self.tokens[region].text().strip() or current.instance(region).access_token,
                self.instance_ids[region].text().strip(),
                current.instance(region).webhook_url,
                current.instance(region).active,
            )
            for region in REGIONS
        )
        numbers = dict(current.meta_numbers)
        number = self.meta_number.text().strip()
        if number:
            numbers["default"] = number
        else:
            numbers.pop("default", None)
        kind = str(self.kind.currentData())
        return current.with_overrides(
            kind=kind,
            use_v4=kind == "wachap_v4" or (current.use_v4 and kind != "wachap"),
            wachap_url=self.wachap_url.text().strip() or current.wachap_url,
            wachap_instances=instances,
            v4_url=self.v4_url.text().strip() or current.v4_url,
            v4_secret_key=self.v4_key.text().strip() or current.v4_secret_key,
            v4_accounts=tuple(sorted((str(k).lower(), str(v)) for k, v in accounts.items())),
            meta_url=self.meta_url.text().strip() or current.meta_url,
            meta_token=self.meta_token.text().strip() or current.meta_token,
            meta_phone_number_ids=tuple(sorted(numbers.items())),
            config_errors=(),
        )

    # -- testing -------------------------------------------------------------------------------------
    def test(self) -> None:
        """The form's settings, checked by the provider's own harmless calls (credentials or
        instance status), in the background: nothing is sent to anyone."""
        try:
            settings = self.settings()
        except ValueError as exc:
            retranslate.set_text(self.note, lambda exc=exc: "❌ " + engine_text.translate(str(exc)))
            return
        problems = settings.problems()
        if problems:
            retranslate.set_text(self.note, lambda: "❌ " + " ".join(engine_text.translate(p) for p in problems))
            return
        self.test_button.setEnabled(False)
        self.note.setText(self.tr("Testing…"))
        self.tracker.run(_check, settings, on_result=self._tested, on_error=self._test_failed)

    def _tested(self, results: list[CheckResult]) -> None:
        self.test_button.setEnabled(True)
        if not results:
            self.note.setText(self.tr("This provider has no status call to test with; the settings look complete."))
            return
        retranslate.set_text(self.note, lambda: "\n".join(("✅ " if r.ok else "❌ ") + f"{r.target}: {engine_text.translate(r.message)}" for r in results))

    def _test_failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        retranslate.set_text(self.note, lambda: "❌ " + user_message(error))

    def _save(self) -> None:
        try:
            settings = self.settings()
        except ValueError as exc:
            retranslate.set_text(self.note, lambda exc=exc: "❌ " + engine_text.translate(str(exc)))
            return
        problems = settings.problems()
        if problems:
            retranslate.set_text(self.note, lambda: "❌ " + " ".join(engine_text.translate(p) for p in problems))
            return
        self.buttons.setEnabled(False)
        self.note.setText(self.tr("Saving…"))

        def saved(warnings: list[str]) -> None:
            self.saved = settings
            self.warnings = list(warnings)
            self.accept()

        def failed(error: BaseException) -> None:
            self.buttons.setEnabled(True)
            retranslate.set_text(self.note, lambda: "❌ " + user_message(error))

        self.tracker.run(provider_settings.save, self.service, settings, on_result=saved, on_error=failed)


def _check(settings: ProviderSettings) -> list[CheckResult]:
    from waadmin.providers.factory import build_provider

    provider = build_provider(settings)
    try:
        return list(provider.check())
    finally:
        provider.close()
