"""What the edges render for people to keep: printed card sheets, receipts, spreadsheets.
Services return plain data; these turn it into files, so no use case knows a file format."""
