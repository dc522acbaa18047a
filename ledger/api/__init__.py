"""HTTP: litestar controllers, guards, problem details, OpenAPI."""
