"""Reads that pages, dashboards and reports need; objects named by URLs are fetched here with permission checks."""
