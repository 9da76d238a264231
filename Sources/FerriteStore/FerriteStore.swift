// Results databases: SQLite (GRDB) by default, PostgreSQL for sweeps across machines.
