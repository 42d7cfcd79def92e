"""The page's parts."""
