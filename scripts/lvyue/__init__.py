"""lvyue (履约): a contract-performance ledger for IT service contracts, kept as records in git."""

__version__ = "0.1.0"
