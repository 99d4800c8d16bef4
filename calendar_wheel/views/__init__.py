"""The annual wheel's pages, one module per subject: the wheel and its steps, the calendar feed."""
