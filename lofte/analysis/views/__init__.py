"""The analysis's views, split by feature: partnership overview, campaign page, review, themes."""
