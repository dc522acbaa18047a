"""What the edges render for people to keep: printed card sheets, receipts, spreadsheets. Services return data; these turn it into files."""
