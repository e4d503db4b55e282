"""Browser tests of the built edition (a package, so its conftest stays its own)."""
