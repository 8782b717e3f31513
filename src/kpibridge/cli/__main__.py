"""`python -m kpibridge.cli` runs the command line."""

from kpibridge.cli.main import main

main()
