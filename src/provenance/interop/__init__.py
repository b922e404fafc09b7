"""Interoperability with other provenance formats."""
