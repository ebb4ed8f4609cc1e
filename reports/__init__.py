"""ghfund.reports: statements, budget execution, audit reports and their renderers."""
