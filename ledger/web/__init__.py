"""Server-rendered pages: Chinese first, English second, light enough for a cheap phone."""
