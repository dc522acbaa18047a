"""`python -m ledger.cli`, as the tests and ops/ scripts run the command."""

import sys

from ledger.cli import main

sys.exit(main())
