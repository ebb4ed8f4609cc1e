"""ghfund (工会经费): fund accounting and audit for Chinese base-level trade unions."""

__version__ = "0.1.0"
