"""The kpibridge command line: thin commands over the library."""
