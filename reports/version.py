"""The version of the reports' computations. Bump it whenever what a report counts, how it
suppresses or how it is laid out changes: a funder pack records it, and regenerating a pack
made by another version says so."""

REPORT_CODE_VERSION = "2026.11.1"
