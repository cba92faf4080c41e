"""waadmin: admin console for the WhatsApp send attempts of the TS Air Cargo Django app."""

__version__ = "0.1.0"
