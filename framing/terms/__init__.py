"""Comparing terms: rates and shares, keyness, concordance, collocates and frame dictionaries."""
