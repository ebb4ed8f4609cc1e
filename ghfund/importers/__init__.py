"""Reading outside data (spreadsheets) into ghfund directives."""
