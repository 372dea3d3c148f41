"""``python -m hmis_core``: the ``hmis`` command."""

from hmis_core._cli import main

raise SystemExit(main())
