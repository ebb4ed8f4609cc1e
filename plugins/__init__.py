"""ghfund.plugins: Beancount plugins, one topic per module; all.py combines them."""
